// Fuzzing suppression comments: HCL (tree-sitter) and YAML (the yaml CST) comments with the marker
// in comments, strings, heredocs and block scalars, then read as waivers: every suppression is a
// waiver or an invalid one, at a line of the input, never an exception or a hang.
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { hclSoup, yamlSoup } from './generators.ts';
import { anyText, noProblems, tokenSoup, worker } from './harness.ts';

afterAll(() => worker.stop());

const markerText = tokenSoup([
  '# assay:ignore ',
  '// assay:ignore ',
  '/* assay:ignore ',
  '*/',
  'a.b ',
  'storage.* ',
  'reason="x" ',
  'reason="',
  '\\"',
  'expires=2099-01-01 ',
  'expires=2099-02-30 ',
  'ticket=T-1 ',
  'approver=a ',
  'x=y ',
  '"',
  '\n',
  ' ',
  '<<EOT\n',
  '\nEOT\n',
  'k: |\n  ',
  'v: "',
  '${',
  '}',
]);

describe('fuzz: suppression comments', () => {
  it('finds HCL suppressions in any text, at lines of the input', () =>
    noProblems(
      'suppressions',
      fc.record({ text: fc.oneof(anyText, hclSoup, markerText), language: fc.constant('hcl' as const) }),
    ));
  it('finds YAML suppressions in any text, at lines of the input', () =>
    noProblems(
      'suppressions',
      fc.record({ text: fc.oneof(anyText, yamlSoup, markerText), language: fc.constant('yaml' as const) }),
    ));
});
