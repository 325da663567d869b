// Secrets in the scripts and environments that configure compute (issue 14, breadth): EC2 user
// data (plain, base64encode, user_data_base64), launch templates and configurations, CloudFormation
// UserData, Lambda and ECS environments, Azure custom_data/os_profile and ARM osProfile. Each
// fixture mixes real-looking secrets with placeholders and references that must stay quiet.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { maskSecretsInText, maskSecretValues, scanForSecrets } from '../../src/kit/secrets.ts';

const FIXTURES = 'test/fixtures/secrets-in-scripts';
const found = (file: string) =>
  scanForSecrets(readFileSync(`${FIXTURES}/${file}`, 'utf8')).map(
    (s) => `${s.line}:${s.detector}:${s.attribute ?? ''}:${s.masked}`,
  );
const detectors = (text: string) => scanForSecrets(text).map((s) => `${s.line}:${s.detector}`);

describe('user data scripts, line by line', () => {
  it('finds the one real token of a cloud-init script and none of its placeholders', () => {
    expect(found('cloud-init.tf')).toEqual([
      '14:authorization-header::7d2c****',
      '23:aws-secret-access-key:aws_secret_access_key:q8Jv****',
      '24:password-attribute:password:****',
      '33:password-attribute:REDIS_PASSWORD, base64-encoded:x7Bq****',
    ]);
  });

  it('reads commands that take a secret: aws configure set, --password, mysql -p, sshpass, chpasswd', () => {
    const script = [
      'aws configure set aws_secret_access_key kT7pQ2xZ9vN4mB8wR3yL6cF1hJ5sD0gA2eU7iO9p',
      'aws configure set region eu-west-1',
      'docker login --username ci --password Qz7rT2mW9kLp4vXn registry.example.com',
      'echo "$TOKEN" | docker login --password-stdin registry.example.com',
      'vault login --token=$VAULT_TOKEN',
      'mysqldump -u root -pS3cr3tDump!x appdb > /backup/app.sql',
      'mysql -u root -p appdb',
      "sshpass -p 'Hunter2Secret!' ssh deploy@10.0.0.8",
      "echo 'ubuntu:Ub5ntuPw9q' | sudo chpasswd",
    ].join('\n');
    expect(detectors(script)).toEqual([
      '1:aws-secret-access-key',
      '3:password-attribute',
      '6:password-attribute',
      '8:password-attribute',
      '9:password-attribute',
    ]);
  });

  it('reads a script written inside one quoted string (\\n between lines, escaped quotes)', () => {
    const tf = [
      'resource "aws_launch_configuration" "lc" {',
      '  user_data = "#!/bin/bash\\nexport AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\\nexport DB_PASSWORD=\\"Pq8xWz3nLk5v\\"\\n"',
      '}',
    ].join('\n');
    const secrets = scanForSecrets(tf);
    expect(secrets.map((s) => `${s.line}:${s.detector}:${s.attribute}:${s.masked}`)).toEqual([
      '2:aws-secret-access-key:AWS_SECRET_ACCESS_KEY:wJal****',
      '2:password-attribute:DB_PASSWORD:****',
    ]);
  });

  it('reads a script assembled with Fn::Join: the value is the next piece, on its line or the next', () => {
    const yaml = [
      'Resources:',
      '  Web:',
      '    Type: AWS::EC2::Instance',
      '    Properties:',
      '      UserData:',
      '        Fn::Base64: !Join ["", ["#!/bin/bash\\n", "export DB_PASSWORD=", "Jn7wQz2kLm5x", "\\n"]]',
      '  Worker:',
      '    Type: AWS::EC2::Instance',
      '    Properties:',
      '      UserData:',
      '        Fn::Base64:',
      '          Fn::Join:',
      '            - ""',
      '            - - "#!/bin/bash\\n"',
      '              - "export API_TOKEN="',
      '              - "Jn8wQz2kLm5y"',
      '              - "export DB_PASSWORD="',
      '              - !Ref DbPassword',
    ].join('\n');
    const secrets = scanForSecrets(yaml);
    expect(secrets.map((s) => `${s.line}:${s.detector}:${s.attribute}`)).toEqual([
      '6:password-attribute:DB_PASSWORD',
      '16:secret-attribute:API_TOKEN',
    ]);
    expect(maskSecretsInText(yaml)).not.toMatch(/Jn7wQz2kLm5x|Jn8wQz2kLm5y/);
  });

  it('takes an interpolation, a shell variable or an empty value for what it is: no value', () => {
    const script = [
      'export DB_PASSWORD=${var.db_password}',
      'export DB_PASSWORD="$DB_PASSWORD_FROM_SSM"',
      'export API_TOKEN=$(aws ssm get-parameter --name /app/token --with-decryption --query Parameter.Value --output text)',
      'export SECRET_KEY=""',
      'export SLACK_TOKEN=INSERT_SLACK_TOKEN',
      'export SENTRY_DSN_TOKEN="<sentry-token>"',
      'curl -H "Authorization: Bearer $GITHUB_TOKEN" https://api.github.com/user',
    ].join('\n');
    expect(detectors(script)).toEqual([]);
  });
});

