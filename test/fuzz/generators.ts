// Grammar-shaped inputs for the fuzz properties: mostly well-formed enough to reach the evaluators,
// often broken in ways a parser must survive.
import fc from 'fast-check';
import { tokenSoup } from './harness.ts';

const HCL_FUNCTIONS = [
  'jsonencode',
  'jsondecode',
  'merge',
  'concat',
  'lookup',
  'tostring',
  'tonumber',
  'tobool',
  'tolist',
  'toset',
  'tomap',
  'format',
  'lower',
  'upper',
  'join',
  'split',
  'length',
  'coalesce',
  'element',
  'contains',
  'keys',
  'values',
  'flatten',
  'distinct',
  'replace',
  'substr',
  'trimspace',
  'trimprefix',
  'trimsuffix',
  'startswith',
  'endswith',
  'min',
  'max',
  'abs',
  'floor',
  'ceil',
  'compact',
  'reverse',
  'sort',
  'one',
  'zipmap',
  'alltrue',
  'anytrue',
  'cidrsubnet',
  'file',
  'templatefile',
  'try',
  'can',
];

/** An HCL expression: literals, references (to locals that refer to each other), operators, calls, for. */
export const hclExpression: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(
      '1',
      '-2.5',
      '1e300',
      'true',
      'false',
      'null',
      '"s"',
      '""',
      '"${local.a}"',
      '"%{ if true }x%{ endif }"',
      'var.x',
      'var.list',
      'local.a',
      'local.b',
      'local.self',
      'count.index',
      'each.key',
      'each.value',
      'aws_s3_bucket.b.id',
      'aws_s3_bucket.b[0]',
      'module.m.out',
      'path.module',
      'data.x.y.z',
      '<<EOT\nheredoc ${local.a}\nEOT\n',
    ),
    fc
      .tuple(tie('expr'), fc.constantFrom('+', '-', '*', '/', '%', '==', '!=', '<', '>=', '&&', '||'), tie('expr'))
      .map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([c, a, b]) => `(${c} ? ${a} : ${b})`),
    fc.array(tie('expr'), { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
    fc
      .array(fc.tuple(fc.constantFrom('a', 'b', '"k"', '(local.a)'), tie('expr')), { maxLength: 3 })
      .map((pairs) => `{ ${pairs.map(([k, v]) => `${k} = ${v}`).join(', ')} }`),
    fc
      .tuple(fc.constantFrom(...HCL_FUNCTIONS), fc.array(tie('expr'), { maxLength: 3 }), fc.boolean())
      .map(([name, args, expand]) => `${name}(${args.join(', ')}${expand && args.length > 0 ? '...' : ''})`),
    fc.tuple(tie('expr'), tie('expr')).map(([c, b]) => `[for i, x in ${c} : ${b} if x != null]`),
    tie('expr').map((c) => `{for k, v in ${c} : k => v...}`),
    tie('expr').map((e) => `${e}[0]`),
    tie('expr').map((e) => `${e}.a`),
    tie('expr').map((e) => `${e}[*].id`),
    tie('expr').map((e) => `"pre-\${${e}}-post"`),
    tie('expr').map((e) => `!${e}`),
  ),
})).expr;

/** A Terraform file whose locals refer to each other (cycles included), used by resources and a module call. */
export const terraformFile: fc.Arbitrary<string> = fc
  .record({
    a: hclExpression,
    b: hclExpression,
    self: hclExpression,
    bucket: hclExpression,
    tags: hclExpression,
    count: hclExpression,
    forEach: hclExpression,
    rule: hclExpression,
  })
  .map(
    (e) =>
      `variable "x" {\n  default = ${e.a}\n}\nvariable "list" {\n  default = [1, "two", null]\n}\n` +
      `locals {\n  a = ${e.a}\n  b = ${e.b}\n  self = ${e.self}\n}\n` +
      `resource "aws_s3_bucket" "b" {\n  count = ${e.count}\n  bucket = ${e.bucket}\n  tags = ${e.tags}\n}\n` +
      `resource "aws_security_group" "sg" {\n  for_each = ${e.forEach}\n  ingress {\n    from_port = 22\n    to_port = 22\n    protocol = "tcp"\n    cidr_blocks = ${e.rule}\n  }\n` +
      `  dynamic "egress" {\n    for_each = ${e.forEach}\n    content {\n      cidr_blocks = [egress.value]\n    }\n  }\n}\n` +
      `module "m" {\n  source = "./m"\n  x = ${e.b}\n}\n`,
  );

