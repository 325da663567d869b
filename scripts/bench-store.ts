// npm run bench (bench-store) — the run store over a year: 365 daily runs of a 10,000-resource
// estate stored, the clock moved a day per run, in SQLite (and in PostgreSQL with
// BENCH_STORE_PG=postgres://…). Each day 0.2% of the resources change (a tag), the sources record
// that day's times, and the run has its own identity. Evaluation is real on day 1 and every 73rd
// day; between them a day's results are the last evaluation's with that day's run identity and
// snapshot hash (what the store sees of an unchanged estate). Then one more day on which nothing
// changed. Reports, with CPU time beside wall time (the machine may be shared): the time to store
// a run, the size on disk per run, an unchanged day's cost, the period report over the year
// (target < 10 s), `verify` over the year, and reading the last run's results back.
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { periodReport } from '../src/history/period.ts';
import type { Resource, Source } from '../src/model/resource.ts';
import type { Results } from '../src/model/results.ts';
import { makeSnapshot, serializeSnapshot, sha256 } from '../src/model/snapshot.ts';
import { evaluateSnapshots } from '../src/pipeline/evaluate.ts';
import { startRun } from '../src/pipeline/run.ts';
import { openRunStore, type RunStore } from '../src/store/index.ts';
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

/** Wall and CPU (user + system, every thread of the process) time of `work`, in milliseconds. */
async function timed<T>(work: () => Promise<T>): Promise<{ value: T; wallMs: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const t = performance.now();
  const value = await work();
  const used = process.cpuUsage(cpu);
  return { value, wallMs: performance.now() - t, cpuMs: (used.user + used.system) / 1000 };
}

function sqliteBytes(file: string): number {
  // Fold the write-ahead log into the file first, so the file's size is what the data takes.
  const db = new Database(file);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return readdirSync(path.dirname(file))
    .filter((f) => f.startsWith(path.basename(file)))
    .reduce((sum, f) => sum + statSync(path.join(path.dirname(file), f)).size, 0);
}

async function postgresBytes(store: RunStore): Promise<number> {
  const db = (store as unknown as { db: { all: (sql: string) => Promise<Record<string, unknown>[]> } }).db;
  const [row] = await db.all('SELECT pg_database_size(current_database()) AS bytes');
  return Number(row!.bytes);
}

const ms = (n: number) => `${n.toFixed(0)} ms`;
const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const s1 = (n: number) => `${(n / 1000).toFixed(1)} s`;

async function bench(location: string, label: string): Promise<boolean> {
  const store = await openRunStore(location);
  const bytes = () => (label === 'SQLite' ? Promise.resolve(sqliteBytes(location)) : postgresBytes(store));
  const start = new Date('2026-01-01T02:00:00Z');
  let evaluated: { results: Results; snapshotSha: string } | undefined;
  const storeTimes = { wallMs: 0, cpuMs: 0 };
  let firstRun = { wallMs: 0, cpuMs: 0 };
  const empty = await bytes();
  let afterFirst = 0;
  let afterYear = 0;
  let unchanged = { wallMs: 0, cpuMs: 0, bytes: 0 };
  for (let day = 0; day <= DAYS; day++) {
    const at = new Date(start.getTime() + day * DAY_MS);
    // The day after the year: the estate as on the last day, only the times and the run's identity new.
    const text = snapshotText(Math.min(day, DAYS - 1), at);
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
    const took = await timed(async () => {
      await store.beginRun({ id: run.id, startedAt: at.toISOString(), configSha256: 'bench' });
      await store.finishRun(run.id, {
        status: 'complete',
        finishedAt: results.generatedAt,
        exitCode: 1,
        results,
        snapshots: [{ name: 'iac', text }],
      });
    });
    if (day === DAYS) {
      unchanged = { ...took, bytes: (await bytes()) - afterYear };
      continue;
    }
    storeTimes.wallMs += took.wallMs;
    storeTimes.cpuMs += took.cpuMs;
    if (day === 0) {
      firstRun = took;
      afterFirst = await bytes();
    }
    if (day === DAYS - 1) afterYear = await bytes();
    if (day % 73 === 72) console.error(`  store: ${day + 1} runs stored`);
  }
  const from = start.toISOString().slice(0, 10);
  const to = new Date(start.getTime() + (DAYS - 1) * DAY_MS).toISOString().slice(0, 10);
  const report = await timed(() => periodReport(store, { from, to, schedule: 'daily', toolVersion: VERSION }));
  const check = await timed(() => store.verify());
  const read = await timed(async () => {
    const runs = await store.listRuns();
    return store.loadResults(runs.at(-1)!.id);
  });
  await store.close();

  const perRun = (afterYear - afterFirst) / Math.max(1, DAYS - 1);
  console.log(
    `store (${label}): ${DAYS} daily runs of ${RESOURCES.toLocaleString('en')} resources, then one unchanged day`,
  );
  console.log(
    `  store a run: ${ms(storeTimes.wallMs / DAYS)} wall, ${ms(storeTimes.cpuMs / DAYS)} CPU on average; ` +
      `the first ${ms(firstRun.wallMs)} wall, ${ms(firstRun.cpuMs)} CPU; the year ${s1(storeTimes.wallMs)} wall, ${s1(storeTimes.cpuMs)} CPU`,
  );
  console.log(
    `  on disk: first run ${kb(afterFirst - empty)}, each further run ${kb(perRun)}, ${mb(afterYear - empty)} for the year ` +
      `(one uncompressed snapshot is ${mb(snapshotText(0, start).length)})`,
  );
  console.log(
    `  an unchanged day: ${kb(unchanged.bytes)} on disk, ${ms(unchanged.wallMs)} wall, ${ms(unchanged.cpuMs)} CPU`,
  );
  console.log(
    `  period report over the year (--schedule daily): ${s1(report.wallMs)} wall, ${s1(report.cpuMs)} CPU (target < 10 s); ` +
      `${report.value.controls.length} controls, ${report.value.runs.complete} complete runs`,
  );
  console.log(
    `  verify over the year: ${s1(check.wallMs)} wall, ${s1(check.cpuMs)} CPU (${check.value.ok ? 'intact' : `FAILED: ${check.value.problems.join('; ')}`}); ` +
      `the last run's results read in ${ms(read.wallMs)} wall, ${ms(read.cpuMs)} CPU`,
  );
  return check.value.ok;
}

async function benchSqlite(): Promise<boolean> {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  return bench(path.join(work, 'history.db'), 'SQLite');
}

// BENCH_STORE_SQLITE=0 with BENCH_STORE_PG measures PostgreSQL alone.
let ok = process.env.BENCH_STORE_SQLITE === '0' || (await benchSqlite());
if (process.env.BENCH_STORE_PG) ok = (await bench(process.env.BENCH_STORE_PG, 'PostgreSQL')) && ok;
if (!ok) process.exitCode = 1;
