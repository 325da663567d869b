// firstUnknownIn: why a prop built from a nested value is unknown names the first unknown inside it.
import { describe, expect, it } from 'vitest';
import { firstUnknownIn, unknown } from '../../src/kit/unknown.ts';

describe('firstUnknownIn', () => {
  it('finds the first unknown depth-first through lists and objects, and nothing in known values', () => {
    const key = unknown('var.key_arn');
    expect(firstUnknownIn([{ resources: ['secrets'], provider: [{ key_arn: key }] }, unknown('var.other')])).toBe(key);
    expect(firstUnknownIn(unknown('var.x'))?.ref).toBe('var.x');
    expect(firstUnknownIn({ a: [1, 'two', null, { b: true }] })).toBeUndefined();
    expect(firstUnknownIn(undefined)).toBeUndefined();
  });
});
