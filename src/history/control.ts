// A control named on the command line ("pci-dss:8.3.6", "soc2:CC6.1") and its timeline over runs.
import type { RunRange } from '../model/history.ts';
import { type ControlDigest, controlKey } from '../model/period.ts';
import type { ControlStatus } from '../model/results.ts';
import { digestOf, HistoryError, type HistoryReader, hasResults } from './runs.ts';

export interface ControlRef {
  framework: string;
  control: string;
}

export function parseControlRef(text: string): ControlRef {
  const at = text.indexOf(':');
  if (at <= 0 || at === text.length - 1) {
    throw new HistoryError(`--control must be <framework>:<control> (e.g. pci-dss:8.3.6), not ${JSON.stringify(text)}`);
  }
  return { framework: text.slice(0, at), control: text.slice(at + 1) };
}

export interface TimelineEntry {
  run: string;
  seq: number;
  startedAt: string;
  /** Absent when the run has no results, or its results do not hold the control (framework not asked for). */
  status?: ControlStatus | 'no-results' | 'not-assessed';
  /** Resources in scope, and how many of them were evaluated (not unknown): the coverage of the status. */
  coverage?: { inScope: number; evaluated: number; passed: number; failed: number; waived: number; gaps: number };
}

export interface ControlTimeline {
  framework: string;
  control: string;
  title?: string;
  entries: TimelineEntry[];
}

function coverageOf(c: ControlDigest): NonNullable<TimelineEntry['coverage']> {
  return {
    inScope: c.inScope,
    evaluated: c.inScope - c.notEvaluated,
    passed: c.passed,
    failed: c.failed,
    waived: c.waived,
    gaps: c.gaps,
  };
}

export async function controlTimeline(
  reader: HistoryReader,
  ref: ControlRef,
  range?: RunRange,
): Promise<ControlTimeline> {
  const key = controlKey(ref.framework, ref.control);
  const timeline: ControlTimeline = { ...ref, entries: [] };
  let known = false;
  for (const run of await reader.listRuns(range)) {
    const entry: TimelineEntry = { run: run.id, seq: run.seq, startedAt: run.startedAt };
    const digest = hasResults(run) ? await digestOf(reader, run) : undefined;
    if (!digest) {
      entry.status = 'no-results';
    } else if (!digest.controls[key]) {
      entry.status = 'not-assessed';
    } else {
      known = true;
      timeline.title ??= digest.titles[key];
      entry.status = digest.controls[key].status;
      entry.coverage = coverageOf(digest.controls[key]);
    }
    timeline.entries.push(entry);
  }
  if (!known && timeline.entries.some((e) => e.status === 'not-assessed')) {
    throw new HistoryError(`no stored run assessed ${key}: check the framework and control id (assay frameworks show)`);
  }
  return timeline;
}
