// Runs independent tasks in worker threads, a pool sized to the machine's cores, and returns one
// outcome per task in the order the tasks were given, whichever worker finished first. A task that
// throws, and a task whose worker dies under it (a crash, an exit, running out of memory), is an
// outcome with the error: never a result silently missing. A worker that dies is replaced while
// tasks remain.
import { createRequire } from 'node:module';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { parentPort, Worker } from 'node:worker_threads';

/**
 * One task's outcome. `started: false`: no worker could be started (each died before it was
 * ready), so the task never ran and the caller runs it some other way.
 */
export type TaskOutcome<T> = { ok: true; value: T } | { ok: false; error: string; started: boolean };

interface TaskMessage<I> {
  id: number;
  input: I;
}

type ReplyMessage<O> = { ready: true } | { id: number; ok: true; value: O } | { id: number; ok: false; error: string };

/** Worker threads worth starting for `tasks` tasks beside this thread: one per other core, never more than tasks. */
export function poolSize(tasks: number): number {
  return Math.max(0, Math.min(os.availableParallelism() - 1, tasks));
}

/**
 * A worker for `script`: compiled JavaScript starts as it is; a TypeScript source (tests, a checkout
 * run through tsx) starts behind tsx's loader, registered inside the new thread.
 */
function startWorker(script: URL): Worker {
  if (!script.pathname.endsWith('.ts')) return new Worker(script);
  // tsx's ES module API (the CommonJS one cannot register the loader from an evaluated worker).
  const tsx = createRequire(import.meta.url)
    .resolve('tsx/esm/api')
    .replace(/\.cjs$/, '.mjs');
  const boot = `import(${JSON.stringify(pathToFileURL(tsx).href)}).then(({ register }) => { register(); return import(${JSON.stringify(script.href)}); });`;
  return new Worker(boot, { eval: true });
}

export interface PoolOptions<I, O> {
  /** Worker threads to start (at least one). */
  workers: number;
  /**
   * The same task run in this thread: it then takes tasks from the end of the list while the workers
   * take them from the start, so no core idles while this thread waits, and a worker fewer is started.
   */
  local?: (input: I) => O | Promise<O>;
}

/**
 * Tasks sent to a worker ahead of its replies: it starts the next one as soon as it has replied,
 * without waiting for this thread (busy with its own task) to send it one.
 */
export const TASKS_IN_FLIGHT = 4;

/** Runs every input through the worker `script` (which calls serveTasks), and `local` if given. */
export async function runInWorkers<I, O>(
  script: URL,
  inputs: I[],
  options: PoolOptions<I, O>,
): Promise<TaskOutcome<O>[]> {
  const outcomes: TaskOutcome<O>[] = new Array(inputs.length);
  let next = 0; // the first task no worker has taken
  let end = inputs.length; // past the last task this thread has not taken
  // Tasks sent to a worker that died before it reached them: taken again first, by any taker.
  const again: number[] = [];
  let settled = 0;
  const live = new Set<Worker>();
  await new Promise<void>((resolve) => {
    const settle = (id: number, outcome: TaskOutcome<O>) => {
      outcomes[id] = outcome;
      settled++;
      if (settled === inputs.length) resolve();
    };
    const left = () => again.length > 0 || next < end;
    const launch = () => {
      const worker = startWorker(script);
      live.add(worker);
      let ready = false;
      // Sent and not answered, oldest first: the worker runs them in that order (serveTasks).
      const sent: number[] = [];
      const feed = () => {
        while (sent.length < TASKS_IN_FLIGHT && left()) {
          const id = again.length > 0 ? again.shift()! : next++;
          sent.push(id);
          worker.postMessage({ id, input: inputs[id] as I } satisfies TaskMessage<I>);
        }
        if (sent.length === 0) {
          live.delete(worker);
          void worker.terminate();
        }
      };
      const died = (why: string) => {
        if (!live.delete(worker)) return;
        const error = `worker thread stopped: ${why}`;
        if (ready) {
          // The task it was running is lost with it (its outcome says so); the ones it had not
          // started yet are run again, and a fresh worker takes the rest.
          const running = sent.shift();
          again.push(...sent);
          if (running !== undefined) settle(running, { ok: false, error, started: true });
          if (left()) launch();
        } else if (live.size === 0 && !options.local) {
          // No worker starts here: the tasks not yet run are handed back, none is lost (with a
          // local runner, this thread runs them all).
          while (again.length > 0) settle(again.shift()!, { ok: false, error, started: false });
          while (next < end) settle(next++, { ok: false, error, started: false });
        }
      };
      worker.on('message', (reply: ReplyMessage<O>) => {
        if ('ready' in reply) {
          ready = true;
        } else {
          const at = sent.indexOf(reply.id);
          if (at >= 0) sent.splice(at, 1);
          settle(
            reply.id,
            reply.ok ? { ok: true, value: reply.value } : { ok: false, error: reply.error, started: true },
          );
        }
        feed();
      });
      worker.on('error', (error) => died(error.message));
      worker.on('exit', (code) => died(`exit code ${code}`));
    };
    if (inputs.length === 0) return resolve();
    for (let i = 0; i < Math.max(1, Math.min(options.workers, inputs.length)); i++) launch();
    const local = options.local;
    if (local)
      void (async () => {
        while (left()) {
          const id = again.length > 0 ? again.shift()! : --end;
          try {
            settle(id, { ok: true, value: await local(inputs[id] as I) });
          } catch (error) {
            settle(id, { ok: false, error: (error as Error)?.message ?? String(error), started: true });
          }
          // Between tasks the workers' replies are taken and they are sent their next tasks.
          await new Promise((resume) => setImmediate(resume));
        }
      })();
  });
  await Promise.all([...live].map((worker) => worker.terminate()));
  return outcomes;
}

/** Inside a worker thread: says it is ready, then answers each task with `handle`'s result, or the error it threw. */
export function serveTasks<I, O>(handle: (input: I) => O | Promise<O>): void {
  const port = parentPort;
  if (!port) throw new Error('serveTasks runs inside a worker thread');
  // One task at a time, in the order sent (the pool sends a few ahead): a worker that dies was
  // running the oldest task it had not answered.
  let queue = Promise.resolve();
  port.on('message', ({ id, input }: TaskMessage<I>) => {
    queue = queue.then(async () => {
      let reply: ReplyMessage<O>;
      try {
        reply = { id, ok: true, value: await handle(input) };
      } catch (error) {
        reply = { id, ok: false, error: (error as Error)?.message ?? String(error) };
      }
      port.postMessage(reply);
    });
  });
  port.postMessage({ ready: true } satisfies ReplyMessage<O>);
}
