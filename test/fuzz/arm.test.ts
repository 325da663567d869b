// Fuzzing ARM templates: the `[...]` expression evaluator over generated expressions (unknown
// functions, wrong arities, variables that refer to themselves) and the whole collector.
import { afterAll, describe, it } from 'vitest';
import { armTemplate } from './generators.ts';
import { anyText, noProblems, worker } from './harness.ts';

afterAll(() => worker.stop());

describe('fuzz: ARM', () => {
  it('evaluates generated expressions to values or UNKNOWN, never an exception or a hang', () =>
    noProblems('armExpressions', armTemplate));
  it('collects generated templates', () =>
    noProblems(
      'arm',
      armTemplate.map((t) => JSON.stringify(t)),
    ));
  it('survives arbitrary text', () => noProblems('arm', anyText));
});
