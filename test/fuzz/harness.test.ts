// The fuzz runner itself: a case that never returns is stopped and fails, a throw is reported,
// and the next case gets a fresh worker.
import { afterAll, describe, expect, it } from 'vitest';
import { worker } from './harness.ts';

afterAll(() => worker.stop());

describe('the fuzz runner', () => {
  it('fails a case that does not answer within the bound, then runs the next one in a new worker', async () => {
    expect(await worker.run('selfTestHang', null, 300)).toEqual(['no answer within 300 ms (a hang?)']);
    expect(await worker.run('located', '{"a": 1}')).toEqual([]);
  });

  it('reports an exception as a problem, with its type and message', async () => {
    const [problem] = await worker.run('selfTestThrow', null);
    expect(problem).toMatch(/^threw TypeError: deliberately/);
  });
});
