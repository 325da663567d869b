// Detections added for issue 15: secrets in connection strings, minified JSON, one-line HCL
// objects, CloudFormation Key/Value tags and template parameters declared secret, each with the
// negatives that keep the scanner precise; and the clear values handed to the redactor.
import { describe, expect, it } from 'vitest';
import { maskSecretsInProse, maskSecretValues, scanForSecrets } from '../../src/kit/secrets.ts';

const found = (text: string) => scanForSecrets(text).map((s) => `${s.line} ${s.detector} ${s.attribute ?? ''}`.trim());

describe('secrets inside connection strings', () => {
  it('finds Password=, Pwd=, SharedAccessKey= and a JDBC password= under keys that say nothing', () => {
    const text = [
      'DB = "Server=tcp:db,1433;Database=app;User ID=app;Password=Hy6tRe3WqZ9p;Encrypt=true"',
      'odbc: "Driver={ODBC Driver 18};Server=db;Uid=app;Pwd=Kx8Lq2Vb;"',
      'bus = "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=Qw3Er5Ty7Ui9=;"',
      'url: "jdbc:postgresql://db:5432/app?user=app&password=Zx9Cv7Bn5"',
    ].join('\n');
    expect(found(text)).toEqual([
      '1 password-attribute Password',
      '2 password-attribute Pwd',
      '3 secret-attribute SharedAccessKey',
      '4 password-attribute password',
    ]);
  });

  it('ignores references, empty values and settings in connection strings', () => {
    const text = [
      'DB = "Server=db;Database=app;Password=${var.db_password};"',
      'conn: "Server=db;Integrated Security=true;Password=;"',
      'url: "jdbc:mysql://db/app?useSSL=true&requirePassword=true"',
    ].join('\n');
    expect(found(text)).toEqual([]);
  });
});

describe('secrets in minified JSON and one-line objects', () => {
  it('finds every secret pair of a single long line, and JSON written inside a string', () => {
    const text = [
      '{"service":"api","credentials":{"username":"svc","password":"vEoYqiQ5u8Yp"},"api_key":"Ab12Cd34Ef56","retries":3}',
      'value = "{\\"token\\":\\"Tk9Lp3Qw7Zx\\"}"',
      'example.com/config: \'{"db":"postgres","password":"DAoUnEvz4pE9"}\'',
    ].join('\n');
    expect(found(text)).toEqual([
      '1 password-attribute password',
      '1 secret-attribute api_key',
      '2 secret-attribute token',
      '3 password-attribute password',
    ]);
    const masked = JSON.stringify(scanForSecrets(text));
    for (const clear of ['vEoYqiQ5u8Yp', 'Ab12Cd34Ef56', 'Tk9Lp3Qw7Zx', 'DAoUnEvz4pE9'])
      expect(masked).not.toContain(clear);
  });

  it('finds a password in a one-line HCL object such as jsonencode({...})', () => {
    expect(found('  value = jsonencode({ user = "app", password = "iYjHAiVrsw" })')).toEqual([
      '1 password-attribute password',
    ]);
  });

  it('ignores placeholders, references and keys that only name a secret in one-line JSON', () => {
    const text = [
      '{"password":"","token":"${var.token}","secret_arn":"arn:aws:secretsmanager:x","password_length":"16"}',
      'value = jsonencode({ password = var.password, token = "${local.token}" })',
      '{"passwordPolicy":"strict","name":"password"}',
    ].join('\n');
    expect(found(text)).toEqual([]);
  });
});

describe('CloudFormation Key/Value tags', () => {
  it('reads a Value under a secret-ish Key, as it reads Kubernetes name/value pairs', () => {
    const text = ['Tags:', '  - Key: token', '    Value: JT8QsqH9dHYQ', '  - Key: owner', '    Value: platform'].join(
      '\n',
    );
    expect(found(text)).toEqual(['3 secret-attribute token']);
    expect(maskSecretValues({ Tags: [{ Key: 'api_token', Value: 'JT8QsqH9dHYQgG92GiuJ' }] })).toEqual({
      Tags: [{ Key: 'api_token', Value: 'JT8Q****' }],
    });
  });
});

