// The fuzz suite's runner: fast-check properties whose every case runs in a worker thread with a
// bound on its time, so a parser or evaluator that loops forever fails the case (the worker is
// stopped and replaced) instead of hanging the suite. The bound only tells a hang from an answer:
// it is far above any case's normal time, and it is no speed assertion.
// `npm test` runs FUZZ_RUNS (default 150) cases per property; `npm run fuzz` runs many more.
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import type { TargetName } from './targets.ts';

export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 150);
/** Per case; generous, since two cores are shared and the first case loads the HCL grammar. */
const CASE_BOUND_MS = Number(process.env.FUZZ_CASE_BOUND_MS ?? 20_000);

class TargetWorker {
  private worker: Worker | undefined;
  private nextId = 0;

  private start(): Worker {
    this.worker ??= new Worker(new URL('./worker-entry.mjs', import.meta.url));
    return this.worker;
  }

  /** The target's problems; a throw and a case past the bound are problems too. */
  run(target: TargetName, input: unknown, boundMs = CASE_BOUND_MS): Promise<string[]> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve) => {
      const done = (problems: string[]) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        resolve(problems);
      };
      const onMessage = (reply: { id: number; problems: string[] }) => {
        if (reply.id === id) done(reply.problems);
      };
      const onError = (error: Error) => {
        this.worker = undefined;
        done([`the worker died: ${error.message}`]);
      };
      const timer = setTimeout(() => {
        this.worker = undefined;
        void worker.terminate();
        done([`no answer within ${boundMs} ms (a hang?)`]);
      }, boundMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.postMessage({ id, target, input });
    });
  }

  async stop(): Promise<void> {
    await this.worker?.terminate();
    this.worker = undefined;
  }
}

export const worker = new TargetWorker();

/** Asserts that `target` reports no problem for any generated input; fast-check shrinks a failure. */
export async function noProblems<T>(target: TargetName, inputs: fc.Arbitrary<T>, runs = FUZZ_RUNS): Promise<void> {
  await fc.assert(
    fc.asyncProperty(inputs, async (input) => {
      const problems = await worker.run(target, input);
      if (problems.length > 0) throw new Error(problems.join('\n'));
    }),
    { numRuns: runs, ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}) },
  );
}

/** Text made of `tokens` (with a few arbitrary characters mixed in): shaped like the grammar, often broken. */
export function tokenSoup(tokens: readonly string[], maxLength = 60): fc.Arbitrary<string> {
  return fc
    .array(
      fc.oneof(
        { weight: 9, arbitrary: fc.constantFrom(...tokens) },
        { weight: 1, arbitrary: fc.string({ maxLength: 3 }) },
      ),
      {
        maxLength,
      },
    )
    .map((parts) => parts.join(''));
}

/** Arbitrary text: printable, full Unicode and control characters. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({
    unit: fc.constantFrom('\n', '\r', '\t', ' ', '\0', '\u2028', '\uFEFF', '"', "'", '#', '{', '}', '[', ']'),
    maxLength: 80,
  }),
);
