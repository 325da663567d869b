// Schedules as slots (daily, weekly, hourly, cron) and the seeded generator behind samples.
import { describe, expect, it } from 'vitest';
import { drawIndexes, SeededRandom } from '../../src/history/prng.ts';
import { compareProps } from '../../src/history/props.ts';
import { parseCron, periodBound, scheduleSlots } from '../../src/history/schedule.ts';

const d = (iso: string) => new Date(iso);
const iso = (slots: { from: Date; to: Date }[]) => slots.map((s) => [s.from.toISOString(), s.to.toISOString()]);

describe('schedule slots', () => {
  it('cuts a period into days, weeks and hours from its start', () => {
    expect(scheduleSlots('daily', d('2026-01-01T00:00:00Z'), d('2026-01-04T00:00:00Z'))).toHaveLength(3);
    const weeks = scheduleSlots('weekly', d('2026-01-01T00:00:00Z'), d('2026-01-20T00:00:00Z'));
    expect(iso(weeks).at(-1)).toEqual(['2026-01-15T00:00:00.000Z', '2026-01-20T00:00:00.000Z']);
    expect(scheduleSlots('hourly', d('2026-01-01T00:00:00Z'), d('2026-01-02T00:00:00Z'))).toHaveLength(24);
  });

  it('starts a slot at each cron firing: 02:30 on weekdays', () => {
    const slots = scheduleSlots('30 2 * * 1-5', d('2026-01-01T00:00:00Z'), d('2026-01-08T00:00:00Z'));
    // Jan 1 2026 is a Thursday: Thu, Fri, Mon, Tue, Wed.
    expect(slots.map((s) => s.from.toISOString())).toEqual([
      '2026-01-01T02:30:00.000Z',
      '2026-01-02T02:30:00.000Z',
      '2026-01-05T02:30:00.000Z',
      '2026-01-06T02:30:00.000Z',
      '2026-01-07T02:30:00.000Z',
    ]);
    expect(slots.at(-1)!.to.toISOString()).toBe('2026-01-08T00:00:00.000Z');
  });

  it('reads steps, lists and ranges, and either day field when both are restricted', () => {
    expect([...parseCron('*/15 0,12 * * *').minute]).toEqual([0, 15, 30, 45]);
    expect([...parseCron('0 0 * * 7').dayOfWeek]).toEqual([0]);
    // The 1st of the month or any Monday (cron's rule when both day fields are given).
    const slots = scheduleSlots('0 0 1 * 1', d('2026-01-01T00:00:00Z'), d('2026-01-31T00:00:00Z'));
    expect(slots.map((s) => s.from.toISOString().slice(0, 10))).toEqual([
      '2026-01-01',
      '2026-01-05',
      '2026-01-12',
      '2026-01-19',
      '2026-01-26',
    ]);
  });

  it('refuses a malformed expression with the field named', () => {
    expect(() => parseCron('0 2 * *')).toThrow(/five-field cron/);
    expect(() => parseCron('61 2 * * *')).toThrow(/minute field: "61" is outside 0-59/);
    expect(() => parseCron('0 2 x * *')).toThrow(/day of month field: cannot read "x"/);
    expect(() => parseCron('0 2 * * 1-9')).toThrow(/day of week field/);
    expect(() => scheduleSlots('fortnightly', d('2026-01-01'), d('2026-02-01'))).toThrow(/five-field cron/);
  });

  it('reads a date as the whole UTC day', () => {
    expect(periodBound('2026-06-30', 'to').toISOString()).toBe('2026-07-01T00:00:00.000Z');
    expect(periodBound('2026-06-30', 'from').toISOString()).toBe('2026-06-30T00:00:00.000Z');
    expect(periodBound('2026-06-30T12:00:00Z', 'to').toISOString()).toBe('2026-06-30T12:00:00.000Z');
    expect(() => periodBound('30/06/2026', 'to')).toThrow(/--to must be a date/);
  });
});

describe('seeded generator', () => {
  it('is a pure function of the seed', () => {
    const a = new SeededRandom('s');
    const b = new SeededRandom('s');
    const c = new SeededRandom('t');
    const seq = (r: SeededRandom) => Array.from({ length: 8 }, () => r.next());
    const first = seq(a);
    expect(seq(b)).toEqual(first);
    expect(seq(c)).not.toEqual(first);
    expect(first.every((x) => Number.isInteger(x) && x >= 0 && x < 2 ** 32)).toBe(true);
  });

  it('draws distinct indexes, each index about equally often', () => {
    const random = new SeededRandom('uniform');
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 2000; i++) {
      const drawn = drawIndexes(random, 10, 3);
      expect(new Set(drawn).size).toBe(3);
      for (const k of drawn) counts[k] += 1;
    }
    // 600 expected per index; a biased draw (e.g. always the first ones) falls far outside.
    for (const n of counts) expect(n).toBeGreaterThan(480);
    for (const n of counts) expect(n).toBeLessThan(720);
    expect(drawIndexes(new SeededRandom('x'), 3, 10).sort()).toEqual([0, 1, 2]);
    expect(() => new SeededRandom('x').below(0)).toThrow(RangeError);
  });
});

describe('property comparison', () => {
  it('follows named elements, ignores line numbers and element order of plain arrays', () => {
    const before = { rules: [{ name: 'ssh', sources: ['0.0.0.0/0'], line: 3 }], ports: [1, 2] };
    const after = { rules: [{ name: 'ssh', sources: ['10.0.0.0/8'], line: 9 }], ports: [2, 1] };
    expect(compareProps(before, after)).toEqual([
      { path: 'rules[ssh].sources', before: ['0.0.0.0/0'], after: ['10.0.0.0/8'] },
    ]);
    expect(compareProps({ a: 1 }, { b: 1 })).toEqual([
      { path: 'a', before: 1 },
      { path: 'b', after: 1 },
    ]);
    expect(compareProps({ a: { b: 1 } }, { a: { b: 2 } }, ['a'])).toEqual([]);
  });
});
