// A seeded pseudo-random generator for reproducible audit samples: xoshiro128** (Blackman and
// Vigna, public domain algorithm) seeded from the SHA-256 of the seed text, so any text is a seed
// and the same seed draws the same sample on every machine and version of Node.
import { createHash } from 'node:crypto';

export const PRNG_NAME = 'xoshiro128** seeded by SHA-256(seed)';

export class SeededRandom {
  private s: Uint32Array;

  constructor(seed: string) {
    const digest = createHash('sha256').update(seed, 'utf8').digest();
    this.s = new Uint32Array([
      digest.readUInt32LE(0),
      digest.readUInt32LE(4),
      digest.readUInt32LE(8),
      digest.readUInt32LE(12),
    ]);
    // An all-zero state would stay zero forever (practically impossible from SHA-256, but free to rule out).
    if (this.s.every((v) => v === 0)) this.s[0] = 1;
  }

  /** The next 32-bit output. */
  next(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1]!, 5), 7), 9) >>> 0;
    const t = (s[1]! << 9) >>> 0;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  }

  /** A uniform integer in [0, n), without modulo bias (rejection of the uneven top range). */
  below(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 2 ** 32) throw new RangeError(`below(${n})`);
    const limit = 2 ** 32 - (2 ** 32 % n);
    for (;;) {
      const x = this.next();
      if (x < limit) return x % n;
    }
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** `size` distinct indexes of [0, n), in draw order (a partial Fisher-Yates shuffle). */
export function drawIndexes(random: SeededRandom, n: number, size: number): number[] {
  const take = Math.min(size, n);
  const swapped = new Map<number, number>();
  const out: number[] = [];
  for (let i = 0; i < take; i++) {
    const j = i + random.below(n - i);
    const picked = swapped.get(j) ?? j;
    swapped.set(j, swapped.get(i) ?? i);
    out.push(picked);
  }
  return out;
}