describe('base64 literals', () => {
  it('decodes user_data_base64, CloudFormation UserData and ARM customData and reports at the literal', () => {
    expect(found('stack.yaml')).toContain('22:password-attribute:DB_PASSWORD, base64-encoded:Cw7n****');
    expect(found('azuredeploy.json')).toContain('18:password-attribute:password, base64-encoded:Jd4m****');
  });

  it('leaves base64 that decodes to a harmless script or to binary alone', () => {
    const text = [
      'user_data_base64 = "IyEvYmluL2Jhc2gKZXhwb3J0IEVESVRPUj12aW0K"',
      // 32 random bytes (a key id, a hash): not text, so not read as a script.
      'checksum = "q83vEjRWeJBxP1pL0m4Zxw9Hc2ZkYXNkZmFzZGZhc2RmYXNkZg=="',
      'etag = "n2VtY4Jz8Kq1Lw5Xp7Rb3TfGh6Md9Ns0Vc2Ea4Ui8Oy1Wq3Zx="',
      // Not base64 at all (wrong length, stray characters).
      'user_data_base64 = "ZXhwb3J0IERBVEFCQVNFX1BBU1NXT1JEPSJTb21lU29ydE9mUGFzc3dvcmQ"',
      'user_data_base64 = "ZXhwb3J0IERBVEFC%VNFX1BBU1NXT1JEPSJTb21lU29ydE9mUGFzc3dvcmQi"',
    ].join('\n');
    expect(detectors(text)).toEqual([]);
  });

  it('reveals the decoded secret and the literal that carries it, and masks the literal in text', () => {
    const literal = 'ZXhwb3J0IERBVEFCQVNFX1BBU1NXT1JEPSJTb21lU29ydE9mUGFzc3dvcmQi';
    const revealed: string[] = [];
    scanForSecrets(`user_data_base64 = "${literal}"`, (clear) => revealed.push(clear));
    expect(revealed).toEqual(['SomeSortOfPassword', literal]);
    expect(maskSecretsInText(`user_data_base64 = "${literal}"`)).toBe('user_data_base64 = "ZXhw****"');
    expect(maskSecretValues({ user_data_base64: literal, custom_data: literal })).toEqual({
      user_data_base64: 'ZXhw****',
      custom_data: 'ZXhw****',
    });
  });

  it('finds a private key stored base64-encoded (a Kubernetes TLS Secret)', () => {
    const pem =
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB\n-----END RSA PRIVATE KEY-----\n';
    const yaml = [
      'kind: Secret',
      'type: kubernetes.io/tls',
      'data:',
      `  tls.key: ${Buffer.from(pem).toString('base64')}`,
    ].join('\n');
    expect(detectors(yaml)).toEqual(['4:private-key']);
  });
});

describe('environments of functions, tasks and virtual machines', () => {
  it('Lambda variables, ECS environment (jsonencode), azurerm admin_password, custom_data, os_profile', () => {
    expect(found('functions.tf')).toEqual([
      '10:password-attribute:DB_PASSWORD:Vt6r****',
      '25:password-attribute:SPRING_DATASOURCE_PASSWORD:Hq3v****',
      '35:password-attribute:admin_password:Pz4!****',
      '37:password-attribute:DB_PASSWORD:Lk8s****',
      '46:password-attribute:password, base64-encoded:Ne5t****',
    ]);
  });

  it('CloudFormation Fn::Sub user data, Lambda Environment.Variables and ECS Environment; not NextToken', () => {
    expect(found('stack.yaml')).toEqual([
      '16:secret-attribute:NEW_RELIC_LICENSE_KEY:Tz8q****',
      '22:password-attribute:DB_PASSWORD, base64-encoded:Cw7n****',
      '32:secret-attribute:PAYMENT_API_KEY:pk9Q****',
      '47:password-attribute:REDIS_PASSWORD:Bm5x****',
    ]);
  });

  it('ARM osProfile: a literal adminPassword, not a parameter reference nor an expression', () => {
    expect(found('azuredeploy.json')).toEqual([
      '18:password-attribute:password, base64-encoded:Jd4m****',
      '31:password-attribute:adminPassword:Wr6!****',
    ]);
  });
});
