import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isSecretKey, maskSecret, maskSecretsInText, maskSecretValues, scanForSecrets } from '../../src/kit/secrets.ts';

const KICS = new URL('../fixtures/third-party/kics/hardcoded_secrets/', import.meta.url);

/**
 * KICS findings we deliberately do not reproduce, each with the reason. Everything else KICS
 * expects must be found at KICS's line.
 */
const NOT_REPRODUCED: Record<string, string> = {
  'common-all-passwords_and_secrets/positive18.tf:5': 'a Google OAuth client id is public, not a secret',
  'common-all-passwords_and_secrets/positive47.tf:5': 'a Google OAuth client id is public, not a secret',
  'common-all-passwords_and_secrets/positive38.yaml:16':
    'SecretStringTemplate holds the non-secret part ({"username":"admin"})',
  'common-all-passwords_and_secrets/positive43.yaml:5':
    '{{resolve:secretsmanager:...}} is a dynamic reference, not a literal',
  'common-all-passwords_and_secrets/positive44.yaml:17': 'a parameter Description that mentions secrets',
  'common-all-passwords_and_secrets/positive45.tf:9':
    '"null" in a conditional expression is a placeholder, not a password',
  'terraform-aws-hardcoded_aws_access_key/positive1.tf:13':
    'an unnamed 40-character string in user_data: too noisy to call a key',
  'terraform-aws-hardcoded_aws_access_key/positive2.tf:5':
    'an unnamed 40-character string in user_data: too noisy to call a key',
};

/** KICS reports private keys one line below the BEGIN marker; we report the marker's own line. */
const PRIVATE_KEY_LINE_SHIFT: Record<string, number> = {
  'common-all-passwords_and_secrets/positive13.tf:6': 5,
  'common-all-passwords_and_secrets/positive41.tf:6': 5,
};

interface Expected {
  fileName: string;
  line: number;
}

const queries = readdirSync(KICS);

describe('scanForSecrets on the KICS hardcoded-secrets samples', () => {
  it('has the three copied KICS queries', () => {
    expect(queries.sort()).toEqual([
      'cloudformation-aws-iam_user_login_profile_password_is_in_plaintext',
      'common-all-passwords_and_secrets',
      'terraform-aws-hardcoded_aws_access_key',
    ]);
  });

  for (const query of queries) {
    const dir = new URL(`${query}/test/`, KICS);
    const expected: Expected[] = JSON.parse(readFileSync(new URL('positive_expected_result.json', dir), 'utf8'));
    const files = readdirSync(dir).filter((f) => f !== 'positive_expected_result.json');

    for (const file of files.filter((f) => f.startsWith('positive'))) {
      it(`${query}/${file}: finds every expected secret at its line`, () => {
        const found = scanForSecrets(readFileSync(new URL(file, dir), 'utf8')).map((s) => s.line);
        const wanted = expected
          .filter((e) => e.fileName === file)
          .map((e) => `${query}/${file}:${e.line}`)
          .filter((key) => !(key in NOT_REPRODUCED))
          .map((key) => PRIVATE_KEY_LINE_SHIFT[key] ?? Number(key.split(':').pop()));
        for (const line of wanted) expect(found, `line ${line}`).toContain(line);
      });
    }

    for (const file of files.filter((f) => f.startsWith('negative'))) {
      it(`${query}/${file}: reports nothing`, () => {
        expect(scanForSecrets(readFileSync(new URL(file, dir), 'utf8'))).toEqual([]);
      });
    }
  }

  it('never leaks a clear value from any positive sample', () => {
    const dir = new URL('common-all-passwords_and_secrets/test/', KICS);
    const text = readFileSync(new URL('positive14.tf', dir), 'utf8');
    const out = JSON.stringify(scanForSecrets(text));
    expect(out).not.toContain('AKIASXANV9XVIJ1YCIJ5');
    expect(out).not.toContain('ZH6HDV/EolIbS2UTxbLplGpukOdaGmlq9MtAg1Xv');
    expect(out).toContain('aws-access-key-id');
  });
});

