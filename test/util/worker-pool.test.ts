// The worker pool: outcomes in task order, a throwing task and a dying worker each cost only their
// own task, and a worker that cannot start hands every task back unrun.
import { describe, expect, it } from 'vitest';
import { poolSize, runInWorkers } from '../../src/util/worker-pool.ts';

const WORKER = new URL('../fixtures/workers/tasks-worker.ts', import.meta.url);

describe('runInWorkers', () => {
  it('returns every outcome in the order of the tasks', async () => {
    const inputs = Array.from({ length: 40 }, (_, i) => `task${i}`);
    const outcomes = await runInWorkers<string, string>(WORKER, inputs, { workers: 2 });
    expect(outcomes).toEqual(inputs.map((input) => ({ ok: true, value: input.toUpperCase() })));
  });

  it('turns a task that throws into its error, the other tasks unharmed', async () => {
    const outcomes = await runInWorkers<string, string>(WORKER, ['a', 'throw', 'b'], { workers: 2 });
    expect(outcomes).toEqual([
      { ok: true, value: 'A' },
      { ok: false, error: 'refused: throw', started: true },
      { ok: true, value: 'B' },
    ]);
  });

  it('reports the task a dying worker held and runs the rest on a new worker', async () => {
    const inputs = ['a', 'b', 'exit', 'c', 'd', 'exit', 'e', 'f'];
    const outcomes = await runInWorkers<string, string>(WORKER, inputs, { workers: 1 });
    expect(outcomes).toEqual([
      { ok: true, value: 'A' },
      { ok: true, value: 'B' },
      { ok: false, error: 'worker thread stopped: exit code 3', started: true },
      { ok: true, value: 'C' },
      { ok: true, value: 'D' },
      { ok: false, error: 'worker thread stopped: exit code 3', started: true },
      { ok: true, value: 'E' },
      { ok: true, value: 'F' },
    ]);
  });

  it('hands every task back unrun when no worker starts', async () => {
    const missing = new URL('../fixtures/workers/no-such-worker.js', import.meta.url);
    const outcomes = await runInWorkers<string, string>(missing, ['a', 'b', 'c'], { workers: 2 });
    expect(outcomes).toHaveLength(3);
    for (const outcome of outcomes) expect(outcome).toMatchObject({ ok: false, started: false });
    expect(outcomes[0]).toMatchObject({ error: expect.stringContaining('no-such-worker.js') });
  });

  it('shares the tasks with this thread when given the same task to run here, outcomes still in order', async () => {
    const inputs = Array.from({ length: 300 }, (_, i) => `task${i}`);
    const ranHere: string[] = [];
    const local = (input: string) => {
      ranHere.push(input);
      if (input === 'task299') throw new Error('refused here');
      return input.toUpperCase();
    };
    const outcomes = await runInWorkers<string, string>(WORKER, inputs, { workers: 1, local });
    expect(outcomes[299]).toEqual({ ok: false, error: 'refused here', started: true });
    expect(outcomes.slice(0, 299)).toEqual(inputs.slice(0, 299).map((i) => ({ ok: true, value: i.toUpperCase() })));
    // This thread takes tasks from the end of the list.
    expect(ranHere[0]).toBe('task299');
  });

  it('runs every task here when no worker starts and this thread shares the work', async () => {
    const missing = new URL('../fixtures/workers/no-such-worker.js', import.meta.url);
    const local = (input: string) => `${input}!`;
    const outcomes = await runInWorkers<string, string>(missing, ['a', 'b', 'c'], { workers: 1, local });
    expect(outcomes).toEqual([
      { ok: true, value: 'a!' },
      { ok: true, value: 'b!' },
      { ok: true, value: 'c!' },
    ]);
  });

  it('returns nothing for no tasks and sizes the pool by tasks and cores', async () => {
    expect(await runInWorkers(WORKER, [], { workers: 2 })).toEqual([]);
    expect(poolSize(1)).toBeLessThanOrEqual(1);
    expect(poolSize(0)).toBe(0);
    expect(poolSize(10_000)).toBeGreaterThanOrEqual(1);
  });
});