export const hclSoup = tokenSoup([
  'resource ',
  'data ',
  'locals ',
  'variable ',
  'module ',
  'dynamic ',
  '"aws_s3_bucket" ',
  '"b" ',
  '{',
  '}',
  '\n',
  ' ',
  '=',
  '[',
  ']',
  '(',
  ')',
  ',',
  '.',
  ':',
  '?',
  '=>',
  '...',
  '${',
  '%{',
  '"',
  '<<EOT\n',
  '<<-EOT\n',
  '\nEOT\n',
  'var.x',
  'local.a',
  'local.a = local.a\n',
  'count.index',
  'for ',
  ' in ',
  ' if ',
  '#',
  '//',
  '/*',
  '*/',
  '1',
  'true',
  'null',
  'length(',
  'merge(',
  'lookup(',
  'jsonencode(',
  'format("%s", ',
  '*',
  '[*]',
  'bucket = ',
  'tags = ',
  '\\',
  '!',
  '-',
]);

/** A CloudFormation intrinsic (or plain value), nested. */
const cfnValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null)),
    fc.constantFrom('P', 'Bucket', 'AWS::Region', 'AWS::NoValue', 'AWS::AccountId', 'Missing').map((r) => ({ Ref: r })),
    fc
      .oneof(
        fc.string({ maxLength: 20 }),
        fc.constantFrom('${P}', '${Bucket.Arn}', '${!x}', '${', 'a${AWS::Region}b', '${Missing}'),
      )
      .map((s) => ({ 'Fn::Sub': s })),
    fc
      .tuple(
        fc.constantFrom('${X}-${P}', '${Y}'),
        fc.dictionary(fc.constantFrom('X', 'Y'), tie('value'), { maxKeys: 2 }),
      )
      .map((args) => ({ 'Fn::Sub': args })),
    fc.tuple(fc.oneof(fc.string({ maxLength: 2 }), tie('value')), tie('value')).map((args) => ({ 'Fn::Join': args })),
    fc
      .tuple(fc.oneof(fc.integer({ min: -2, max: 4 }), fc.string({ maxLength: 2 }), tie('value')), tie('value'))
      .map((args) => ({ 'Fn::Select': args })),
    fc.tuple(fc.string({ maxLength: 2 }), tie('value')).map((args) => ({ 'Fn::Split': args })),
    fc
      .array(fc.oneof(fc.constantFrom('M', 'k', 'v', 'Missing'), tie('value')), { maxLength: 4 })
      .map((args) => ({ 'Fn::FindInMap': args })),
    fc
      .tuple(fc.constantFrom('C', 'D', 'Cycle', 'Missing'), tie('value'), tie('value'))
      .map((args) => ({ 'Fn::If': args })),
    fc
      .oneof(fc.constantFrom('Bucket.Arn', 'Missing.X'), fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }))
      .map((args) => ({ 'Fn::GetAtt': args })),
    tie('value').map((v) => ({ 'Fn::Base64': v })),
    tie('value').map((v) => ({ 'Fn::ImportValue': v })),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('Ref', 'Fn::Sub', 'Fn::Join', 'Key', 'Fn::Unknown'), tie('value'), { maxKeys: 3 }),
  ),
})).value;

const cfnCondition: fc.Arbitrary<unknown> = fc.letrec<{ cond: unknown }>((tie) => ({
  cond: fc.oneof(
    { depthSize: 'small' },
    fc.tuple(cfnValue, cfnValue).map((args) => ({ 'Fn::Equals': args })),
    fc.array(tie('cond'), { maxLength: 3 }).map((args) => ({ 'Fn::And': args })),
    fc.array(tie('cond'), { maxLength: 3 }).map((args) => ({ 'Fn::Or': args })),
    fc.oneof(fc.array(tie('cond'), { maxLength: 2 }), tie('cond')).map((args) => ({ 'Fn::Not': args })),
    fc.constantFrom('C', 'D', 'Cycle', 'Missing').map((name) => ({ Condition: name })),
    cfnValue,
  ),
})).cond;

/** A CloudFormation template: parameters with defaults, conditions (one refers to itself), mappings, resources. */
export const cfnTemplate: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    parameter: cfnValue,
    c: cfnCondition,
    d: cfnCondition,
    mapping: fc.dictionary(
      fc.constantFrom('k', 'x'),
      fc.dictionary(fc.constantFrom('v', 'y'), cfnValue, { maxKeys: 2 }),
      {
        maxKeys: 2,
      },
    ),
    properties: fc.dictionary(
      fc.constantFrom('BucketName', 'Tags', 'BucketEncryption', 'PolicyDocument', 'SecurityGroupIngress', 'CidrIp'),
      cfnValue,
      { maxKeys: 4 },
    ),
    type: fc.constantFrom(
      'AWS::S3::Bucket',
      'AWS::EC2::SecurityGroup',
      'AWS::IAM::Policy',
      'AWS::S3::BucketPolicy',
      'Custom::X',
    ),
  })
  .map((t) => ({
    AWSTemplateFormatVersion: '2010-09-09',
    Parameters: { P: { Type: 'String', Default: t.parameter } },
    Conditions: { C: t.c, D: t.d, Cycle: { Condition: 'Cycle' } },
    Mappings: { M: t.mapping },
    Resources: {
      Bucket: { Type: t.type, Condition: 'C', Properties: t.properties },
      Other: { Type: 'AWS::S3::Bucket', Properties: { BucketName: { Ref: 'Bucket' } } },
    },
    Outputs: { O: { Value: t.parameter } },
  }));

