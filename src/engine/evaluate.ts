// Evaluates resources against the compiled rules: batches of a few hundred resources on
// reused wasm instances, in worker threads when the snapshot is large enough to pay for them. The
// workers are started and sent every batch by startEvaluation(), so they evaluate while this thread
// goes on with work that does not need the results (see pipeline/evaluate.ts); once done with it,
// this thread evaluates the batches no worker has started yet, from the end of the list.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Resource } from '../model/resource.ts';
import type { RuleResult } from '../model/results.ts';
import { type BatchInput, encodeBatch, makeBatches } from './batches.ts';
import type { PolicyBundle } from './bundle.ts';
import { type LoadedPolicy, opaWasm } from './opa-wasm.ts';
import { type BatchOutput, ResultAccumulator } from './raw-results.ts';

export interface EvaluateOptions {
  /** Resources per wasm call (default BATCH_SIZE). */
  batchSize?: number;
  /**
   * Worker threads; default: one per core (max 4) from `parallelThreshold` resources, one from
   * BESIDE_THRESHOLD on a machine of two cores or more, else none (evaluated in this thread).
   */
  workers?: number;
  parallelThreshold?: number;
  /** The worker threads' script (tests: one that fails); default eval-worker.js. */
  workerScript?: URL;
  /** Worker threads started ahead (startWorkers), used instead of starting new ones. */
  started?: EvaluationWorkers;
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

/**
 * Resources per wasm call. The cost per resource grows with the batch: evaluating the 11,000
 * resources of the 1,000-file bench repository in one thread took 270 ms in batches of 250, 290 ms
 * in batches of 500, 330 ms in batches of 1,000, 350 ms in batches of 2,000 and 5.4 s in one batch
 * (minimums of 5 rounds; the same on 11,000 resources of the synthetic 100k snapshot; 100 per
 * batch was no faster than 250, 50 slower). Small batches also let the threads that share the
 * batches finish close together. Rules see one batch at a time, never the whole snapshot.
 */
export const BATCH_SIZE = 250;

// 64 MiB to start with: enough for a batch, so memory is not grown page by page while parsing.
const INITIAL_PAGES = 1024;

export class EvaluationError extends Error {
  override name = 'EvaluationError';
}

/** An evaluation under way: `finish` once this thread has nothing else to do. */
export interface Evaluation {
  /**
   * The results. With worker threads, this thread first evaluates the batches no worker has
   * started, from the end of the list (the workers take them from the start), until they meet.
   */
  finish(): Promise<RuleResult[]>;
  /** Stops the worker threads; for a caller that no longer wants the results. */
  cancel(): Promise<void>;
}

export async function evaluate(
  resources: Resource[],
  bundle: PolicyBundle,
  options: EvaluateOptions = {},
): Promise<RuleResult[]> {
  return startEvaluation(resources, bundle, options).finish();
}

/**
 * Starts evaluating: with worker threads, they are started and sent every batch before this returns,
 * so they evaluate while this thread does other work (pipeline/evaluate.ts hashes the populations).
 */
export function startEvaluation(
  resources: Resource[],
  bundle: PolicyBundle,
  options: EvaluateOptions = {},
): Evaluation {
  const batchSize = options.batchSize ?? BATCH_SIZE;
  const batches = makeBatches(resources, batchSize);
  const ruleIds = bundle.catalog.map((r) => r.id);
  const started = options.started;
  if (started && batches.length > 0) return evaluateInWorkers(batches, bundle, started, ruleIds);
  void started?.terminate();
  const workers = started
    ? 0
    : (options.workers ?? defaultWorkers(resources.length, options.parallelThreshold ?? 20_000));
  if (workers > 0 && batches.length > 0) {
    const pool = new EvaluationWorkers(bundle, Math.min(workers, batches.length), options.workerScript);
    return evaluateInWorkers(batches, bundle, pool, ruleIds);
  }
  // In this thread, in finish(). Instantiated with loadPolicySync: loadPolicy (which compiles off
  // this thread) loads Node's fetch implementation to ask whether it was given a fetch Response.
  return {
    async finish() {
      const policy = opaWasm.loadPolicySync(bundle.wasm as BufferSource, { initial: INITIAL_PAGES });
      const accumulator = new ResultAccumulator(ruleIds);
      for (const batch of batches) accumulator.add(evaluateBatch(policy, encodeBatch(batch), bundle.entrypoint));
      return accumulator.results();
    },
    async cancel() {},
  };
}

/**
 * The worker threads startEvaluation would start for `resources` resources, started now, before the
 * resources are batched (pipeline/evaluate.ts: before the snapshots are validated), so that their
 * start (about 85 ms to a first reply) overlaps this thread's work; none when it would evaluate
 * in this thread. Pass them to startEvaluation as `started`, or terminate them.
 */
export function startWorkers(
  resources: number,
  bundle: PolicyBundle,
  options: EvaluateOptions = {},
): EvaluationWorkers | undefined {
  const batches = Math.ceil(resources / (options.batchSize ?? BATCH_SIZE));
  const workers = options.workers ?? defaultWorkers(resources, options.parallelThreshold ?? 20_000);
  if (workers <= 0 || batches === 0) return undefined;
  return new EvaluationWorkers(bundle, Math.min(workers, batches), options.workerScript);
}

type WorkerReply = { id: number; output?: BatchOutput; skipped?: true; error?: string };

/** Evaluation worker threads, with the policy's module compiled once for them and this thread. */
export class EvaluationWorkers {
  readonly module: WebAssembly.Module;
  private readonly pool: Worker[];
  private stopped: EvaluationError | undefined;
  private listener: { reply(message: WorkerReply): void; fail(error: EvaluationError): void } | undefined;

