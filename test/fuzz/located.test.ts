// Fuzzing the located JSON/YAML parsers that every format reads through: a value whose recorded
// lines are all within the input, or a failure with a message (and an in-range line), never a
// throw; and the Kubernetes collector on YAML-shaped text.
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { jsonSoup, mutatedJson, yamlSoup } from './generators.ts';
import { anyText, noProblems, worker } from './harness.ts';

afterAll(() => worker.stop());

describe('fuzz: located JSON and YAML', () => {
  it('parses arbitrary text or fails with a message', () => noProblems('located', anyText));
  it('parses YAML token soup with in-range positions', () => noProblems('located', yamlSoup));
  it('parses JSON token soup and mutated JSON with in-range positions', () =>
    noProblems('located', fc.oneof(jsonSoup, mutatedJson)));
  it('the strict JSON parser answers a value or JsonSyntaxError with an in-range line', () =>
    noProblems('locatedJson', fc.oneof(jsonSoup, mutatedJson, anyText)));
  it('the Kubernetes collector survives YAML token soup', () =>
    noProblems(
      'kubernetes',
      yamlSoup.map((s) => `apiVersion: v1\nkind: Pod\n${s}`),
    ));
});
