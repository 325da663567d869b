// Two stored runs compared: findings that are new or fixed (by fingerprint), resources added,
// removed or changed property by property (from the stored snapshots), and control status changes.
import type { Resource, Snapshot } from '../model/resource.ts';
import type { ControlStatus, Finding, Results } from '../model/results.ts';
import { byCodeUnits } from '../util/compare.ts';
import { compareProps, type PropertyChange } from './props.ts';
import { type HistoryReader, pickPair } from './runs.ts';

export interface DiffFinding {
  fingerprint: string;
  ruleId: string;
  severity: Finding['severity'];
  uid: string;
  message: string;
  /** Accepted by a waiver in the run it is listed from. */
  waived: boolean;
}

export interface ResourceChange {
  uid: string;
  kind: string;
  name: string;
  changes: PropertyChange[];
}

export interface RunDiff {
  from: { id: string; seq: number; startedAt: string };
  to: { id: string; seq: number; startedAt: string };
  newFindings: DiffFinding[];
  fixedFindings: DiffFinding[];
  resources: {
    added: { uid: string; kind: string; name: string }[];
    removed: { uid: string; kind: string; name: string }[];
    changed: ResourceChange[];
  };
  controls: { framework: string; control: string; title: string; before?: ControlStatus; after?: ControlStatus }[];
}

const diffFinding = (f: Finding): DiffFinding => ({
  fingerprint: f.fingerprint,
  ruleId: f.ruleId,
  severity: f.severity,
  uid: f.resource.uid,
  message: f.message,
  waived: f.waiver !== undefined,
});

/** Findings of `b` whose fingerprint `a` does not have. */
function missingFrom(a: Results, b: Results): DiffFinding[] {
  const seen = new Set(a.findings.map((f) => f.fingerprint));
  return b.findings.filter((f) => !seen.has(f.fingerprint)).map(diffFinding);
}

function resourcesByUid(snapshots: Snapshot[]): Map<string, Resource> {
  const map = new Map<string, Resource>();
  for (const s of snapshots) for (const r of s.resources) map.set(r.uid, r);
  return map;
}

/** What a resource is, for comparing: its properties and tags (not where it was read from, nor raw). */
const comparable = (r: Resource) => ({ props: r.props, tags: r.tags ?? {} });
const brief = (r: Resource) => ({ uid: r.uid, kind: r.kind, name: r.name });

export function compareResources(before: Snapshot[], after: Snapshot[]): RunDiff['resources'] {
  const a = resourcesByUid(before);
  const b = resourcesByUid(after);
  const added = [...b.values()].filter((r) => !a.has(r.uid)).map(brief);
  const removed = [...a.values()].filter((r) => !b.has(r.uid)).map(brief);
  const changed: ResourceChange[] = [];
  for (const [uid, next] of b) {
    const previous = a.get(uid);
    if (!previous) continue;
    const changes = compareProps(comparable(previous), comparable(next));
    if (changes.length > 0) changed.push({ uid, kind: next.kind, name: next.name, changes });
  }
  const order = (x: { uid: string }, y: { uid: string }) => byCodeUnits(x.uid, y.uid);
  return { added: added.sort(order), removed: removed.sort(order), changed: changed.sort(order) };
}

export function compareControls(a: Results, b: Results): RunDiff['controls'] {
  const statuses = (r: Results) =>
    new Map(r.frameworks.flatMap((f) => f.controls.map((c) => [`${f.id}\u0000${c.id}`, { f: f.id, c }] as const)));
  const before = statuses(a);
  const after = statuses(b);
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort(byCodeUnits);
  const changes: RunDiff['controls'] = [];
  for (const key of keys) {
    const x = before.get(key);
    const y = after.get(key);
    if (x?.c.status === y?.c.status) continue;
    const { f, c } = (y ?? x)!;
    changes.push({
      framework: f,
      control: c.id,
      title: c.title,
      ...(x ? { before: x.c.status } : {}),
      ...(y ? { after: y.c.status } : {}),
    });
  }
  return changes;
}

export async function diffRuns(reader: HistoryReader, runA?: string, runB?: string): Promise<RunDiff> {
  const [a, b] = await pickPair(reader, runA, runB);
  const [resultsA, resultsB] = [await reader.loadResults(a.id), await reader.loadResults(b.id)];
  const [snapsA, snapsB] = [await reader.loadSnapshots(a.id), await reader.loadSnapshots(b.id)];
  const run = (r: typeof a) => ({ id: r.id, seq: r.seq, startedAt: r.startedAt });
  return {
    from: run(a),
    to: run(b),
    newFindings: missingFrom(resultsA, resultsB),
    fixedFindings: missingFrom(resultsB, resultsA),
    resources: compareResources(snapsA, snapsB),
    controls: compareControls(resultsA, resultsB),
  };
}
