// Fuzzing the Terraform reader (tree-sitter parse, HCL evaluation, modules, mappers): any text ends
// in resources and gaps, never an exception, a crash caught as a gap, a hang or a line outside the file.
import { afterAll, describe, it } from 'vitest';
import { hclSoup, terraformFile } from './generators.ts';
import { anyText, noProblems, worker } from './harness.ts';

afterAll(() => worker.stop());

describe('fuzz: Terraform HCL', () => {
  it('survives arbitrary text', () => noProblems('terraform', anyText));
  it('survives token soup shaped like HCL', () => noProblems('terraform', hclSoup));
  it('evaluates generated expressions (references, cycles, calls, for, splats) to values or gaps', () =>
    noProblems('terraform', terraformFile));
});
