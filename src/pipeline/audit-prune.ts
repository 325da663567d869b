// `assay prune --keep-days N`: runs older than N days leave the store, except a run that a
// retained signed evidence folder refers to (its manifest is signed and verifies, and its
// results.json names the run). The ledger records what was pruned; the chain stays whole.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { MANIFEST_FILE, SIGNATURE_FILE } from '../evidence/manifest.ts';
import { verifyDir } from '../evidence/signing.ts';
import type { Results } from '../model/results.ts';
import type { PruneResult, RunStore } from '../store/index.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RetainedEvidence {
  dir: string;
  runId: string;
}

/** Evidence folders at or under `roots` whose signed manifest verifies, with the run their results name. */
export function retainedSignedEvidence(roots: readonly string[]): RetainedEvidence[] {
  const found: RetainedEvidence[] = [];
  const visit = (dir: string, depth: number) => {
    if (depth > 6 || !existsSync(dir) || !statSync(dir).isDirectory()) return;
    if (existsSync(path.join(dir, MANIFEST_FILE)) && existsSync(path.join(dir, SIGNATURE_FILE))) {
      const checked = verifyDir(dir);
      const results = checked.artifacts.find((a) => a.path === 'results.json' && a.state === 'ok');
      if (checked.ok && checked.signature.state === 'valid' && results) {
        const id = (JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')) as Results).run?.id;
        if (id) found.push({ dir, runId: id });
      }
    }
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name !== 'snapshots') visit(path.join(dir, entry.name), depth + 1);
    }
  };
  for (const root of roots) visit(root, 0);
  return found;
}

export async function pruneRuns(
  store: RunStore,
  options: { keepDays: number; now: Date; evidence: readonly string[] },
): Promise<PruneResult & { retained: RetainedEvidence[] }> {
  const retained = retainedSignedEvidence(options.evidence);
  const before = new Date(options.now.getTime() - options.keepDays * DAY_MS).toISOString();
  const result = await store.prune({
    before,
    at: options.now.toISOString(),
    keep: new Set(retained.map((r) => r.runId)),
  });
  return { ...result, retained };
}