const ARM_FUNCTIONS = [
  'parameters',
  'variables',
  'concat',
  'format',
  'resourceId',
  'toLower',
  'toUpper',
  'string',
  'if',
  'equals',
  'reference',
  'resourceGroup',
  'subscription',
  'uniqueString',
  'length',
  'createArray',
  'json',
  'not',
  'unknownFn',
];

/** An ARM template expression body (without the brackets). */
export const armExpression: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(
      "'s'",
      "''",
      "'it''s'",
      '1',
      '-3',
      'true',
      'false',
      'null',
      "'[x]'",
      "parameters('p')",
      "variables('v')",
      "variables('loop')",
      "parameters('missing')",
    ),
    fc
      .tuple(fc.constantFrom(...ARM_FUNCTIONS), fc.array(tie('expr'), { maxLength: 3 }))
      .map(([name, args]) => `${name}(${args.join(', ')})`),
    tie('expr').map((e) => `${e}.name`),
    fc.tuple(tie('expr'), tie('expr')).map(([e, i]) => `${e}[${i}]`),
    fc.string({ maxLength: 6 }),
  ),
})).expr;

const armString: fc.Arbitrary<string> = fc.oneof(
  armExpression.map((e) => `[${e}]`),
  armExpression.map((e) => `[[${e}]`),
  fc.string({ maxLength: 10 }),
);

/** An ARM template: parameters, variables referring to each other (a cycle included), resources with expressions. */
export const armTemplate: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    p: fc.oneof(armString, fc.integer(), fc.constant(null)),
    v: armString,
    name: armString,
    props: fc.dictionary(
      fc.constantFrom('supportsHttpsTrafficOnly', 'minimumTlsVersion', 'securityRules', 'encryption', 'x'),
      fc.oneof(armString, fc.boolean(), fc.array(armString, { maxLength: 2 })),
      { maxKeys: 3 },
    ),
    type: fc.constantFrom(
      'Microsoft.Storage/storageAccounts',
      'Microsoft.Network/networkSecurityGroups',
      'Microsoft.Storage/storageAccounts/blobServices/containers',
      'Microsoft.Resources/deployments',
    ),
  })
  .map((t) => ({
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: { p: { type: 'string', defaultValue: t.p } },
    variables: { v: t.v, loop: "[variables('loop')]" },
    resources: [{ type: t.type, apiVersion: '2023-01-01', name: t.name, properties: t.props }],
  }));

export const yamlSoup = tokenSoup([
  'key: ',
  'a:',
  '- ',
  '\n',
  '  ',
  '    ',
  '{',
  '}',
  '[',
  ']',
  ', ',
  '"',
  "'",
  '#',
  ' # c',
  '|',
  '|-',
  '>',
  '>+2',
  '&a ',
  '*a',
  '!Ref ',
  '!Sub ',
  '!GetAtt ',
  '!!str ',
  '---\n',
  '...\n',
  '? ',
  ': ',
  'value',
  '1',
  'null',
  '~',
  '\t',
  '%YAML 1.2\n',
  '<<: *a',
  'assay:ignore',
  '\\',
  '\r\n',
]);

export const jsonSoup = tokenSoup([
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '"a"',
  '"b"',
  '"\\u00e9"',
  '"\\ud800"',
  '"\\',
  '1',
  '-0',
  '1e999',
  '0.5',
  'true',
  'false',
  'null',
  ' ',
  '\n',
  '\t',
  '\uFEFF',
  '"',
  '//',
]);

/** Valid JSON text, sometimes cut short or with one character changed. */
export const mutatedJson: fc.Arbitrary<string> = fc
  .tuple(fc.json({ maxDepth: 4 }), fc.nat(), fc.constantFrom('', '}', ']', ',', '"', '\n', ':'), fc.boolean())
  .map(([text, at, insert, cut]) => {
    const i = text.length === 0 ? 0 : at % text.length;
    return cut ? text.slice(0, i) : text.slice(0, i) + insert + text.slice(i);
  });
