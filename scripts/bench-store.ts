// npm run bench (bench-store) — the run store over a year: 365 daily runs of a 10,000-resource
// estate stored in SQLite, the clock moved a day per run. Each day 0.2% of the resources change
// (a tag), the sources record that day's times, and the run has its own identity. Evaluation is
// real on day 1 and every 73rd day; between them a day's results are the last evaluation's with
// that day's run identity and snapshot hash (what the store sees of an unchanged estate). Reports
// the store's size on disk per run, the time to store a run, and `verify` over the year.
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Resource, Source } from '../src/model/resource.ts';
import type { Results } from '../src/model/results.ts';
import { makeSnapshot, serializeSnapshot, sha256 } from '../src/model/snapshot.ts';
import { evaluateSnapshots } from '../src/pipeline/evaluate.ts';
import { startRun } from '../src/pipeline/run.ts';
import { openRunStore } from '../src/store/index.ts';
import { VERSION } from '../src/version.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = path.join(repoRoot, '.bench', 'store');
const DAYS = Number(process.env.BENCH_STORE_DAYS ?? 365);
const RESOURCES = 10_000;
const DAY_MS = 86_400_000;

function changed(i: number, day: number): boolean {
  return (i - day * 37) % 499 === 0 && i < 20 * 499 + day * 37;
}

function estate(day: number): Resource[] {
  const resources: Resource[] = [];
  for (let i = 0; i < RESOURCES; i++) {
    const location = { file: `mod${i % 500}/main.tf`, line: (i % 200) + 1 };
    // 20 resources scattered over the estate get a new tag value each day: drift the store must keep.
    const tags = { team: `t${i % 7}`, rev: String(changed(i, day) ? day : 0) };
    const base = { provider: 'aws' as const, location, sourceId: 'iac', name: `r${i}`, tags };
    if (i % 2 === 0) {
      resources.push({
        ...base,
        uid: `b${i}`,
        kind: 'storage.bucket',
        nativeType: 'aws_s3_bucket',
        props: { versioning: { enabled: i % 4 === 0 }, encryption: { enabled: true } },
      } as Resource);
    } else {
      resources.push({
        ...base,
        uid: `db${i}`,
        kind: 'database.instance',
        nativeType: 'aws_db_instance',
        props: { publiclyAccessible: i % 7 === 0, encryption: { enabled: i % 3 === 0 }, backupRetentionDays: i % 14 },
      } as Resource);
    }
  }
  return resources;
}

function snapshotText(day: number, at: Date): string {
  const source: Source = {
    id: 'iac',
    collector: 'iac',
    target: 'infra/',
    startedAt: at.toISOString(),
    finishedAt: new Date(at.getTime() + 60_000).toISOString(),
    status: 'ok',
    gaps: [],
    itemCount: RESOURCES,
  };
  return serializeSnapshot(makeSnapshot(VERSION, [source], estate(day)));
}

function dirBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, f) => sum + statSync(path.join(dir, f)).size, 0);
}

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const file = path.join(work, 'history.db');
const store = await openRunStore(file);
const start = new Date('2026-01-01T02:00:00Z');
let evaluated: { results: Results; snapshotSha: string } | undefined;
let storeMs = 0;
const sizes: number[] = [];
for (let day = 0; day < DAYS; day++) {
  const at = new Date(start.getTime() + day * DAY_MS);
  const text = snapshotText(day, at);
  const snapshotSha = sha256(text);
  const run = startRun(at);
  let results: Results;
  if (!evaluated || day % 73 === 0) {
    const input = { snapshot: JSON.parse(text), sha256: snapshotSha, file: 'iac.json', text };
    results = await evaluateSnapshots([input], { run, now: new Date(at.getTime() + 120_000) });
    evaluated = { results, snapshotSha };
  } else {
    // The last evaluation, as this day's run: its identity, times and snapshot hash.
    const swapped = JSON.stringify(evaluated.results)
      .split(evaluated.snapshotSha)
      .join(snapshotSha)
      .split(evaluated.snapshotSha.slice(0, 12))
      .join(snapshotSha.slice(0, 12));
    results = JSON.parse(swapped) as Results;
    results.generatedAt = new Date(at.getTime() + 120_000).toISOString();
    results.run = { ...results.run!, id: run.id, startedAt: at.toISOString(), finishedAt: results.generatedAt };
  }
  const t0 = performance.now();
  await store.beginRun({ id: run.id, startedAt: at.toISOString(), configSha256: 'bench' });
  await store.finishRun(run.id, {
    status: 'complete',
    finishedAt: results.generatedAt,
    exitCode: 1,
    results,
    snapshots: [{ name: 'iac', text }],
  });
  storeMs += performance.now() - t0;
  if (day === 0 || day === DAYS - 1) sizes.push(dirBytes(work));
}
const t1 = performance.now();
const check = await store.verify();
const verifyMs = performance.now() - t1;
const t2 = performance.now();
const runs = await store.listRuns();
await store.loadResults(runs.at(-1)!.id);
const readMs = performance.now() - t2;
await store.close();

const total = dirBytes(work);
const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const first = sizes[0]!;
console.log(`store: ${DAYS} daily runs of ${RESOURCES.toLocaleString('en')} resources in SQLite (${file})`);
console.log(
  `store: first run ${kb(first)} on disk, each further run ${kb((total - first) / Math.max(1, DAYS - 1))}, ` +
    `${mb(total)} for the year (the uncompressed snapshot alone is ${mb(snapshotText(0, start).length)})`,
);
console.log(
  `store: ${(storeMs / DAYS).toFixed(0)} ms to store a run; verify of the year ${(verifyMs / 1000).toFixed(1)} s (${check.ok ? 'intact' : 'FAILED'}); last run's results read in ${readMs.toFixed(0)} ms`,
);
if (!check.ok) process.exitCode = 1;
