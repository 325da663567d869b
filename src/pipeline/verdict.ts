// Whether a run failed, decided once for every face: the CLI turns it into an exit code, the Action
// into a failed step with the reasons.
import { UNREAD_GAP_REASONS } from '../model/resource.ts';
import { type ResultGap, type Results, SEVERITIES, type Severity, type WaiverOutcome } from '../model/results.ts';

/** The lowest severity that fails a run; `never` reports findings without failing. */
export type FailOn = Severity | 'never';

export interface VerdictOptions {
  /** A run that found no resource to check is clean rather than an error (`--allow-empty`). */
  allowEmpty?: boolean;
}

export interface Verdict {
  /**
   * `error`: input was not read, a waiver is invalid or nothing was found to check;
   * `findings`: an open finding reaches fail-on.
   */
  outcome: 'ok' | 'findings' | 'error';
  findingsAtOrAbove: boolean;
  /** Gaps that mean some input was not read at all. */
  unread: ResultGap[];
  invalidWaivers: WaiverOutcome[];
  /** No resource besides the files themselves was found (an empty folder, a wrong path), and that was not allowed. */
  empty: boolean;
}

const severityRank = (s: Severity) => SEVERITIES.indexOf(s);

/** Whether any open (not waived) finding is at or above the threshold severity. */
export function hasFindingsAtOrAbove(results: Results, threshold: Severity): boolean {
  return results.findings.some((f) => !f.waiver && severityRank(f.severity) <= severityRank(threshold));
}

/**
 * Resources the run could check, the files scanned for secrets left out: a folder of READMEs holds
 * no infrastructure, and a wrong path must not read as "no open findings".
 */
export function checkedResources(results: Results): number {
  return results.populations.filter((p) => p.kind !== 'iac.file').reduce((sum, p) => sum + p.count, 0);
}

/** Unread input, invalid waivers and an empty scan come first: a run that did not look everywhere is not clean. */
export function verdict(results: Results, failOn: FailOn, options: VerdictOptions = {}): Verdict {
  const unread = results.gaps.filter((g) => UNREAD_GAP_REASONS.has(g.reason));
  const invalidWaivers = results.waivers.filter((w) => w.state === 'invalid');
  const empty = options.allowEmpty !== true && checkedResources(results) === 0;
  const findingsAtOrAbove = failOn !== 'never' && hasFindingsAtOrAbove(results, failOn);
  const outcome =
    unread.length > 0 || invalidWaivers.length > 0 || empty ? 'error' : findingsAtOrAbove ? 'findings' : 'ok';
  return { outcome, findingsAtOrAbove, unread, invalidWaivers, empty };
}
