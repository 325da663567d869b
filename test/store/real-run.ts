// A real run to store: the bundled examples collected with the IaC collector and evaluated with
// the shipped rules, at a fixed time.
import path from 'node:path';
import { findCollector } from '../../src/collectors/registry.ts';
import { runCollector } from '../../src/collectors/run.ts';
import type { Results } from '../../src/model/results.ts';
import { evaluateSnapshots } from '../../src/pipeline/evaluate.ts';
import { startRun } from '../../src/pipeline/run.ts';
import { type SnapshotInput, snapshotOf } from '../../src/pipeline/snapshots.ts';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

export interface RealRun {
  id: string;
  startedAt: string;
  snapshots: SnapshotInput[];
  results: Results;
}

export async function realRun(at: Date, paths = ['examples/terraform']): Promise<RealRun> {
  const now = () => at;
  const run = startRun(at);
  const collected = await runCollector(findCollector('iac')!, { paths, root: repoRoot }, { now, root: repoRoot });
  const snapshot = { ...snapshotOf([collected]), file: 'iac.json' };
  const results = await evaluateSnapshots([snapshot], { run, now: at });
  return { id: run.id, startedAt: at.toISOString(), snapshots: [snapshot], results };
}
