// Evidence over a period (schema "assay.period/v1"): what `assay report --from --to` concludes from the
// stored runs, and every period renderer (src/reports/period) reads. Also the run digest: the few
// facts per control the period analyses need from one run's results, small enough to read 365 of.
import type { StoredRunStatus } from './history.ts';
import type { ControlStatus, Results, WaiverOutcome } from './results.ts';

/** One control in one run, without the evidence behind it. */
export interface ControlDigest {
  status: ControlStatus;
  /** Summed over the control's rules. */
  inScope: number;
  passed: number;
  failed: number;
  waived: number;
  notEvaluated: number;
  gaps: number;
  /** Ids of the waivers that accepted (or, expired, named) failures of this control's rules. */
  waivers: string[];
}

/** A waiver as the period report lists it: the outcome without the fingerprints it covered. */
export type WaiverDigest = Omit<WaiverOutcome, 'findings'> & { findings: number };

/** What the period analyses read of one run: control status by "<framework>:<control>". */
export interface RunDigest {
  controls: Record<string, ControlDigest>;
  /** Framework id -> "name version". */
  frameworks: Record<string, string>;
  /** Control key -> title. */
  titles: Record<string, string>;
  waivers: WaiverDigest[];
  resources: number;
  openFindings: number;
}

export const controlKey = (framework: string, control: string) => `${framework}:${control}`;

/** The digest of one results document (a store may keep it beside the results, so a period reads less). */
export function digestResults(results: Results): RunDigest {
  const waiversByFinding = new Map<string, string[]>();
  for (const w of results.waivers) {
    if (w.state !== 'applied' && w.state !== 'expired') continue;
    for (const fp of w.findings) waiversByFinding.set(fp, [...(waiversByFinding.get(fp) ?? []), w.id]);
  }
  const digest: RunDigest = {
    controls: {},
    frameworks: {},
    titles: {},
    waivers: results.waivers.map(({ findings, ...w }) => ({ ...w, findings: findings.length })),
    resources: results.summary.resources,
    openFindings: results.summary.open,
  };
  for (const f of results.frameworks) {
    digest.frameworks[f.id] = `${f.name} ${f.version}`;
    for (const c of f.controls) {
      const key = controlKey(f.id, c.id);
      const sum = (field: 'inScope' | 'passed' | 'failed' | 'waived' | 'notEvaluated') =>
        c.rules.reduce((n, r) => n + r[field], 0);
      const waivers = new Set(c.findings.flatMap((fp) => waiversByFinding.get(fp) ?? []));
      digest.titles[key] = c.title;
      digest.controls[key] = {
        status: c.status,
        inScope: sum('inScope'),
        passed: sum('passed'),
        failed: sum('failed'),
        waived: sum('waived'),
        notEvaluated: sum('notEvaluated'),
        gaps: c.gaps.length,
        waivers: [...waivers].sort(),
      };
    }
  }
  return digest;
}

/** A stored run as the period report names it. */
export interface PeriodRun {
  id: string;
  seq: number;
  startedAt: string;
  status: StoredRunStatus;
}

/** Consecutive runs in which a control failed (not-evaluated runs between failures do not end it). */
export interface FailingStretch {
  runs: number;
  firstRun: string;
  lastRun: string;
  from: string;
  to: string;
  /** The first later run in which the control passed (or was an accepted exception); absent: still failing. */
  endedBy?: string;
}

/** A waiver that accepted failures of the control during the period. */
export interface PeriodException {
  waiver: string;
  reason: string;
  ticket?: string;
  approver?: string;
  expires: string;
  origin: string;
  /** The states it had in the period's runs (applied, expired...). */
  states: string[];
  runs: number;
  firstRun: string;
  lastRun: string;
}

export interface PeriodControl {
  framework: string;
  control: string;
  title: string;
  /** Runs with results in the period (the control's assessments). */
  runs: number;
  statusCounts: Record<ControlStatus, number>;
  passed: number;
  /** The status of the last run in the period. */
  lastStatus: ControlStatus;
  longestFailing?: FailingStretch;
  exceptions: PeriodException[];
  /** Per run, oldest first: the timeline the HTML chart draws. */
  timeline: { run: string; startedAt: string; status: ControlStatus; inScope: number; failed: number }[];
}

/** A slot of the schedule with no complete run in it. */
export interface MissedSlot {
  from: string;
  to: string;
  /** Runs that started in the slot but did not complete (failed, interrupted, still running). */
  incomplete: string[];
}

export interface PeriodReport {
  schema: 'assay.period/v1';
  generatedAt: string;
  tool: { name: 'assay'; version: string };
  period: { from: string; to: string };
  schedule?: { expression: string; slots: number; satisfied: number; missed: MissedSlot[] };
  runs: {
    total: number;
    complete: number;
    /** Runs that ended without results: they are evidence of nothing but themselves. */
    withoutResults: PeriodRun[];
    first?: PeriodRun;
    last?: PeriodRun;
  };
  /** Framework id -> "name version", as the runs name them. */
  frameworks: Record<string, string>;
  /** Manual controls are left out: no run can evidence them. */
  controls: PeriodControl[];
}
