// Decides which failures each waiver accepts. Nothing is hidden: a waived finding stays in the
// list and carries its waiver, and every waiver gets an outcome (applied, expired or stale).
import type { Location, Resource } from '../model/resource.ts';
import type { AppliedWaiver, Finding, Waiver, WaiverOutcome, WaiverSelector, WaiverState } from '../model/results.ts';
import { byCodeUnits } from '../util/compare.ts';

/** An inline comment covers a resource whose definition starts at most this many lines below it. */
export const LINES_BELOW_COMMENT = 3;

/**
 * Pure. `today` is YYYY-MM-DD (UTC); a waiver applies up to and including its `expires` day.
 * Findings come back in the same order, none dropped. When several valid waivers match one
 * finding, the first in `waivers` order is the one the finding carries; the later ones still list
 * the finding and count as applied, since they would accept it too (removing the first must not
 * silently reopen anything without the report having shown the overlap).
 */
export function applyWaivers(
  findings: Finding[],
  waivers: Waiver[],
  resources: ReadonlyMap<string, Resource>,
  today: string,
): { findings: Finding[]; outcomes: WaiverOutcome[] } {
  const taken = new Map<number, AppliedWaiver>();
  const outcomes = waivers.map((waiver) => {
    const matched: number[] = [];
    findings.forEach((finding, index) => {
      if (matches(waiver, finding, resources.get(finding.resource.uid))) matched.push(index);
    });
    const expired = waiver.expires < today;
    if (!expired) for (const index of matched) if (!taken.has(index)) taken.set(index, appliedWaiver(waiver));
    const state: WaiverState = expired ? 'expired' : matched.length > 0 ? 'applied' : 'stale';
    return outcomeOf(
      waiver,
      state,
      matched.map((index) => (findings[index] as Finding).fingerprint),
    );
  });
  return {
    findings: findings.map((finding, index) => {
      const waiver = taken.get(index);
      return waiver ? { ...finding, waiver } : finding;
    }),
    outcomes: sortOutcomes(outcomes),
  };
}

const STATE_ORDER: Record<WaiverState, number> = { invalid: 0, expired: 1, stale: 2, applied: 3 };

/**
 * Order for reports: the ones needing attention first (invalid, expired, stale, applied), then by
 * origin file and line. Use it when merging inline `invalid` outcomes with applyWaivers' outcomes.
 */
export function sortOutcomes(outcomes: WaiverOutcome[]): WaiverOutcome[] {
  return [...outcomes].sort(
    (a, b) =>
      STATE_ORDER[a.state] - STATE_ORDER[b.state] || compareOrigins(a.origin, b.origin) || byCodeUnits(a.id, b.id),
  );
}

function matches(waiver: Waiver, finding: Finding, resource: Resource | undefined): boolean {
  if (!globToRegExp(waiver.rule, 'plain').test(finding.ruleId)) return false;
  return selects(waiver.selector, finding, resource);
}

// Every selector field given must hold. The resource from the snapshot is used (not the finding's
// copy) because the finding's location may be narrowed to one property's line.
function selects(selector: WaiverSelector, finding: Finding, resource: Resource | undefined): boolean {
  const location: Location = resource?.location ?? finding.resource.location;
  if (selector.uid !== undefined && !globToRegExp(selector.uid, 'plain').test(finding.resource.uid)) return false;
  if (selector.tags !== undefined) {
    const tags = resource?.tags ?? {};
    if (!Object.entries(selector.tags).every(([key, value]) => tags[key] === value)) return false;
  }
  if (selector.file !== undefined) {
    if (location.file === undefined || !globToRegExp(selector.file, 'path').test(location.file)) return false;
  }
  if (selector.line !== undefined && !coversLine(selector.line, location, finding.resource.location.line)) return false;
  return true;
}

/**
 * An inline comment on `line` covers a resource whose definition contains the line or starts
 * just below it. It also covers a failure reported on one of those lines: secrets are findings on
 * the file resource, which starts at line 1, so only the finding's own line can place the comment.
 */
function coversLine(line: number, location: Location, findingLine: number | undefined): boolean {
  const start = location.line;
  if (start !== undefined) {
    const end = location.endLine ?? start;
    if (start <= line && line <= end) return true;
    if (line < start && start <= line + LINES_BELOW_COMMENT) return true;
  }
  return findingLine !== undefined && line <= findingLine && findingLine <= line + LINES_BELOW_COMMENT;
}

const globCache = new Map<string, RegExp>();

/**
 * plain: `*` any run of characters, `?` one character (rule ids, uids).
 * path: `*` and `?` stay within one folder name, `**` spans folders (`a/**\/b` also matches `a/b`).
 */
export function globToRegExp(glob: string, mode: 'plain' | 'path'): RegExp {
  const key = `${mode}\0${glob}`;
  const cached = globCache.get(key);
  if (cached) return cached;
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] as string;
    if (char === '*' && mode === 'path' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (char === '*') {
      source += mode === 'path' ? '[^/]*' : '.*';
    } else if (char === '?') {
      source += mode === 'path' ? '[^/]' : '.';
    } else {
      source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  const regexp = new RegExp(`^${source}$`, 's');
  globCache.set(key, regexp);
  return regexp;
}

function appliedWaiver(waiver: Waiver): AppliedWaiver {
  const applied: AppliedWaiver = {
    id: waiver.id,
    reason: waiver.reason,
    expires: waiver.expires,
    origin: originText(waiver),
    kind: waiver.origin.kind,
  };
  if (waiver.ticket !== undefined) applied.ticket = waiver.ticket;
  if (waiver.approver !== undefined) applied.approver = waiver.approver;
  return applied;
}

function outcomeOf(waiver: Waiver, state: WaiverState, findings: string[]): WaiverOutcome {
  const outcome: WaiverOutcome = {
    id: waiver.id,
    rule: waiver.rule,
    selector: waiver.selector,
    reason: waiver.reason,
    expires: waiver.expires,
    origin: originText(waiver),
    state,
    findings,
  };
  if (waiver.ticket !== undefined) outcome.ticket = waiver.ticket;
  if (waiver.approver !== undefined) outcome.approver = waiver.approver;
  if (state === 'expired') {
    outcome.message = `expired on ${waiver.expires}; the ${findings.length} failure(s) it named are open again`;
  } else if (state === 'stale') {
    outcome.message = 'matches no failing resource: remove it or fix its rule and selector';
  }
  return outcome;
}

function originText(waiver: Waiver): string {
  return `${waiver.origin.file}:${waiver.origin.line}`;
}

// "file:line" compared by file, then by line as a number (so a.tf:9 comes before a.tf:10).
function compareOrigins(a: string, b: string): number {
  const [fileA, lineA] = splitOrigin(a);
  const [fileB, lineB] = splitOrigin(b);
  return byCodeUnits(fileA, fileB) || lineA - lineB;
}

function splitOrigin(origin: string): [string, number] {
  const colon = origin.lastIndexOf(':');
  const line = Number(origin.slice(colon + 1));
  return colon < 0 || !Number.isInteger(line) ? [origin, 0] : [origin.slice(0, colon), line];
}
