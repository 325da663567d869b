// The results and snapshot passes of a large run: what holds no secret is returned as it is (a
// deep copy of 300,000 resources' results doubled the memory a run needed); only the path to a
// redacted string is copied, and keys such as "__proto__" stay own properties.
import { describe, expect, it } from 'vitest';
import { Redactor } from '../../src/kit/redaction.ts';

const SECRET = 'Tk9Lp3Qw7ZxR2m';

describe('redactDeep', () => {
  it('returns a value without secrets unchanged, not a copy', () => {
    const redactor = new Redactor();
    redactor.add(SECRET);
    const value = { a: [{ b: 'plain', c: 1, d: null }], e: { f: true } };
    expect(redactor.redactDeep(value)).toBe(value);
  });

  it('copies only the path to a redacted string and shares the rest', () => {
    const redactor = new Redactor();
    redactor.add(SECRET);
    const shared = { big: ['x', 'y'] };
    const value = { keep: shared, list: ['a', `token ${SECRET}`, shared], [`k-${SECRET}`]: 1 };
    const out = redactor.redactDeep(value);
    expect(out).not.toBe(value);
    expect(out.keep).toBe(shared);
    expect(out.list).toEqual(['a', 'token ***', shared]);
    expect(out.list[2]).toBe(shared);
    expect(Object.keys(out)).toEqual(['keep', 'list', 'k-***']);
    expect(value.list[1]).toBe(`token ${SECRET}`);
  });

  it('keeps "__proto__" an own key of a copied object, never its prototype', () => {
    const redactor = new Redactor();
    redactor.add(SECRET);
    const value = JSON.parse(`{"__proto__": {"polluted": true}, "x": "${SECRET}"}`) as Record<string, unknown>;
    const out = redactor.redactDeep(value);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect(out.x).toBe('***');
    expect((out as { polluted?: boolean }).polluted).toBeUndefined();
  });
});
