// `assay merge`: the shards of one audit (`audit --shard i/N`, each on its own machine, all
// writing to one store) joined into one run: their snapshots, in the config's source order,
// evaluated together. The merged run's results are those an unsharded audit of the same sources
// would have; it gets one evidence folder and one manifest.
import { writeFileSync } from 'node:fs';
import type { StoredRun } from '../model/history.ts';
import { parseSnapshot, sha256 } from '../model/snapshot.ts';
import { type AuditOutcome, type AuditSettings, recordRun } from './audit.ts';
import type { AuditConfig } from './audit-config.ts';
import { startRun } from './run.ts';
import type { SnapshotInput } from './snapshots.ts';

export class MergeError extends Error {
  override name = 'MergeError';
}

/** The shard runs to join: complete, from this config, not merged yet, the newest of each index. */
export function shardsToMerge(runs: readonly StoredRun[], config: AuditConfig, batch?: string): StoredRun[] {
  const candidates = runs.filter(
    (r) =>
      r.status === 'complete' &&
      r.shard !== undefined &&
      r.shard.index > 0 &&
      r.shard.mergedInto === undefined &&
      r.configSha256 === config.sha256 &&
      (batch === undefined || r.shard.batch === batch),
  );
  const newest = candidates.at(-1);
  if (!newest?.shard) {
    throw new MergeError(
      `no complete, unmerged shard runs of ${config.file}${batch ? ` in batch ${batch}` : ''} in the store`,
    );
  }
  const count = newest.shard.count;
  const chosen: StoredRun[] = [];
  const missing: number[] = [];
  for (let index = 1; index <= count; index++) {
    const run = candidates.filter((r) => r.shard?.count === count && r.shard.index === index).at(-1);
    if (run) chosen.push(run);
    else missing.push(index);
  }
  if (missing.length > 0) {
    throw new MergeError(
      `shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} of ${config.file} ` +
        `${batch ? `in batch ${batch} ` : ''}did not complete: nothing merged (run them again, then merge)`,
    );
  }
  return chosen;
}

export async function mergeShards(config: AuditConfig, settings: AuditSettings, batch?: string): Promise<AuditOutcome> {
  const shards = shardsToMerge(await settings.store.listRuns(), config, batch);
  const count = shards.length;
  const order = new Map(config.sources.map((s, i) => [s.name, i]));
  const snapshots: SnapshotInput[] = [];
  for (const shard of shards) {
    for (const { name, text } of await settings.store.loadSnapshotTexts(shard.id)) {
      if (!order.has(name)) {
        throw new MergeError(
          `shard run ${shard.id} has a snapshot of source '${name}', which ${config.file} does not name`,
        );
      }
      const file = `${name}.json`;
      snapshots.push({
        snapshot: parseSnapshot(text, file),
        sha256: sha256(text),
        file,
        writeTo: (target) => writeFileSync(target, text),
        text: () => text,
      });
    }
  }
  snapshots.sort((a, b) => order.get(a.file.slice(0, -5))! - order.get(b.file.slice(0, -5))!);
  const run = startRun(settings.now());
  const shard = { index: 0, count, ...(batch !== undefined && { batch }) };
  const interrupted = await settings.store.beginRun({
    id: run.id,
    startedAt: run.startedAt.toISOString(),
    configSha256: config.sha256,
    shard,
    mergedFrom: shards.map((s) => s.id),
  });
  settings.log(`run ${run.id}: merging ${count} shards (${shards.map((s) => s.id.slice(0, 8)).join(', ')})`);
  return recordRun(config, settings, run, interrupted, async () => snapshots, shard);
}
