// Evaluates resources against the compiled rules: batches of a few thousand resources on
// reused wasm instances, in worker threads when the snapshot is large enough to pay for them. The
// workers are started and sent every batch before evaluate() first yields, so they evaluate while
// this thread goes on with work that does not need the results (see pipeline/evaluate.ts).
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
  /**
   * Worker threads; default: one per core (max 4) from `parallelThreshold` resources, one from
   * BESIDE_THRESHOLD on a machine of two cores or more, else none (evaluated in this thread).
   */
  workers?: number;
  parallelThreshold?: number;
}

/**
 * Resources from which one worker thread evaluates beside this thread, which meanwhile hashes the
 * snapshot and its populations. The worker takes about 85 ms from its start to its first reply; on
 * the 11,000 resources of the 1,000-file bench repository the process's CPU time stayed the same and
 * the main thread's fell by 0.44 s (docs/startup.md). Below this threshold, not measured: as before.
 */
export const BESIDE_THRESHOLD = 5_000;

function defaultWorkers(resources: number, parallelThreshold: number): number {
  const cores = os.availableParallelism();
  if (resources >= parallelThreshold) return Math.min(cores, 4);
  return resources >= BESIDE_THRESHOLD && cores >= 2 ? 1 : 0;
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
  const workers = options.workers ?? defaultWorkers(resources.length, options.parallelThreshold ?? 20_000);
  if (workers > 0 && batches.length > 0) {
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

/**
 * Not async before the batches are sent: the module is compiled in this thread (lazily, a few ms)
 * and every worker gets its share of the batches at once (batch i to worker i mod count), so they
 * evaluate while this thread does other work, without waiting for it to hand out the next batch.
 * Each batch's output is merged when it arrives; the accumulator sorts, so arrival order does not matter.
 */
function evaluateInWorkers(
  inputs: ArrayBuffer[],
  bundle: PolicyBundle,
  count: number,
  accumulator: ResultAccumulator,
): Promise<void> {
  const module = new WebAssembly.Module(bundle.wasm as BufferSource);
  const pool = Array.from(
    { length: count },
    () =>
      new Worker(new URL('./eval-worker.js', import.meta.url), {
        workerData: { module, entrypoint: bundle.entrypoint, initialPages: INITIAL_PAGES },
      }),
  );
  const evaluated = Promise.all(
    pool.map(
      (worker, w) =>
        new Promise<void>((resolve, reject) => {
          let pending = 0;
          worker.on('message', (message: { output?: BatchOutput; error?: string }) => {
            if (message.error) return reject(new EvaluationError(`policy evaluation failed: ${message.error}`));
            accumulator.add(message.output ?? {});
            if (--pending === 0) resolve();
          });
          worker.on('error', reject);
          worker.on('exit', (code) =>
            reject(new EvaluationError(`policy evaluation failed: worker thread stopped (exit code ${code})`)),
          );
          for (let id = w; id < inputs.length; id += count) {
            const input = inputs[id]!;
            pending++;
            worker.postMessage({ id, input }, [input]);
          }
          if (pending === 0) resolve();
        }),
    ),
  );
  return finished(evaluated, pool);
}

async function finished(evaluated: Promise<unknown>, pool: Worker[]): Promise<void> {
  try {
    await evaluated;
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
