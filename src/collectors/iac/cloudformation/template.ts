// Reads a CloudFormation template (YAML with short-form intrinsic tags, or JSON) into plain values
// with positions. `!Sub x` becomes {"Fn::Sub": x}, `!Ref x` {"Ref": x}, `!GetAtt A.B` {"Fn::GetAtt": ["A", "B"]}.
import type { Tags } from 'yaml';
import { type ParseOutcome, parseLocated } from '../../../kit/located.ts';

const FN_TAGS = [
  'Sub',
  'GetAtt',
  'Join',
  'Select',
  'Split',
  'If',
  'Equals',
  'And',
  'Or',
  'Not',
  'FindInMap',
  'Base64',
  'Cidr',
  'GetAZs',
  'ImportValue',
  'Transform',
];
const PLAIN_TAGS = ['Ref', 'Condition'];
// The rain CLI's directives (`Type: !Rain::Module ./bucket.yml`), which rain expands before deploying.
const RAIN_TAGS = ['Rain::Module', 'Rain::Embed', 'Rain::Include', 'Rain::Env', 'Rain::S3Http', 'Rain::S3'];

// Accept each tag on scalars, sequences and mappings and keep the node as is: the walker in
// located.ts expands it with positions intact.
const customTags: Tags = [...FN_TAGS, ...PLAIN_TAGS, ...RAIN_TAGS].flatMap((name) => [
  { tag: `!${name}`, resolve: (value: string) => value },
  { tag: `!${name}`, collection: 'seq' as const, resolve: (value: unknown) => value },
  { tag: `!${name}`, collection: 'map' as const, resolve: (value: unknown) => value },
]) as Tags;

function expandTag(tag: string, value: unknown): Record<string, unknown> | undefined {
  const name = tag.startsWith('!') ? tag.slice(1) : undefined;
  if (name === undefined) return undefined;
  if (PLAIN_TAGS.includes(name) || RAIN_TAGS.includes(name)) return { [name]: value };
  if (!FN_TAGS.includes(name)) return undefined;
  if (name === 'GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    return { 'Fn::GetAtt': dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [`Fn::${name}`]: value };
}

export function parseTemplate(content: string): ParseOutcome {
  return parseLocated(content, { customTags, expandTag });
}
