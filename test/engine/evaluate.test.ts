// The committed policy.wasm, run from Node the way scans run it (opa test only covers OPA's
// Go evaluator): batching and worker threads must not change any result.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { BroadcastChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { loadBundle } from '../../src/engine/bundle.ts';
import { EvaluationError, evaluate, startEvaluation } from '../../src/engine/evaluate.ts';
import type { Resource } from '../../src/model/resource.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const bundle = loadBundle();

function bucket(i: number, props: Resource<'storage.bucket'>['props']): Resource {
  return {
    uid: `test:b${i}`,
    kind: 'storage.bucket',
    provider: 'aws',
    nativeType: 'aws_s3_bucket',
    name: `b${i}`,
    location: { file: 'main.tf', line: i + 1 },
    props,
    sourceId: 'test',
  };
}

const goodBucket = (i: number) =>
  bucket(i, {
    encryption: { enabled: true, algorithm: 'aws:kms' },
    versioning: { enabled: true },
    accessLogging: { enabled: true },
    publicAccess: { aclPublic: false, policyPublic: false },
    tls: { required: true },
  });

describe('engine on the compiled bundle', () => {
  it('loads one catalog entry per rule file, carrying the METADATA fields', () => {
    // Every policies/<domain>/<rule>.rego (not its tests, not lib/ or main/) is one rule of the catalog.
    const ruleFiles = readdirSync(path.join(repoRoot, 'policies'), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.rego') && !f.endsWith('_test.rego') && !/^(lib|main)\//.test(f));
    expect(ruleFiles.length).toBeGreaterThan(0);
    expect(bundle.catalog.map((r) => r.file).sort()).toEqual(ruleFiles.map((f) => `policies/${f}`).sort());
    for (const rule of bundle.catalog) {
      expect(rule.title.length).toBeGreaterThan(10);
      expect(rule.remediation.length).toBeGreaterThan(10);
      expect(['critical', 'high', 'medium', 'low', 'info']).toContain(rule.severity);
    }
  });

  it('reports in-scope, passing and failing resources per rule', async () => {
    const results = await evaluate([goodBucket(0), bucket(1, { versioning: { enabled: false } })], bundle);
    const versioning = results.find((r) => r.ruleId === 'storage.versioning_enabled')!;
    expect(versioning.inScope).toEqual(['test:b0', 'test:b1']);
    expect(versioning.passed).toEqual(['test:b0']);
    expect(versioning.failed.map((f) => f.uid)).toEqual(['test:b1']);
    expect(versioning.failed[0]!.message).toContain('b1');
    expect(versioning.failed[0]!.evidence?.property).toMatch(/^versioning/);
    // An AWS bucket stating no encryption has S3's SSE-S3 default: judged by effect it passes, and the
    // customer-managed-key rule fails it (as it fails aws:kms without a key named).
    const encryption = results.find((r) => r.ruleId === 'storage.encryption_at_rest')!;
    expect(encryption.failed).toEqual([]);
    const customerKey = results.find((r) => r.ruleId === 'storage.encryption_customer_key')!;
    expect(customerKey.failed.map((f) => f.uid)).toEqual(['test:b0', 'test:b1']);
    // Rules of other kinds looked at nothing.
    expect(results.find((r) => r.ruleId === 'crypto.key_rotation')!.inScope).toEqual([]);
  });

  it('gives the same results in one batch, in small batches and in worker threads', async () => {
    const resources = Array.from({ length: 250 }, (_, i) => (i % 3 ? goodBucket(i) : bucket(i, {})));
    const whole = await evaluate(resources, bundle, { batchSize: 10_000, workers: 0 });
    const batched = await evaluate(resources, bundle, { batchSize: 7, workers: 0 });
    const threaded = await evaluate(resources, bundle, { batchSize: 20, workers: 2 });
    // One worker beside this thread, every batch sent to it before evaluate() yields.
    const beside = await evaluate(resources, bundle, { batchSize: 20, workers: 1 });
    expect(batched).toEqual(whole);
    expect(threaded).toEqual(whole);
    expect(beside).toEqual(whole);
    const versioning = whole.find((r) => r.ruleId === 'storage.versioning_enabled')!;
    expect(versioning.failed).toHaveLength(84);
    expect(versioning.passed).toHaveLength(166);
  });

  it('gives the in-thread results when this thread evaluates the batches no worker has started', async () => {
    const resources = Array.from({ length: 250 }, (_, i) => (i % 3 ? goodBucket(i) : bucket(i, {})));
    const whole = await evaluate(resources, bundle, { batchSize: 10_000, workers: 0 });
    // A worker that never starts a batch: this thread takes every one, from the end.
    const idle = new URL('./fixtures/idle-eval-worker.mjs', import.meta.url);
    const helped = startEvaluation(resources, bundle, { batchSize: 9, workers: 1, workerScript: idle });
    expect(await helped.finish()).toEqual(whole);
    // A real worker beside this thread, which starts helping at once: whatever the split, the same results.
    const shared = startEvaluation(resources, bundle, { batchSize: 9, workers: 1 });
    expect(await shared.finish()).toEqual(whole);
  });

  it('is an EvaluationError when a worker stops with batches it had taken', async () => {
    const resources = Array.from({ length: 40 }, (_, i) => goodBucket(i));
    const channel = new BroadcastChannel('assay-test-dying-eval-worker');
    const claimed = new Promise((resolve) => {
      channel.onmessage = resolve;
    });
    const dying = new URL('./fixtures/dying-eval-worker.mjs', import.meta.url);
    try {
      const evaluation = startEvaluation(resources, bundle, { batchSize: 10, workers: 1, workerScript: dying });
      // Every batch is the worker's before this thread looks for one to take.
      await claimed;
      const finished = evaluation.finish();
      await expect(finished).rejects.toBeInstanceOf(EvaluationError);
      await expect(finished).rejects.toThrow(/worker thread stopped \(exit code 3\)/);
    } finally {
      channel.close();
    }
  });
});
