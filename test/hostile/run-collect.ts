// Runs `assay collect iac` in a child process with a deadline and a small heap, so a hostile input
// that hangs or exhausts memory fails its test quickly instead of stopping the suite.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Gap, Resource, Snapshot } from '../../src/model/resource.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
/** Far more than a small scan needs (about 2 s); a hang or an exhausted heap ends before. */
export const CHILD_DEADLINE_MS = 40_000;

export interface ChildCollection {
  gaps: Gap[];
  resources: Resource[];
  files: { path: string; sha256: string }[];
}

export function tempRoot(): string {
  return mkdtempSync(path.join(tmpdir(), 'assay-hostile-'));
}

/**
 * Collects `paths` under `root`; throws with the child's stderr when it timed out or crashed.
 * `uid` runs the child as another user (only possible as root), for permission tests.
 */
export function collectInChild(root: string, paths: string[] = ['.'], uid?: number): ChildCollection {
  const out = mkdtempSync(path.join(tmpdir(), 'assay-hostile-out-'));
  if (uid !== undefined) chmodSync(out, 0o777);
  const snapshot = path.join(out, 'snapshot.json');
  const result = spawnSync(
    process.execPath,
    [path.join(repoRoot, 'bin/assay.js'), 'collect', 'iac', ...paths, '-o', snapshot],
    {
      cwd: root,
      encoding: 'utf8',
      timeout: CHILD_DEADLINE_MS,
      killSignal: 'SIGKILL',
      env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=512' },
      ...(uid !== undefined && { uid, gid: uid }),
    },
  );
  if (result.error || result.signal || (result.status !== 0 && result.status !== 2)) {
    throw new Error(
      `assay collect iac ended with ${result.error?.message ?? result.signal ?? `exit ${result.status}`}: ${result.stderr.slice(-2000)}`,
    );
  }
  const parsed = JSON.parse(readFileSync(snapshot, 'utf8')) as Snapshot;
  const source = parsed.sources[0];
  return { gaps: source?.gaps ?? [], resources: parsed.resources, files: source?.files ?? [] };
}

/** Uids of the resources read from one file, `iac.file` records left out. */
export function uidsOf(collection: ChildCollection, file: string): string[] {
  return collection.resources.filter((r) => r.location.file === file && r.kind !== 'iac.file').map((r) => r.uid);
}
