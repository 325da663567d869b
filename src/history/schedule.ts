// The schedule audits were meant to run on, as slots of time: each slot with no complete run in it is
// a missed run, which an auditor asks about. `daily`, `weekly`, `hourly`, or a five-field cron
// expression (minute hour day-of-month month day-of-week, UTC) whose firings start the slots.
import { HistoryError } from './runs.ts';

export interface Slot {
  from: Date;
  /** Exclusive. */
  to: Date;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const FIXED: Record<string, number> = { hourly: HOUR, daily: DAY, weekly: 7 * DAY };

/** Slots covering [start, end): fixed intervals from the start, or from each cron firing to the next. */
export function scheduleSlots(expression: string, start: Date, end: Date): Slot[] {
  const step = FIXED[expression];
  const firings = step === undefined ? cronFirings(parseCron(expression), start, end) : fixedFirings(step, start, end);
  return firings.map((from, i) => ({ from, to: firings[i + 1] ?? end }));
}

function fixedFirings(step: number, start: Date, end: Date): Date[] {
  const out: Date[] = [];
  for (let t = start.getTime(); t < end.getTime(); t += step) out.push(new Date(t));
  return out;
}

interface Cron {
  minute: Set<number>;
  hour: Set<number>;
  dayOfMonth: Set<number>;
  month: Set<number>;
  dayOfWeek: Set<number>;
  /** Both day fields restricted: cron fires when either matches. */
  eitherDay: boolean;
}

const FIELDS: [name: string, min: number, max: number][] = [
  ['minute', 0, 59],
  ['hour', 0, 23],
  ['day of month', 1, 31],
  ['month', 1, 12],
  ['day of week', 0, 7],
];

export function parseCron(expression: string): Cron {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) {
    throw new HistoryError(
      `--schedule must be daily, weekly, hourly or a five-field cron expression (minute hour day month weekday), not ${JSON.stringify(expression)}`,
    );
  }
  const sets = parts.map((part, i) => parseField(part, ...FIELDS[i]!));
  const dayOfWeek = new Set([...sets[4]!].map((d) => d % 7));
  return {
    minute: sets[0]!,
    hour: sets[1]!,
    dayOfMonth: sets[2]!,
    month: sets[3]!,
    dayOfWeek,
    eitherDay: parts[2] !== '*' && parts[4] !== '*',
  };
}

function parseField(text: string, name: string, min: number, max: number): Set<number> {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(item);
    if (!m) throw new HistoryError(`cron ${name} field: cannot read ${JSON.stringify(item)}`);
    const from = m[1] === '*' ? min : Number(m[2]);
    const to = m[1] === '*' ? max : m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? max : from;
    const step = m[4] !== undefined ? Number(m[4]) : 1;
    if (from < min || to > max || from > to || step < 1) {
      throw new HistoryError(`cron ${name} field: ${JSON.stringify(item)} is outside ${min}-${max}`);
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

function cronMatches(cron: Cron, t: Date): boolean {
  if (!cron.minute.has(t.getUTCMinutes()) || !cron.hour.has(t.getUTCHours()) || !cron.month.has(t.getUTCMonth() + 1))
    return false;
  const dom = cron.dayOfMonth.has(t.getUTCDate());
  const dow = cron.dayOfWeek.has(t.getUTCDay());
  return cron.eitherDay ? dom || dow : dom && dow;
}

/** Every minute in [start, end) at which the expression fires. */
function cronFirings(cron: Cron, start: Date, end: Date): Date[] {
  const out: Date[] = [];
  const first = Math.ceil(start.getTime() / 60_000) * 60_000;
  for (let t = first; t < end.getTime(); t += 60_000) {
    const at = new Date(t);
    if (cronMatches(cron, at)) out.push(at);
  }
  return out;
}

/** A --from/--to value: a date is the whole UTC day (from its start, or to its end). */
export function periodBound(text: string, side: 'from' | 'to'): Date {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const date = new Date(dateOnly ? `${text}T00:00:00.000Z` : text);
  if (Number.isNaN(date.getTime())) {
    throw new HistoryError(`--${side} must be a date (YYYY-MM-DD) or an ISO date-time, not ${JSON.stringify(text)}`);
  }
  return dateOnly && side === 'to' ? new Date(date.getTime() + DAY) : date;
}
