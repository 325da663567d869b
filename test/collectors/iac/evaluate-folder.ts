// Scans a fixture folder with the real IaC collector and evaluates it with the real policies.
import { expect } from 'vitest';
import { collectIac } from '../../../src/collectors/iac/index.ts';
import type { Results } from '../../../src/model/results.ts';
import { makeSnapshot, serializeSnapshot, sha256 } from '../../../src/model/snapshot.ts';
import { validateResources } from '../../../src/model/validate.ts';
import { evaluateSnapshots } from '../../../src/pipeline/evaluate.ts';

export async function scanAndEvaluate(root: string, frameworks: string[]) {
  const { source, resources } = await collectIac([root], { root });
  expect(validateResources(resources)).toEqual([]);
  const snapshot = makeSnapshot('0.0.0-test', [source], resources);
  const results = await evaluateSnapshots([{ snapshot, sha256: sha256(serializeSnapshot(snapshot)), file: root }], {
    frameworks,
  });
  return { source, resources, results };
}

/** Where a resource stands under a rule: passed, failed, waived, notEvaluated or not in scope. */
export function outcome(results: Results, ruleId: string, uid: string): string {
  const evidence = results.evidence.find((e) => e.ruleId === ruleId);
  if (!evidence) throw new Error(`no evidence for ${ruleId}`);
  for (const state of ['passed', 'failed', 'waived', 'notEvaluated'] as const)
    if (evidence[state].includes(uid)) return state;
  return 'not in scope';
}
