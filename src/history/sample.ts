// A reproducible sample for an auditor's test of operating effectiveness: the population (the runs
// that assessed a control in the period, or the resources those runs had in its scope) listed in a
// canonical order and hashed, then `size` items drawn with a seeded generator. The seed, the
// generator and the population's hash are recorded, so anyone can draw the same sample again.
import { createHash } from 'node:crypto';
import { controlKey } from '../model/period.ts';
import { byCodeUnits } from '../util/compare.ts';
import type { ControlRef } from './control.ts';
import { drawIndexes, PRNG_NAME, SeededRandom } from './prng.ts';
import { digestOf, HistoryError, type HistoryReader, hasResults } from './runs.ts';
import { periodBound } from './schedule.ts';

export interface SampleOptions {
  control: ControlRef;
  from: string;
  to: string;
  size: number;
  seed: string;
  of: 'runs' | 'resources';
}

export interface SampleItem {
  run: string;
  startedAt: string;
  /** Of: resources. */
  uid?: string;
  /** The control's status in that run (runs), or the resource's outcome under the control's rules. */
  outcome: string;
}

export interface Sample {
  control: string;
  period: { from: string; to: string };
  of: 'runs' | 'resources';
  seed: string;
  generator: string;
  population: { size: number; sha256: string; description: string };
  size: number;
  /** In draw order. */
  items: SampleItem[];
}

const line = (item: SampleItem) =>
  [item.run, ...(item.uid === undefined ? [] : [item.uid]), item.startedAt, item.outcome].join(' ');

/** The resources a run had in the control's scope, each with its outcome under the control's rules. */
async function resourceItems(reader: HistoryReader, runId: string, startedAt: string, ref: ControlRef) {
  const results = await reader.loadResults(runId);
  const control = results.frameworks.find((f) => f.id === ref.framework)?.controls.find((c) => c.id === ref.control);
  if (!control) return [];
  const rules = new Set(control.rules.map((r) => r.ruleId));
  const outcome = new Map<string, string>();
  const rank = ['failed', 'not-evaluated', 'waived', 'passed'];
  for (const e of results.evidence) {
    if (!rules.has(e.ruleId)) continue;
    const mark = (uids: string[], what: string) => {
      for (const uid of uids) {
        const was = outcome.get(uid);
        // A resource that fails any of the control's rules is failing for the control.
        if (was === undefined || rank.indexOf(what) < rank.indexOf(was)) outcome.set(uid, what);
      }
    };
    mark(e.passed, 'passed');
    mark(e.waived, 'waived');
    mark(e.notEvaluated, 'not-evaluated');
    mark(e.failed, 'failed');
  }
  return [...outcome].map(([uid, what]) => ({ run: runId, startedAt, uid, outcome: what }));
}

export async function drawSample(reader: HistoryReader, options: SampleOptions): Promise<Sample> {
  if (!Number.isInteger(options.size) || options.size < 1) throw new HistoryError('--size must be a positive integer');
  const start = periodBound(options.from, 'from');
  const end = periodBound(options.to, 'to');
  const key = controlKey(options.control.framework, options.control.control);
  const runs = await reader.listRuns({ from: start.toISOString(), to: new Date(end.getTime() - 1).toISOString() });
  const population: SampleItem[] = [];
  for (const run of runs.filter(hasResults)) {
    const digest = await digestOf(reader, run);
    const control = digest?.controls[key];
    if (!control || control.status === 'manual') continue;
    if (options.of === 'runs') population.push({ run: run.id, startedAt: run.startedAt, outcome: control.status });
    else population.push(...(await resourceItems(reader, run.id, run.startedAt, options.control)));
  }
  if (population.length === 0) throw new HistoryError(`no run in the period assessed ${key}: the population is empty`);
  // The canonical order makes the draw independent of how the store lists runs.
  const lines = population.map(line);
  const order = lines.map((_, i) => i).sort((a, b) => byCodeUnits(lines[a]!, lines[b]!));
  const hash = createHash('sha256');
  for (const i of order) hash.update(`${lines[i]}\n`);
  const random = new SeededRandom(options.seed);
  const items = drawIndexes(random, order.length, options.size).map((k) => population[order[k]!]!);
  return {
    control: key,
    period: { from: start.toISOString(), to: end.toISOString() },
    of: options.of,
    seed: options.seed,
    generator: PRNG_NAME,
    population: {
      size: population.length,
      sha256: hash.digest('hex'),
      description:
        options.of === 'runs'
          ? `complete runs in the period that assessed ${key}, one line "<run> <started> <status>" each, sorted`
          : `resources in scope of ${key}'s rules in each complete run of the period, one line "<run> <uid> <started> <outcome>" each, sorted`,
    },
    size: items.length,
    items,
  };
}
