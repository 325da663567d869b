// Whether a run failed, decided once for every face: the CLI turns it into an exit code, the Action
// into a failed step with the reasons.
import { UNREAD_GAP_REASONS } from '../model/resource.ts';
import { type ResultGap, type Results, SEVERITIES, type Severity, type WaiverOutcome } from '../model/results.ts';

/** The lowest severity that fails a run; `never` reports findings without failing. */
export type FailOn = Severity | 'never';

export interface Verdict {
  /** `error`: input was not read or a waiver is invalid; `findings`: an open finding reaches fail-on. */
  outcome: 'ok' | 'findings' | 'error';
  findingsAtOrAbove: boolean;
  /** Gaps that mean some input was not read at all. */
  unread: ResultGap[];
  invalidWaivers: WaiverOutcome[];
}

const severityRank = (s: Severity) => SEVERITIES.indexOf(s);

/** Whether any open (not waived) finding is at or above the threshold severity. */
export function hasFindingsAtOrAbove(results: Results, threshold: Severity): boolean {
  return results.findings.some((f) => !f.waiver && severityRank(f.severity) <= severityRank(threshold));
}

/** Unread input and invalid waivers come first: a run that did not look everywhere is not clean. */
export function verdict(results: Results, failOn: FailOn): Verdict {
  const unread = results.gaps.filter((g) => UNREAD_GAP_REASONS.has(g.reason));
  const invalidWaivers = results.waivers.filter((w) => w.state === 'invalid');
  const findingsAtOrAbove = failOn !== 'never' && hasFindingsAtOrAbove(results, failOn);
  const outcome = unread.length > 0 || invalidWaivers.length > 0 ? 'error' : findingsAtOrAbove ? 'findings' : 'ok';
  return { outcome, findingsAtOrAbove, unread, invalidWaivers };
}
