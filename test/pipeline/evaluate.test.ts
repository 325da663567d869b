// evaluateSnapshots starts the evaluation worker before it validates the snapshots (a large snapshot
// on two cores or more): the errors, and their order, are those of a scan that starts none.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BundleError } from '../../src/engine/bundle.ts';
import { BESIDE_THRESHOLD } from '../../src/engine/evaluate.ts';
import type { Resource, Source } from '../../src/model/resource.ts';
import { makeSnapshot, serializeSnapshot, sha256 } from '../../src/model/snapshot.ts';
import { evaluateSnapshots, InvalidSnapshotError } from '../../src/pipeline/evaluate.ts';

const NOW = '2026-12-01T00:00:00.000Z';
const source: Source = {
  id: 'iac',
  collector: 'iac',
  target: '.',
  startedAt: NOW,
  finishedAt: NOW,
  status: 'ok',
  gaps: [],
};

function buckets(count: number): Resource[] {
  return Array.from({ length: count }, (_, i) => ({
    uid: `iac:b${i}`,
    kind: 'storage.bucket',
    provider: 'aws',
    nativeType: 'aws_s3_bucket',
    name: `b${i}`,
    location: { file: 'main.tf', line: i + 1 },
    props: i % 2 ? { versioning: { enabled: true } } : {},
    sourceId: 'iac',
  }));
}

function input(resources: Resource[]) {
  const snapshot = makeSnapshot('0.0.0', [source], resources);
  return [{ snapshot, sha256: sha256(serializeSnapshot(snapshot)), file: 'large.json' }];
}

describe('evaluateSnapshots with the evaluation worker started first', () => {
  const large = BESIDE_THRESHOLD + 500;
  const missingBundle = path.join(mkdtempSync(path.join(os.tmpdir(), 'assay-no-bundle-')), 'absent');

  it('evaluates a large snapshot', async () => {
    const results = await evaluateSnapshots(input(buckets(large)), { now: new Date(NOW) });
    const versioning = results.rules.find((r) => r.id === 'storage.versioning_enabled');
    expect(versioning).toMatchObject({ inScope: large, passed: large / 2, failed: large / 2 });
    expect(results.summary.resources).toBe(large);
  });

  it('rejects an invalid snapshot, before a bundle that cannot be read', async () => {
    const resources = buckets(large);
    (resources[7] as unknown as { uid: number }).uid = 7;
    await expect(evaluateSnapshots(input(resources))).rejects.toBeInstanceOf(InvalidSnapshotError);
    await expect(evaluateSnapshots(input(resources), { bundleDir: missingBundle })).rejects.toBeInstanceOf(
      InvalidSnapshotError,
    );
  });

  it('rejects a snapshot that cannot even be batched (sent to the worker before validation) as invalid', async () => {
    const notObjects = buckets(large) as unknown[];
    notObjects[3] = null;
    notObjects[9] = 'text';
    await expect(evaluateSnapshots(input(notObjects as Resource[]))).rejects.toThrow(
      /large\.json does not match the snapshot schema/,
    );
    const badVariants = buckets(large);
    (badVariants[5] as unknown as { variants: unknown }).variants = { when: 'x' };
    await expect(evaluateSnapshots(input(badVariants))).rejects.toBeInstanceOf(InvalidSnapshotError);
  });

  it('rejects an unknown framework id, the evaluation started before it was read', async () => {
    await expect(evaluateSnapshots(input(buckets(large)), { frameworks: ['no-such-framework'] })).rejects.toThrow(
      /no-such-framework/,
    );
  });

  it('rejects a bundle that cannot be read', async () => {
    await expect(evaluateSnapshots(input(buckets(large)), { bundleDir: missingBundle })).rejects.toBeInstanceOf(
      BundleError,
    );
  });
});
