// Secrets judged by value and context, not by key name alone (issue 14 §5): the false positives
// found on public example repositories, and the write-only attribute that was missed.
import { describe, expect, it } from 'vitest';
import { scanForSecrets } from '../../src/kit/secrets.ts';

const detectors = (text: string) => scanForSecrets(text).map((s) => `${s.line}:${s.detector}`);

describe('values that are not secrets, whatever their key', () => {
  it('a rotation schedule (terraform-aws-modules/secrets-manager style)', () => {
    const tf = [
      'module "secret" {',
      '  secret_rotation_schedule_expression = "rate(15 days)"',
      '  secret_rotation_automatically_after_days = 30',
      '  password_rotation_schedule_expression = "cron(0 4 ? * SUN *)"',
      '}',
    ].join('\n');
    expect(detectors(tf)).toEqual([]);
  });

  it('a Kubernetes namespace where a secret lives (secretNamespace: default)', () => {
    const yaml = [
      'apiVersion: storage.k8s.io/v1',
      'kind: StorageClass',
      'parameters:',
      '  secretName: heketi-secret',
      '  secretNamespace: default',
    ].join('\n');
    expect(detectors(yaml)).toEqual([]);
  });

  it('pagination tokens in inline Lambda code (ZipFile)', () => {
    const template = [
      'Resources:',
      '  Fn:',
      '    Type: AWS::Lambda::Function',
      '    Properties:',
      '      Code:',
      '        ZipFile: |',
      "          response = client.list_secrets(NextToken=response['NextToken'])",
      '          page = client.describe_instances(NextToken=next_token) if next_token else None',
      '          r = ec2.describe_route_tables(Filters=filters, MaxResults=100, NextToken=NextToken)',
      '          got = client.list_hits(MaxResults=100, NextToken=self.token)',
    ].join('\n');
    expect(detectors(template)).toEqual([]);
  });

  it('placeholders left for the user to fill', () => {
    const text = [
      'SLACK_TOKEN=INSERT_YOUR_SLACK_TOKEN',
      'slack_webhook_token = "INSERT_SLACK_WEBHOOK_TOKEN"',
      'api_key: your-api-key-here',
      'client_secret = "REPLACE_ME"',
      'password: <password>',
    ].join('\n');
    expect(detectors(text)).toEqual([]);
  });

  it('ARNs, URLs without credentials and file paths point at a secret, they are not one', () => {
    const text = [
      'secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"',
      'token_url = "https://login.example.com/oauth/token"',
      'client_secret: https://vault.example.com/v1/secret/data/app',
      'private_key = "/etc/ssl/private/server.key"',
    ].join('\n');
    expect(detectors(text)).toEqual([]);
  });
});

describe('GitHub workflow files (found on Azure/terraform-azurerm-avm-res-storage-storageaccount)', () => {
  it('an escaped variable reference, a title that names a token and `secrets: inherit` are not secrets', () => {
    const workflow = [
      'jobs:',
      '  agent:',
      '    env:',
      '      REPORT_TOKEN_USAGE_TITLE: Agent Token Usage Report',
      '      TOKEN_SUMMARY: Token usage summary',
      '    steps:',
      '      - run: |',
      '          cat > mcp.json <<EOF',
      '          { "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "\\${MCP_SERVER_TOKEN}" } }',
      '          EOF',
      '  checks:',
      '    uses: ./.github/workflows/shared-checks.yml',
      '    secrets: inherit',
    ].join('\n');
    expect(detectors(workflow)).toEqual([]);
  });

  it('a literal token in the same places is still found', () => {
    const workflow = [
      'env:',
      '  GITHUB_PERSONAL_ACCESS_TOKEN: "b8Jx2LqP9vRt4WzK7nYs"',
      'jobs:',
      '  checks:',
      '    secrets:',
      '      deploy_token: Qm9zZ3VzLXRva2VuLXZhbHVl',
    ].join('\n');
    expect(detectors(workflow)).toEqual(['2:secret-attribute', '6:secret-attribute']);
  });
});

describe('values that are secrets', () => {
  it('a write-only attribute holds the secret (password_wo), its version does not', () => {
    const tf = [
      'resource "aws_db_instance" "db" {',
      '  password_wo         = "S3cr3t-W0rd-0nly!"',
      '  password_wo_version = 1',
      '}',
    ].join('\n');
    expect(detectors(tf)).toEqual(['2:password-attribute']);
  });

  it('literal passwords still count, weak ones included, in code and config alike', () => {
    const text = [
      'DB_PASSWORD=hunter2',
      'conn = connect(password="Tr0ub4dor&3")',
      'spring.datasource.password=postgres',
      'token: 8f14e45fceea167a5a36dedd4bea2543',
      'password = "123456"',
    ].join('\n');
    expect(detectors(text)).toEqual([
      '1:password-attribute',
      '2:password-attribute',
      '3:password-attribute',
      '4:secret-attribute',
      '5:password-attribute',
    ]);
  });
});

describe('a one-line name/value pair', () => {
  it('names the secret its value holds (ECS container definitions written as JSON)', () => {
    const tf = [
      'resource "aws_ecs_task_definition" "app" {',
      '  container_definitions = <<EOF',
      '[{ "environment": [',
      '  { "name": "ENVIRONMENT", "value": "development" },',
      '  { "name": "DATABASE_PASSWORD", "value": "oh no D:"}',
      ']}]',
      'EOF',
      '}',
    ].join('\n');
    expect(detectors(tf)).toEqual(['5:password-attribute']);
  });
});
