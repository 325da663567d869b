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

/** Workers worth starting for `tasks` tasks: one per available core, never more than tasks. */
export function poolSize(tasks: number): number {
  return Math.max(0, Math.min(os.availableParallelism(), tasks));
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

/** Runs every input through the worker `script` (which calls serveTasks) on `size` threads. */
export async function runInWorkers<I, O>(script: URL, inputs: I[], size: number): Promise<TaskOutcome<O>[]> {
  const outcomes: TaskOutcome<O>[] = new Array(inputs.length);
  let next = 0;
  let settled = 0;
  const live = new Set<Worker>();
  await new Promise<void>((resolve) => {
    const settle = (id: number, outcome: TaskOutcome<O>) => {
      outcomes[id] = outcome;
      settled++;
      if (settled === inputs.length) resolve();
    };
    const launch = () => {
      const worker = startWorker(script);
      live.add(worker);
      let ready = false;
      let current: number | undefined;
      const feed = () => {
        if (next >= inputs.length) {
          current = undefined;
          live.delete(worker);
          void worker.terminate();
          return;
        }
        current = next++;
        worker.postMessage({ id: current, input: inputs[current] as I } satisfies TaskMessage<I>);
      };
      const died = (why: string) => {
        if (!live.delete(worker)) return;
        const error = `worker thread stopped: ${why}`;
        if (ready) {
          // The task it held is lost with it (its outcome says so); a fresh worker takes the rest.
          if (current !== undefined) settle(current, { ok: false, error, started: true });
          if (next < inputs.length) launch();
        } else if (live.size === 0) {
          // No worker starts here: the tasks not yet run are handed back, none is lost.
          while (next < inputs.length) settle(next++, { ok: false, error, started: false });
        }
      };
      worker.on('message', (reply: ReplyMessage<O>) => {
        if ('ready' in reply) {
          ready = true;
        } else {
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
    for (let i = 0; i < Math.max(1, Math.min(size, inputs.length)); i++) launch();
  });
  await Promise.all([...live].map((worker) => worker.terminate()));
  return outcomes;
}

/** Inside a worker thread: says it is ready, then answers each task with `handle`'s result, or the error it threw. */
export function serveTasks<I, O>(handle: (input: I) => O | Promise<O>): void {
  const port = parentPort;
  if (!port) throw new Error('serveTasks runs inside a worker thread');
  port.on('message', async ({ id, input }: TaskMessage<I>) => {
    let reply: ReplyMessage<O>;
    try {
      reply = { id, ok: true, value: await handle(input) };
    } catch (error) {
      reply = { id, ok: false, error: (error as Error)?.message ?? String(error) };
    }
    port.postMessage(reply);
  });
  port.postMessage({ ready: true } satisfies ReplyMessage<O>);
}