  constructor(bundle: PolicyBundle, count: number, script?: URL) {
    this.module = new WebAssembly.Module(bundle.wasm as BufferSource);
    this.pool = Array.from({ length: count }, () => {
      const worker = new Worker(script ?? new URL('./eval-worker.js', import.meta.url), {
        workerData: { module: this.module, entrypoint: bundle.entrypoint, initialPages: INITIAL_PAGES },
      });
      worker.on('message', (message: WorkerReply) => this.listener?.reply(message));
      worker.on('error', (error) => this.fail(new EvaluationError(`policy evaluation failed: ${error.message}`)));
      worker.on('exit', (code) =>
        this.fail(new EvaluationError(`policy evaluation failed: worker thread stopped (exit code ${code})`)),
      );
      return worker;
    });
  }

  get count(): number {
    return this.pool.length;
  }

  /** Replies and failures go to `listener` from now on; a failure before is told at once. */
  listen(listener: { reply(message: WorkerReply): void; fail(error: EvaluationError): void }): void {
    this.listener = listener;
    if (this.stopped) listener.fail(this.stopped);
  }

  post(worker: number, message: unknown): void {
    this.pool[worker]!.postMessage(message);
  }

  terminate(): Promise<void> {
    return Promise.all(this.pool.map((w) => w.terminate())).then(() => undefined);
  }

  private fail(error: EvaluationError): void {
    this.stopped ??= error;
    this.listener?.fail(error);
  }
}

function evaluateBatch(policy: LoadedPolicy, input: ArrayBuffer, entrypoint: string): BatchOutput {
  const output = policy.evaluate(input, entrypoint);
  return (output[0]?.result ?? {}) as BatchOutput;
}

/** Who evaluates a batch, in its slot of the shared claims: taken by the first to set it (eval-worker.js). */
const CLAIMED_BY_THIS_THREAD = 2;

/**
 * Every worker is sent its share of the batches at once (batch i to worker i mod count), so the
 * workers evaluate while this thread does other work, and never wait for it to send the next batch.
 * Each batch has a slot in memory shared with the workers: a worker evaluates a batch only if it
 * claims the slot first (Atomics.compareExchange), and so does this thread in finish(), taking the
 * batches from the end; a batch this thread took is answered `skipped` by its worker. The outputs
 * are merged in batch order, as in this thread, whoever evaluated them.
 */
function evaluateInWorkers(
  batches: BatchInput[],
  bundle: PolicyBundle,
  pool: EvaluationWorkers,
  ruleIds: string[],
): Evaluation {
  const { module, count } = pool;
  const claims = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * batches.length));
  const outputs: (BatchOutput | undefined)[] = new Array(batches.length);
  let answered = 0;
  let failure: EvaluationError | undefined;
  let settle: { resolve: () => void; reject: (error: unknown) => void };
  const done = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  done.catch(() => undefined); // awaited in finish(); not an unhandled rejection before it
  const fail = (error: EvaluationError) => {
    failure ??= error;
    settle.reject(failure);
  };
  const answer = (id: number, output: BatchOutput) => {
    if (outputs[id] !== undefined) return;
    outputs[id] = output;
    if (++answered === batches.length) settle.resolve();
  };
  pool.listen({
    reply(message) {
      if (message.error) return fail(new EvaluationError(`policy evaluation failed: ${message.error}`));
      if (!message.skipped) answer(message.id, message.output ?? {});
    },
    fail,
  });
  for (let w = 0; w < count; w++) pool.post(w, { claims });
  // Each batch is sent as soon as it is encoded, so the first worker starts on the first batch
  // while this thread encodes the rest (about 50 ms for the 11,000 resources of the bench repo).
  // Copies, not transferred: this thread keeps each batch in case it claims it.
  const inputs: ArrayBuffer[] = [];
  for (let id = 0; id < batches.length; id++) {
    inputs.push(encodeBatch(batches[id]!));
    pool.post(id % count, { id, input: inputs[id] });
  }
  const stop = () => pool.terminate();
  return {
    async finish() {
      try {
        await helpFromTheEnd();
        await done;
      } finally {
        await stop();
      }
      const accumulator = new ResultAccumulator(ruleIds);
      for (const output of outputs) accumulator.add(output!);
      return accumulator.results();
    },
    cancel: stop,
  };

  /** The batches no worker has started, from the last: evaluated here. */
  async function helpFromTheEnd(): Promise<void> {
    let policy: LoadedPolicy | undefined;
    for (let id = inputs.length - 1; id >= 0 && failure === undefined; id--) {
      if (Atomics.load(claims, id) !== 0) continue;
      policy ??= opaWasm.loadPolicySync(module, { initial: INITIAL_PAGES });
      if (failure !== undefined) break;
      if (Atomics.compareExchange(claims, id, 0, CLAIMED_BY_THIS_THREAD) !== 0) continue;
      try {
        answer(id, evaluateBatch(policy, inputs[id]!, bundle.entrypoint));
      } catch (error) {
        fail(new EvaluationError(`policy evaluation failed: ${(error as Error)?.message ?? String(error)}`));
      }
      // The workers' replies are taken between batches (and a worker that stopped is seen).
      await new Promise((resume) => setImmediate(resume));
    }
  }
}