describe('parameters a template declares secret', () => {
  it('reports the default of a CloudFormation NoEcho parameter, in YAML and JSON, whatever its name', () => {
    const yaml = [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Parameters:',
      '  Seed:',
      '    Type: String',
      '    Default: R27Zps9tUtXs',
      '    NoEcho: true',
      '  Region:',
      '    Type: String',
      '    Default: eu-west-1',
      'Resources: {}',
    ].join('\n');
    expect(scanForSecrets(yaml)).toEqual([
      { detector: 'noecho-parameter-default', attribute: 'Seed', line: 5, masked: '****' },
    ]);
    const json = JSON.stringify(
      { Parameters: { Seed: { Type: 'String', NoEcho: 'true', Default: 'R27Zps9tUtXs' } } },
      null,
      2,
    );
    expect(found(json)).toEqual(['6 noecho-parameter-default Seed']);
  });

  it('reports the default of an ARM securestring or secureObject parameter once, at its line', () => {
    const template = JSON.stringify(
      {
        parameters: {
          adminPassword: { type: 'securestring', defaultValue: 'yWoKCU3F6Q7f' },
          settings: { type: 'secureObject', defaultValue: { key: 'Kq2Wm8Zr4Tx' } },
          location: { type: 'string', defaultValue: 'westeurope' },
        },
      },
      null,
      2,
    );
    expect(found(template)).toEqual([
      '5 secure-parameter-default adminPassword',
      '9 secure-parameter-default settings',
    ]);
  });

  it('ignores secret parameters without a literal default', () => {
    const text = [
      'Parameters:',
      '  DbPassword:',
      '    Type: String',
      '    NoEcho: true',
      '  Token:',
      '    Type: String',
      '    NoEcho: false',
      '    Default: not-secret-at-all',
      '  Empty:',
      '    NoEcho: true',
      '    Default: ""',
    ].join('\n');
    expect(found(text)).toEqual([]);
    const arm = JSON.stringify({ parameters: { p: { type: 'secureString', defaultValue: "[parameters('x')]" } } });
    expect(found(arm)).toEqual([]);
  });
});

describe('clear values for the redactor', () => {
  it('hands every clear value found to reveal, unescaped when it was written with escapes', () => {
    const seen: string[] = [];
    const text = [
      'password: "Sup3r\\"Secret"',
      'token: ghp_abcdefghijklmnopqrstuvwxyz0123456789',
      'Parameters:',
      '  P:',
      '    NoEcho: true',
      '    Default: R27Zps9tUtXs',
    ].join('\n');
    const secrets = scanForSecrets(text, (clear) => seen.push(clear));
    expect(seen).toEqual([
      'Sup3r\\"Secret',
      'Sup3r"Secret',
      'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
      'R27Zps9tUtXs',
    ]);
    expect(JSON.stringify(secrets)).not.toMatch(/Secret|R27Z|abcdefgh/);
  });

  it('masks a masked value no further (the collectors and the run both mask)', () => {
    const once = maskSecretValues({ password: 'S3cr3t-Passw0rd-2024', tags: { token: 'short-token' } });
    expect(once).toEqual({ password: 'S3cr****', tags: { token: '****' } });
    expect(maskSecretValues(once)).toEqual(once);
  });
});

describe('masking prose (gap messages, names)', () => {
  it('masks tokens, keys and URL passwords but reads no key: value syntax into a sentence', () => {
    const sentence = 'aws_iam_access_key.ci: user aws_iam_user.ci.name is not defined in the scanned files';
    expect(maskSecretsInProse(sentence)).toBe(sentence);
    expect(
      maskSecretsInProse('remote git::https://oauth2:Ki9Cnfqe4y7fgnDRmSd8@github.com/a/b, key AKIAIOSFODNN7EXAMPLE'),
    ).toBe('remote git::https://oauth2:Ki9C****@github.com/a/b, key AKIA****');
  });
});

describe('CloudFormation outputs', () => {
  it('do not read an output Value under a secret-ish output name as a secret (it names, it does not hold)', () => {
    const text = [
      '"Outputs": {',
      '  "DbPassword": {',
      '    "Value": "PMDatabasePassword",',
      '    "Description": "x"',
      '  }',
      '}',
    ].join('\n');
    expect(scanForSecrets(text)).toEqual([]);
  });
});
