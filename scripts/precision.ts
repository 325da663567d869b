// npm run precision -- <trees> [--dump]
// Re-runs the precision measure of docs/precision.md: scans each example root listed in
// test/precision/expected.yaml with the CLI, as a user would (`assay scan <root> -f json`, run from
// <trees>, the folder the public repositories were exported into), and compares the outcome of
// every rule on every sampled resource with the hand-checked expectation. An outcome nobody has
// checked (a rule the file does not label for that resource) is reported, so that every finding,
// pass and not-evaluated on the sample stays reviewed. --dump prints the outcomes of the sampled
// resources as YAML to label from.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

type Outcome = 'fail' | 'pass' | 'not-evaluated';
type Truth = 'fail' | 'pass';

interface Sampled {
  uid: string;
  stratum: string;
  /** `holdout`: labelled after the fixes, on resources they were not derived from (default `sample`). */
  batch?: string;
  /** Rule id -> whether the resource truly violates the rule (checked by hand). */
  expect: Record<string, Truth>;
  /** Rule id -> why, where the label differs from what the scan said or is not obvious. */
  why?: Record<string, string>;
  /** What was checked, where the code alone does not show it. */
  note?: string;
}

interface Expected {
  sources: { tree: string; repo: string; commit: string }[];
  roots: string[];
  resources: Sampled[];
}

interface Evidence {
  ruleId: string;
  inScope: string[];
  failed: string[];
  passed: string[];
  waived: string[];
  notEvaluated: string[];
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const trees = args.find((a) => !a.startsWith('--'));
if (!trees || !existsSync(trees)) {
  console.error('usage: npm run precision -- <folder the repositories were exported into> [--dump]');
  process.exit(2);
}
const expected = parse(readFileSync(path.join(repoRoot, 'test/precision/expected.yaml'), 'utf8')) as Expected;

/** uid -> rule -> outcome, over every root. */
const outcomes = new Map<string, Map<string, Outcome>>();
for (const root of expected.roots) {
  let stdout: string;
  try {
    stdout = execFileSync(
      process.execPath,
      [path.join(repoRoot, 'bin/assay.js'), 'scan', root, '-f', 'json', '--root', '.'],
      { cwd: trees, maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] },
    ).toString();
  } catch (error) {
    // Exit 1 means findings; the JSON is still on stdout.
    stdout = String((error as { stdout?: Buffer }).stdout ?? '');
    if (!stdout) throw new Error(`scan of ${root} failed: ${(error as Error).message}`);
  }
  const report = JSON.parse(stdout) as { evidence: Evidence[] };
  for (const e of report.evidence) {
    const record = (uids: string[], outcome: Outcome) => {
      for (const uid of uids) {
        const rules = outcomes.get(uid) ?? new Map<string, Outcome>();
        rules.set(e.ruleId, outcome);
        outcomes.set(uid, rules);
      }
    };
    record(e.passed, 'pass');
    record(e.notEvaluated, 'not-evaluated');
    record([...e.failed, ...e.waived], 'fail');
  }
}

if (args.includes('--dump')) {
  const dump = expected.resources.map((r) => ({ uid: r.uid, outcomes: Object.fromEntries(outcomes.get(r.uid) ?? []) }));
  console.log(stringify(dump));
  process.exit(0);
}

interface Tally {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  /** Truly compliant, reported as not evaluated: no false alarm, but no answer either. */
  abstained: number;
}
const tallies = new Map<string, Tally>();
const batches = new Map<string, Tally>();
const disagreements: string[] = [];
const unlabelled: string[] = [];
for (const resource of expected.resources) {
  const actual = outcomes.get(resource.uid);
  if (!actual) {
    disagreements.push(`${resource.uid}: not in any scan`);
    continue;
  }
  for (const [rule, outcome] of actual)
    if (!(rule in resource.expect)) unlabelled.push(`${resource.uid} ${rule}: ${outcome}`);
  for (const [rule, truth] of Object.entries(resource.expect)) {
    const outcome = actual.get(rule) ?? 'absent';
    const batch = resource.batch ?? 'sample';
    for (const [map, key] of [
      [tallies, rule],
      [batches, batch],
    ] as const) {
      const t = map.get(key) ?? { tp: 0, fp: 0, fn: 0, tn: 0, abstained: 0 };
      if (truth === 'fail' && outcome === 'fail') t.tp++;
      else if (truth === 'fail') t.fn++;
      else if (outcome === 'fail') t.fp++;
      // Not judged at all (a read replica for the backup rule) is no false alarm either.
      else if (outcome === 'pass' || outcome === 'absent') t.tn++;
      else t.abstained++;
      map.set(key, t);
    }
    if ((truth === 'fail') !== (outcome === 'fail'))
      disagreements.push(`${resource.uid} ${rule}: expected ${truth}, got ${outcome}`);
  }
}

const ratio = (a: number, b: number) => (b === 0 ? '-' : (a / b).toFixed(2));
const total = { tp: 0, fp: 0, fn: 0, tn: 0, abstained: 0 };
console.log('| rule | TP | FP | FN | TN | not evaluated (compliant) | precision | recall |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const [rule, t] of [...tallies.entries()].sort(([a], [b]) => a.localeCompare(b))) {
  for (const k of Object.keys(total) as (keyof Tally)[]) total[k] += t[k];
  console.log(
    `| ${rule} | ${t.tp} | ${t.fp} | ${t.fn} | ${t.tn} | ${t.abstained} | ${ratio(t.tp, t.tp + t.fp)} | ${ratio(t.tp, t.tp + t.fn)} |`,
  );
}
const precision = total.tp / (total.tp + total.fp);
const recall = total.tp / (total.tp + total.fn);
console.log(
  `| **all** | ${total.tp} | ${total.fp} | ${total.fn} | ${total.tn} | ${total.abstained} | **${precision.toFixed(3)}** | **${recall.toFixed(3)}** |`,
);
for (const [batch, t] of batches)
  console.log(
    `| ${batch} | ${t.tp} | ${t.fp} | ${t.fn} | ${t.tn} | ${t.abstained} | ${ratio(t.tp, t.tp + t.fp)} | ${ratio(t.tp, t.tp + t.fn)} |`,
  );
console.log(`\n${expected.resources.length} resources sampled over ${expected.roots.length} roots.`);
for (const d of disagreements) console.log(`disagreement: ${d}`);
for (const u of unlabelled) console.log(`unlabelled: ${u}`);
process.exit(precision >= 0.95 && recall >= 0.94 && unlabelled.length === 0 ? 0 : 1);
