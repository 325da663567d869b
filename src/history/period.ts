// Evidence over a period, per control: how many runs assessed it, how many passed, the longest
// failing stretch and the runs behind it, the exceptions accepted and who approved them, and the
// scheduled runs that are missing. Reads one digest per run, oldest first, and keeps only counts.
import type { StoredRun } from '../model/history.ts';
import type {
  ControlDigest,
  FailingStretch,
  PeriodControl,
  PeriodException,
  PeriodReport,
  RunDigest,
  WaiverDigest,
} from '../model/period.ts';
import { CONTROL_STATUSES, type ControlStatus } from '../model/results.ts';
import { byCodeUnits } from '../util/compare.ts';
import { digestOf, HistoryError, type HistoryReader, hasResults, periodRun } from './runs.ts';
import { periodBound, scheduleSlots } from './schedule.ts';

export interface PeriodOptions {
  from: string;
  to: string;
  schedule?: string;
  /** Only controls of these frameworks (ids); default every framework the runs assessed. */
  frameworks?: string[];
  now?: Date;
  toolVersion: string;
}

/** A control's state while its runs are read in order. */
interface Tracker {
  out: PeriodControl;
  current?: FailingStretch;
  exceptions: Map<string, PeriodException>;
}

const zeroCounts = () => Object.fromEntries(CONTROL_STATUSES.map((s) => [s, 0])) as Record<ControlStatus, number>;

function track(tracker: Tracker, run: StoredRun, control: ControlDigest, waivers: Map<string, WaiverDigest>) {
  const { out } = tracker;
  out.runs += 1;
  out.statusCounts[control.status] += 1;
  out.lastStatus = control.status;
  out.timeline.push({
    run: run.id,
    startedAt: run.startedAt,
    status: control.status,
    inScope: control.inScope,
    failed: control.failed,
  });
  if (control.status === 'fail') {
    if (tracker.current) {
      tracker.current.runs += 1;
      tracker.current.lastRun = run.id;
      tracker.current.to = run.startedAt;
    } else {
      tracker.current = { runs: 1, firstRun: run.id, lastRun: run.id, from: run.startedAt, to: run.startedAt };
    }
    if (!out.longestFailing || tracker.current.runs > out.longestFailing.runs) out.longestFailing = tracker.current;
  } else if (control.status === 'pass' || control.status === 'exception') {
    if (tracker.current) tracker.current.endedBy = run.id;
    tracker.current = undefined;
  }
  // A not-evaluated run shows no fix: a stretch goes on through it, without counting it as failing.
  for (const id of control.waivers) {
    const w = waivers.get(id);
    if (!w) continue;
    const seen = tracker.exceptions.get(id);
    if (seen) {
      seen.runs += 1;
      seen.lastRun = run.id;
      if (!seen.states.includes(w.state)) seen.states.push(w.state);
      continue;
    }
    tracker.exceptions.set(id, {
      waiver: id,
      reason: w.reason,
      ...(w.ticket ? { ticket: w.ticket } : {}),
      ...(w.approver ? { approver: w.approver } : {}),
      expires: w.expires,
      origin: w.origin,
      states: [w.state],
      runs: 1,
      firstRun: run.id,
      lastRun: run.id,
    });
  }
}

export async function periodReport(reader: HistoryReader, options: PeriodOptions): Promise<PeriodReport> {
  const start = periodBound(options.from, 'from');
  const end = periodBound(options.to, 'to');
  if (end <= start) throw new HistoryError(`--to (${options.to}) is before --from (${options.from})`);
  // listRuns' bounds are inclusive; the period's end is exclusive.
  const runs = await reader.listRuns({ from: start.toISOString(), to: new Date(end.getTime() - 1).toISOString() });
  const trackers = new Map<string, Tracker>();
  const frameworks: Record<string, string> = {};
  const wanted = options.frameworks?.length ? new Set(options.frameworks) : undefined;
  const report: PeriodReport = {
    schema: 'assay.period/v1',
    generatedAt: (options.now ?? new Date()).toISOString(),
    tool: { name: 'assay', version: options.toolVersion },
    period: { from: start.toISOString(), to: end.toISOString() },
    runs: { total: runs.length, complete: 0, withoutResults: [] },
    frameworks,
    controls: [],
  };
  for (const run of runs) {
    const digest: RunDigest | undefined = hasResults(run) ? await digestOf(reader, run) : undefined;
    if (!digest) {
      report.runs.withoutResults.push(periodRun(run));
      continue;
    }
    report.runs.complete += 1;
    const waivers = new Map(digest.waivers.map((w) => [w.id, w]));
    for (const [id, name] of Object.entries(digest.frameworks)) if (!wanted || wanted.has(id)) frameworks[id] = name;
    for (const [key, control] of Object.entries(digest.controls)) {
      if (control.status === 'manual') continue;
      let tracker = trackers.get(key);
      if (!tracker) {
        const [framework, ...rest] = key.split(':');
        if (wanted && !wanted.has(framework!)) continue;
        tracker = {
          exceptions: new Map(),
          out: {
            framework: framework!,
            control: rest.join(':'),
            title: digest.titles[key] ?? '',
            runs: 0,
            statusCounts: zeroCounts(),
            passed: 0,
            lastStatus: control.status,
            exceptions: [],
            timeline: [],
          },
        };
        trackers.set(key, tracker);
      }
      track(tracker, run, control, waivers);
    }
  }
  if (runs.length > 0) {
    report.runs.first = periodRun(runs[0]!);
    report.runs.last = periodRun(runs.at(-1)!);
  }
  if (options.schedule) report.schedule = missedRuns(options.schedule, start, end, runs);
  report.controls = [...trackers.values()]
    .map(({ out, exceptions }) => ({ ...out, passed: out.statusCounts.pass, exceptions: [...exceptions.values()] }))
    .sort((a, b) => byCodeUnits(a.framework, b.framework) || byCodeUnits(a.control, b.control));
  return report;
}

/** The schedule's slots and those with no complete run started in them. */
function missedRuns(
  expression: string,
  start: Date,
  end: Date,
  runs: StoredRun[],
): NonNullable<PeriodReport['schedule']> {
  const slots = scheduleSlots(expression, start, end);
  // By start time (a merged shard run may sit later in the ledger than it started): walk them once.
  const starts = runs.map((r) => ({ run: r, at: Date.parse(r.startedAt) })).sort((a, b) => a.at - b.at);
  const missed: NonNullable<PeriodReport['schedule']>['missed'] = [];
  let i = 0;
  for (const slot of slots) {
    while (i < starts.length && starts[i]!.at < slot.from.getTime()) i++;
    const inSlot: StoredRun[] = [];
    for (let j = i; j < starts.length && starts[j]!.at < slot.to.getTime(); j++) inSlot.push(starts[j]!.run);
    if (inSlot.some(hasResults)) continue;
    missed.push({ from: slot.from.toISOString(), to: slot.to.toISOString(), incomplete: inSlot.map((r) => r.id) });
  }
  return { expression, slots: slots.length, satisfied: slots.length - missed.length, missed };
}
