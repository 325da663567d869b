// AD stores times in three forms: FILETIME (100-ns ticks since 1601-01-01 UTC, as a decimal string)
// for pwdLastSet and lastLogonTimestamp, GeneralizedTime for whenCreated, and negative tick counts
// for policy intervals (maxPwdAge, lockoutDuration). Values exceed 2^53, so they are read as BigInt.

const TICKS_PER_MS = 10_000n;
/** Milliseconds from 1601-01-01 to 1970-01-01. */
const EPOCH_OFFSET_MS = 11_644_473_600_000n;
/** 0x7FFFFFFFFFFFFFFF: "never" in FILETIME attributes such as accountExpires. */
const FILETIME_NEVER = 0x7fffffffffffffffn;
/** 0x8000000000000000 read as signed: "never" or "forever" in interval attributes (maxPwdAge, lockoutDuration). */
const INTERVAL_NEVER = -0x8000000000000000n;
const MS_PER_DAY = 86_400_000;

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

function integer(value: string): bigint | undefined {
  return /^-?\d+$/.test(value.trim()) ? BigInt(value.trim()) : undefined;
}

/**
 * A FILETIME attribute as an ISO 8601 UTC instant; `null` when the value means "not set" or "never"
 * (0 or 0x7FFFFFFFFFFFFFFF).
 */
export function fileTimeToIso(value: string): Parsed<string | null> {
  const ticks = integer(value);
  if (ticks === undefined || ticks < 0n) return { ok: false, problem: `'${value}' is not a FILETIME` };
  if (ticks === 0n || ticks === FILETIME_NEVER) return { ok: true, value: null };
  const ms = ticks / TICKS_PER_MS - EPOCH_OFFSET_MS;
  const date = new Date(Number(ms));
  if (Number.isNaN(date.getTime())) return { ok: false, problem: `'${value}' is outside the representable dates` };
  return { ok: true, value: date.toISOString() };
}

/** RFC 4517 GeneralizedTime ("20240115083000.0Z", "202401150830Z", "20240115083000+0100") as ISO 8601 UTC. */
export function generalizedTimeToIso(value: string): Parsed<string> {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})?(\d{2})?(?:[.,](\d+))?(Z|[+-]\d{2}(?:\d{2})?)$/.exec(
    value.trim(),
  );
  if (!match) return { ok: false, problem: `'${value}' is not a GeneralizedTime` };
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  // A fraction belongs to the last unit given (hours, minutes or seconds).
  const unitMs = s !== undefined ? 1000 : mi !== undefined ? 60_000 : 3_600_000;
  const fractionMs = fraction ? Math.floor(Number(`0.${fraction}`) * unitMs) : 0;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi ?? 0), Number(s ?? 0)) + fractionMs;
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const offsetMinutes = Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5) || 0);
    ms -= sign * offsetMinutes * 60_000;
  }
  const date = new Date(ms);
  const sane =
    !Number.isNaN(date.getTime()) && Number(mo) >= 1 && Number(mo) <= 12 && Number(d) >= 1 && Number(d) <= 31;
  if (!sane || Number(h) > 23 || Number(mi ?? 0) > 59 || Number(s ?? 0) > 60) {
    return { ok: false, problem: `'${value}' is not a valid GeneralizedTime` };
  }
  return { ok: true, value: date.toISOString() };
}

/**
 * A policy interval (negative 100-ns ticks) in the given unit; `null` when it means "never"/"forever"
 * (0 or 0x8000000000000000). `round` says which way a fraction goes, so a rule's threshold is met only
 * when the whole configured interval meets it.
 */
export function intervalTo(value: string, unit: 'days' | 'minutes', round: 'up' | 'down'): Parsed<number | null> {
  const ticks = integer(value);
  if (ticks === undefined) return { ok: false, problem: `'${value}' is not an interval` };
  if (ticks === 0n || ticks === INTERVAL_NEVER) return { ok: true, value: null };
  // AD stores these negative; a positive value is not valid there, so it is not guessed at.
  if (ticks > 0n) return { ok: false, problem: `'${value}' is positive; AD intervals are negative tick counts` };
  const magnitude = -ticks;
  const perUnit = unit === 'days' ? 864_000_000_000n : 600_000_000n;
  const whole = magnitude / perUnit;
  const rest = magnitude % perUnit;
  return { ok: true, value: Number(round === 'up' && rest > 0n ? whole + 1n : whole) };
}

/** Whole days from an ISO instant to now; 0 for instants in the future (clock skew). */
export function wholeDaysSince(iso: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(iso)) / MS_PER_DAY));
}
