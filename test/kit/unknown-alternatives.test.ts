// Alternatives of unknown values: every combination (bounded), and the reasons a resource keeps.
import { describe, expect, it } from 'vitest';
import {
  combinations,
  eitherOf,
  MAX_COMBINATIONS,
  markUnknown,
  unknown,
  unknownReason,
} from '../../src/kit/unknown.ts';
import type { Resource } from '../../src/model/resource.ts';

describe('combinations', () => {
  it('gives every combination of the alternatives in a value, each saying when', () => {
    const value = { a: eitherOf('var.p', 'var.p', 1, 2), b: [eitherOf('var.q', 'var.q', 'x', 'y')] };
    expect(combinations(value)).toEqual([
      { when: 'var.p is true and var.q is true', value: { a: 1, b: ['x'] } },
      { when: 'var.p is true and var.q is false', value: { a: 1, b: ['y'] } },
      { when: 'var.p is false and var.q is true', value: { a: 2, b: ['x'] } },
      { when: 'var.p is false and var.q is false', value: { a: 2, b: ['y'] } },
    ]);
  });

  it('gives none without alternatives, and none beyond the bound (the unknowns stay unknown)', () => {
    expect(combinations({ a: unknown('var.p'), b: 1 })).toEqual([]);
    const many = Object.fromEntries(
      Array.from({ length: Math.log2(MAX_COMBINATIONS) + 1 }, (_, i) => [
        `k${i}`,
        eitherOf(`var.v${i}`, `var.v${i}`, 1, 2),
      ]),
    );
    expect(combinations(many)).toEqual([]);
  });
});

describe('unknown reasons', () => {
  it('says what the value depends on', () => {
    expect(unknownReason('cidr_blocks', unknown('var.public'))).toBe(
      'cidr_blocks depends on var.public, which has no value',
    );
    expect(unknownReason('CidrIp', unknown('condition IsProd'))).toBe(
      'CidrIp depends on condition IsProd, which the template cannot decide',
    );
    expect(unknownReason('kms_key_id', unknown('aws_kms_key.k.arn'))).toBe(
      'kms_key_id depends on aws_kms_key.k.arn, known only at deployment',
    );
    expect(unknownReason('x', unknown())).toBe('x could not be resolved from the source');
  });

  it('keeps each path once, sorted, with every distinct reason', () => {
    const resource = { unknown: undefined } as unknown as Resource;
    markUnknown(resource, 'rules', 'a');
    markUnknown(resource, 'encryption', 'b');
    markUnknown(resource, 'rules', 'c');
    markUnknown(resource, 'rules', 'a');
    expect(resource.unknown).toEqual(['encryption', 'rules']);
    expect(resource.unknownReasons).toEqual({ rules: 'a; c', encryption: 'b' });
  });
});
