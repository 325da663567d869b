// Merging the entrypoint's per-batch output into one result per rule.
import { describe, expect, it } from 'vitest';
import { ResultAccumulator } from '../../src/engine/raw-results.ts';

describe('ResultAccumulator', () => {
  it('lists in scope sorted once each, failures by uid and message, and passed as in scope without a failing uid', () => {
    const accumulator = new ResultAccumulator(['r.two', 'r.one']);
    // Batches out of uid order; a uid failing twice; a failing uid the rule did not list in scope;
    // uids whose order by code units is not the order of their lower-case forms.
    accumulator.add({
      'r.one': {
        in_scope: ['m', 'b', 'Z', 'a'],
        deny: [
          { uid: 'm', message: 'second' },
          { uid: 'm', message: 'first' },
          { uid: 'Z', message: 'upper' },
        ],
      },
      'r.two': { in_scope: ['q'], deny: [] },
    });
    accumulator.add({
      'r.one': {
        in_scope: ['c', 'b'],
        deny: [
          { uid: 'x', message: 'not in scope' },
          { uid: 'a', message: 'a' },
        ],
      },
    });
    const [one, two] = accumulator.results();
    expect(one!.ruleId).toBe('r.one');
    expect(one!.inScope).toEqual(['Z', 'a', 'b', 'c', 'm']);
    expect(one!.failed.map((f) => `${f.uid}:${f.message}`)).toEqual([
      'Z:upper',
      'a:a',
      'm:first',
      'm:second',
      'x:not in scope',
    ]);
    // The definition: every uid in scope that no failure names.
    const failing = new Set(one!.failed.map((f) => f.uid));
    expect(one!.passed).toEqual(one!.inScope.filter((uid) => !failing.has(uid)));
    expect(one!.passed).toEqual(['b', 'c']);
    expect(two).toEqual({ ruleId: 'r.two', inScope: ['q'], passed: ['q'], failed: [] });
  });
});
