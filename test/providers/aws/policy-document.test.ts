import { describe, expect, it } from 'vitest';
import { unknown } from '../../../src/kit/unknown.ts';
import {
  deniesInsecureTransport,
  grantsPublicAccess,
  type PolicyDocument,
  parsePolicyDocument,
  policyStatements,
  type Statement,
} from '../../../src/providers/aws/policy-document.ts';

function statements(parsed: PolicyDocument): Statement[] {
  if (parsed.status !== 'ok') throw new Error(`expected a policy, got ${parsed.status}`);
  return parsed.statements;
}

/** The one statement of a policy made of `statement`. */
function one(statement: Record<string, unknown>): Statement {
  const [only] = statements(parsePolicyDocument({ Version: '2012-10-17', Statement: [statement] }));
  if (!only) throw new Error('no statement');
  return only;
}

const allow = (Principal: unknown, extra: Record<string, unknown> = {}) =>
  one({ Effect: 'Allow', Principal, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', ...extra });

describe('grantsPublicAccess: principal forms', () => {
  it.each([
    ['"*"', '*'],
    ['{"AWS": "*"}', { AWS: '*' }],
    ['{"AWS": [..., "*"]}', { AWS: ['arn:aws:iam::123456789012:root', '*'] }],
  ])('%s is everyone', (_label, principal) => {
    expect(grantsPublicAccess(allow(principal))).toBe(true);
  });

  it.each([
    ['an account', { AWS: 'arn:aws:iam::123456789012:root' }],
    ['an account id', { AWS: ['123456789012'] }],
    ['a canonical user', { CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' }],
    ['a service', { Service: 'cloudfront.amazonaws.com' }],
    ['a federated provider', { Federated: 'cognito-identity.amazonaws.com' }],
    ['"*" as a service (not an AWS principal)', { Service: '*' }],
    ['a principal that is not written out', unknown('aws_iam_role.app.arn')],
  ])('%s is not everyone', (_label, principal) => {
    expect(grantsPublicAccess(allow(principal))).toBe(false);
  });

  it('an Allow to everyone but the NotPrincipal is public', () => {
    const statement = one({ Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: '*' });
    expect(grantsPublicAccess(statement)).toBe(true);
  });

  it('a Deny to everyone grants nothing', () => {
    expect(grantsPublicAccess(one({ Effect: 'Deny', Principal: '*', Action: 's3:*' }))).toBe(false);
  });
});

describe('grantsPublicAccess: conditions', () => {
  it.each([
    ['aws:SourceVpc', { StringEquals: { 'aws:SourceVpc': 'vpc-1a2b3c4d' } }],
    ['aws:SourceIp', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }],
    ['aws:PrincipalOrgID', { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } }],
  ])('%s narrows a wildcard principal', (_label, Condition) => {
    expect(grantsPublicAccess(allow('*', { Condition }))).toBe(false);
  });

  it('an empty Condition narrows nothing', () => {
    expect(grantsPublicAccess(allow('*', { Condition: {} }))).toBe(true);
  });

  it('a condition that cannot be read leaves the answer unknown', () => {
    expect(grantsPublicAccess(allow('*', { Condition: unknown('var.condition') }))).toBeUndefined();
  });
});

describe('deniesInsecureTransport', () => {
  const deny = (Condition: unknown, Effect = 'Deny') => one({ Effect, Principal: '*', Action: 's3:*', Condition });

  it.each([
    ['false', false],
    ['"false"', 'false'],
    ['["false"]', ['false']],
  ])('a Deny with Bool aws:SecureTransport %s', (_label, value) => {
    expect(deniesInsecureTransport(deny({ Bool: { 'aws:SecureTransport': value } }))).toBe(true);
  });

  it('not an Allow, not "true", not another operator, not without a condition', () => {
    expect(deniesInsecureTransport(deny({ Bool: { 'aws:SecureTransport': 'false' } }, 'Allow'))).toBe(false);
    expect(deniesInsecureTransport(deny({ Bool: { 'aws:SecureTransport': 'true' } }))).toBe(false);
    expect(deniesInsecureTransport(deny({ StringEquals: { 'aws:SecureTransport': 'false' } }))).toBe(false);
    expect(deniesInsecureTransport(one({ Effect: 'Deny', Principal: '*', Action: 's3:*' }))).toBe(false);
  });
});

describe('parsePolicyDocument', () => {
  const policy = { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' } };

  it('reads an object, a JSON string and URL-encoded JSON (AWS Config) alike, a lone statement included', () => {
    const text = JSON.stringify(policy);
    for (const value of [policy, text, encodeURIComponent(text)]) {
      expect(statements(parsePolicyDocument(value))).toEqual([
        { effect: 'Allow', actions: ['s3:GetObject'], resources: ['*'], index: 0 },
      ]);
    }
  });

  it('a policy that is not JSON, or not an object, is an error', () => {
    expect(parsePolicyDocument('{"Statement": [')).toMatchObject({ status: 'error', message: /not valid JSON/ });
    expect(parsePolicyDocument('["Allow"]')).toEqual({ status: 'error', message: 'policy is not a JSON object' });
  });

  it('a statement that is not an object, or whose Effect is neither Allow nor Deny, is an error, never skipped', () => {
    const mixed = { Statement: [{ Effect: 'Deny', Action: '*' }, 'Allow everything'] };
    expect(parsePolicyDocument(mixed)).toEqual({ status: 'error', message: 'statement 2 is not an object' });
    expect(parsePolicyDocument({ Statement: [{ Effect: 'allow', Action: '*' }] })).toMatchObject({
      status: 'error',
      message: /statement 1 has Effect "allow"/,
    });
  });

  it('an unknown document, statement list, statement or effect makes the policy unknown', () => {
    expect(parsePolicyDocument(unknown('aws_iam_policy.p.policy'))).toEqual({ status: 'unknown' });
    expect(parsePolicyDocument({ Statement: unknown() })).toEqual({ status: 'unknown' });
    expect(parsePolicyDocument({ Statement: [{ Effect: 'Deny', Action: '*' }, unknown()] })).toEqual({
      status: 'unknown',
    });
    expect(parsePolicyDocument({ Statement: [{ Effect: unknown(), Action: '*' }] })).toEqual({ status: 'unknown' });
  });

  it('what the source says it cannot read (a reference to another resource) is unknown too', () => {
    const reference = { __ref__: 'PolicyResource' };
    const isUnknown = (value: unknown) => typeof value === 'object' && value !== null && '__ref__' in value;
    expect(parsePolicyDocument(reference, { isUnknown })).toEqual({ status: 'unknown' });
    expect(parsePolicyDocument({ Statement: [reference] }, { isUnknown })).toEqual({ status: 'unknown' });
  });
});

describe('policyStatements', () => {
  it('states principals as written, the condition keys and each statement’s line', () => {
    const parsed = statements(
      parsePolicyDocument({
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: ['arn:aws:iam::1:root'], Service: 'ec2.amazonaws.com' },
            Action: 'sts:AssumeRole',
          },
          {
            Effect: 'Deny',
            NotAction: 'iam:*',
            NotResource: 'arn:aws:iam::1:role/x',
            Condition: {
              Bool: { 'aws:MultiFactorAuthPresent': 'false' },
              StringEquals: { 'aws:RequestedRegion': 'eu-west-1' },
            },
          },
        ],
      }),
    );
    expect(policyStatements(parsed, (index) => 10 + index)).toEqual([
      {
        effect: 'Allow',
        actions: ['sts:AssumeRole'],
        principals: ['arn:aws:iam::1:root', 'ec2.amazonaws.com'],
        line: 10,
      },
      {
        effect: 'Deny',
        notActions: ['iam:*'],
        notResources: ['arn:aws:iam::1:role/x'],
        hasCondition: true,
        conditionKeys: ['aws:MultiFactorAuthPresent', 'aws:RequestedRegion'],
        line: 11,
      },
    ]);
  });
});