describe('scanForSecrets detectors', () => {
  it('reports detector, attribute, line and masked value', () => {
    const text = ['resource "x" "y" {', '  master_password = "S3cr3t-Passw0rd-2024"', '}'].join('\n');
    expect(scanForSecrets(text)).toEqual([
      { detector: 'password-attribute', attribute: 'master_password', line: 2, masked: 'S3cr****' },
    ]);
  });

  it('finds a Terraform variable with a secret-ish name and a literal default', () => {
    const text = [
      'variable "db_password" {',
      '  type    = string',
      '  default = "hunter2"',
      '}',
      'variable "region" {',
      '  default = "eu-west-1"',
      '}',
    ].join('\n');
    expect(scanForSecrets(text)).toEqual([
      { detector: 'secret-variable-default', attribute: 'db_password', line: 3, masked: '****' },
    ]);
  });

  it('finds GitHub tokens, Azure account keys and JWTs in any text', () => {
    const text = [
      'token: ghp_abcdefghijklmnopqrstuvwxyz0123456789',
      'conn = "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=abcdefghijklmnopqrstuvwxyz0123456789+/==;"',
      'auth: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    ].join('\n');
    expect(scanForSecrets(text).map((s) => [s.detector, s.line])).toEqual([
      ['github-token', 1],
      ['azure-storage-key', 2],
      ['jwt', 3],
    ]);
  });

  it('ignores references, templates and empty values', () => {
    const text = [
      'password = var.db_password',
      'password = "${var.db_password}"',
      'Password: !Ref DbPassword',
      '"password": "[parameters(\'adminPassword\')]"',
      "password: '{{ vault_password }}'",
      'password = ""',
      'api_key: "{{resolve:secretsmanager:prod/key}}"',
    ].join('\n');
    expect(scanForSecrets(text)).toEqual([]);
  });

  it('reports weak literals such as "postgres" (a committed default is still committed), not "changeme"', () => {
    expect(scanForSecrets('password: postgres')).toHaveLength(1);
    // "change me" asks for a value to be chosen: a placeholder, like INSERT_..._TOKEN.
    for (const placeholder of ['changeme', 'CHANGE_ME', 'change-me', 'ChangeThis'])
      expect(scanForSecrets(`password: ${placeholder}`), placeholder).toEqual([]);
  });

  it('reads the literal branches of an HCL conditional, not its condition', () => {
    const text = [
      'resource "aws_db_instance" "db" {',
      '  password = var.use_default ? "Sup3rS3cret!" : var.db_password',
      '  password = var.x != "" ? var.x : "Fallback-Pass-1" # a comment',
      '  password = var.a == "b:c" ? var.p : var.q',
      '  password = local.primary ? var.p : "null"',
      '  password = var.a ? "${var.b}" : var.c',
      '  name     = var.a ? "foo" : "bar"',
      '}',
    ].join('\n');
    expect(scanForSecrets(text)).toEqual([
      { detector: 'password-attribute', attribute: 'password', line: 2, masked: '****' },
      { detector: 'password-attribute', attribute: 'password', line: 3, masked: '****' },
    ]);
    const masked = maskSecretsInText(text);
    expect(masked).not.toContain('Sup3rS3cret!');
    expect(masked).not.toContain('Fallback-Pass-1');
    expect(masked).toContain('var.x != ""');
  });

  it('ignores type names written as placeholders in schemas', () => {
    const text = [
      '{',
      '  "configuration.pendingModifiedValues.masterUserPassword": "string",',
      '  "configuration.masterUserPassword": "Str1ng-Pass"',
      '}',
    ].join('\n');
    expect(scanForSecrets(text).map((s) => s.line)).toEqual([3]);
  });

  it('does not stumble on a malformed conditional', () => {
    expect(scanForSecrets('password = var.a ? "unterminated : var.b\npassword = ? :\npassword = (var.a ? "x"')).toEqual(
      [],
    );
  });

  it('does not stumble on malformed input', () => {
    expect(scanForSecrets('password: "unterminated\n{{{\n= = =\n"key": ')).toEqual([]);
  });
});

describe('isSecretKey', () => {
  it.each([
    'password',
    'db_password',
    'MasterUserPassword',
    'administrator_login_password',
    'passwd',
    'pwd',
    'client_secret',
    'clientSecret',
    'token',
    'api_key',
    'apiKey',
    'ApiKey',
    'access_key',
    'secret_key',
    'AWS_SECRET_ACCESS_KEY',
    'private_key',
    'PrivateKey',
    'connection_string',
    'ConnectionString',
    'DB_PASS_BD',
  ])('%s holds a secret', (key) => {
    expect(isSecretKey(key)).toBe(true);
  });

  it.each([
    'password_length',
    'kms_key_id',
    'secret_arn',
    'password_reuse_prevention',
    'max_password_age',
    'require_numbers',
    'password_policy',
    'MinimumPasswordLength',
    'PasswordResetRequired',
    'key_name',
    'customer_master_key_spec',
    'ServiceToken',
    'name',
    'EncryptionKey',
    'secret_id',
  ])('%s does not', (key) => {
    expect(isSecretKey(key)).toBe(false);
  });
});

describe('masking', () => {
  it('keeps 4 characters of long values only', () => {
    expect(maskSecret('AKIAIOSFODNN7EXAMPLE')).toBe('AKIA****');
    expect(maskSecret('short')).toBe('****');
    expect(maskSecret('')).toBe('****');
  });

  it('masks values under secret keys and detected values anywhere, keeping references', () => {
    const input = {
      Properties: {
        MasterUserPassword: 'Sup3rS3cret!',
        Other: { Ref: 'DbPassword' },
        Template: { password: '${var.x}' },
        UserData: 'export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nexport DB_PASSWORD=hunter2hunter2\necho ok',
        Port: 5432,
        Enabled: true,
      },
      env: [{ name: 'API_TOKEN', value: 'tok-123456' }],
      key: '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----',
    };
    const out = maskSecretValues(input);
    const json = JSON.stringify(out);
    for (const clear of ['Sup3rS3cret!', 'AKIAIOSFODNN7EXAMPLE', 'hunter2hunter2', 'tok-123456', 'MIIEpAIBAAKCAQEA']) {
      expect(json).not.toContain(clear);
    }
    expect(out.Properties.Other).toEqual({ Ref: 'DbPassword' });
    expect(out.Properties.Template.password).toBe('${var.x}');
    expect(out.Properties.Port).toBe(5432);
    expect(out.Properties.Enabled).toBe(true);
    expect(out.Properties.UserData).toContain('echo ok');
    expect(input.Properties.MasterUserPassword).toBe('Sup3rS3cret!');
  });

  it('masks every value of a Kubernetes Secret', () => {
    const out = maskSecretValues({
      apiVersion: 'v1',
      kind: 'Secret',
      stringData: { username: 'admin', dbhost: 'db.internal.example' },
    });
    expect(JSON.stringify(out)).not.toContain('admin');
    expect(JSON.stringify(out)).not.toContain('db.internal.example');
  });

  it('masks credentials in URLs inside text', () => {
    expect(maskSecretsInText('url: https://bob:sekret@example.invalid/x')).not.toContain('sekret');
  });
});
