// Evaluates resources against the compiled rules: batches of a few thousand resources on
// reused wasm instances, in worker threads when the snapshot is large enough to pay for them.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Resource } from '../model/resource.ts';
import type { RuleResult } from '../model/results.ts';
import { encodeBatch, makeBatches } from './batches.ts';
import type { PolicyBundle } from './bundle.ts';
import { opaWasm } from './opa-wasm.ts';
import { type BatchOutput, ResultAccumulator } from './raw-results.ts';

export interface EvaluateOptions {
  /** Resources per wasm call; a few thousand keeps memory flat (OPA-WASM.md). */
  batchSize?: number;
  /** Worker threads; default: none below `parallelThreshold` resources, else one per core (max 4). */
  workers?: number;
  parallelThreshold?: number;
}

// 64 MiB to start with: enough for a batch, so memory is not grown page by page while parsing.
const INITIAL_PAGES = 1024;

export class EvaluationError extends Error {
  override name = 'EvaluationError';
}

export async function evaluate(
  resources: Resource[],
  bundle: PolicyBundle,
  options: EvaluateOptions = {},
): Promise<RuleResult[]> {
  const batchSize = options.batchSize ?? 2000;
  const batches = makeBatches(resources, batchSize);
  const accumulator = new ResultAccumulator(bundle.catalog.map((r) => r.id));
  const workers =
    options.workers ??
    (resources.length >= (options.parallelThreshold ?? 20_000) ? Math.min(os.availableParallelism(), 4) : 0);
  if (workers > 1 && batches.length > 1) {
    await evaluateInWorkers(batches.map(encodeBatch), bundle, Math.min(workers, batches.length), accumulator);
  } else {
    const policy = await opaWasm.loadPolicy(bundle.wasm as BufferSource, { initial: INITIAL_PAGES });
    for (const batch of batches) {
      const output = policy.evaluate(encodeBatch(batch), bundle.entrypoint);
      accumulator.add((output[0]?.result ?? {}) as BatchOutput);
    }
  }
  return accumulator.results();
}

async function evaluateInWorkers(
  inputs: ArrayBuffer[],
  bundle: PolicyBundle,
  count: number,
  accumulator: ResultAccumulator,
): Promise<void> {
  const module = await WebAssembly.compile(bundle.wasm as BufferSource);
  const pool = Array.from(
    { length: count },
    () =>
      new Worker(new URL('./eval-worker.js', import.meta.url), {
        workerData: { module, entrypoint: bundle.entrypoint, initialPages: INITIAL_PAGES },
      }),
  );
  let next = 0;
  try {
    await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= inputs.length) return resolve();
              const id = next++;
              const input = inputs[id]!;
              worker.postMessage({ id, input }, [input]);
            };
            worker.on('message', (message: { output?: BatchOutput; error?: string }) => {
              if (message.error) return reject(new EvaluationError(`policy evaluation failed: ${message.error}`));
              accumulator.add(message.output ?? {});
              send();
            });
            worker.on('error', reject);
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
