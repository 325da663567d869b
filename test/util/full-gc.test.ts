import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../src/util/full-gc.ts';

describe('collectGarbage', () => {
  it('frees an object nothing refers to any more, at once', async () => {
    let target: { rows: string[] } | undefined = { rows: Array.from({ length: 10_000 }, (_, i) => `row ${i}`) };
    const ref = new WeakRef(target);
    target = undefined;
    // A WeakRef keeps its target alive until the current job ends.
    await new Promise((resolve) => setTimeout(resolve, 0));
    collectGarbage();
    expect(ref.deref()).toBeUndefined();
  });

  it('keeps what is still referred to', async () => {
    const kept = { rows: ['a', 'b'] };
    const ref = new WeakRef(kept);
    await new Promise((resolve) => setTimeout(resolve, 0));
    collectGarbage();
    collectGarbage();
    expect(ref.deref()).toBe(kept);
  });
});
