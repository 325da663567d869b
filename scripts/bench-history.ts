// node --import tsx scripts/bench-history.ts [--runs N] [--resources N] [--reuse] [--from-results] —
// the period report over a year of history: N daily runs (default 365) of a 10,000-resource estate
// recorded in a SQLite run store through the store API, then `assay report --from --to --schedule
// daily` in a child process, as a user runs it (every period format written). Target: the report
// under 10 s. --reuse keeps the store a previous run recorded; --from-results also times the report
// reading every run's full results instead of the store's digests.
//
// The estate is synthetic and evaluated by the real pipeline (real rules, real wasm) in four
// variants (nothing changed; buckets made public; a key's rotation off; both), so controls fail for
// stretches of days; each day records one variant's results with that day's run identity. Two days
// have no run and one run fails, so the schedule has gaps to report.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PeriodReport } from '../src/model/period.ts';
import type { Resource } from '../src/model/resource.ts';
import type { Results } from '../src/model/results.ts';
import { makeSnapshot, serializeSnapshot, sha256 } from '../src/model/snapshot.ts';
import { evaluateSnapshots } from '../src/pipeline/evaluate.ts';
import { openRunStore } from '../src/store/index.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = path.join(repoRoot, '.bench', 'history');
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg('--runs', 365);
const RESOURCES = arg('--resources', 10_000);
const DAY = 86_400_000;
const FIRST_DAY = Date.UTC(2025, 0, 1, 2);

/** The estate: buckets, security groups, log groups, keys and trails in equal parts. */
function estate(count: number, variant: { publicBuckets: boolean; rotationOff: boolean }): Resource[] {
  const out: Resource[] = [];
  for (let i = 0; i < count; i++) {
    const at = {
      provider: 'aws' as const,
      sourceId: 'estate',
      location: { account: '111122223333', region: 'eu-west-1' },
    };
    const n = String(i).padStart(5, '0');
    switch (i % 5) {
      case 0:
        out.push({
          ...at,
          uid: `arn:aws:s3:::bench-${n}`,
          kind: 'storage.bucket',
          nativeType: 'AWS::S3::Bucket',
          name: `bench-${n}`,
          props: {
            encryption: { enabled: true },
            versioning: { enabled: true },
            publicAccess: { aclPublic: variant.publicBuckets && i % 50 === 0, policyPublic: false },
          },
        });
        break;
      case 1:
        out.push({
          ...at,
          uid: `arn:aws:ec2:eu-west-1:111122223333:security-group/sg-${n}`,
          kind: 'network.firewall',
          nativeType: 'AWS::EC2::SecurityGroup',
          name: `sg-${n}`,
          props: {
            rules: [
              {
                direction: 'ingress',
                action: 'allow',
                protocol: 'tcp',
                ports: [{ from: 443, to: 443 }],
                sources: ['10.0.0.0/8'],
              },
            ],
          },
        });
        break;
      case 2:
        out.push({
          ...at,
          uid: `arn:aws:logs:eu-west-1:111122223333:log-group:/bench/${n}`,
          kind: 'logging.log_group',
          nativeType: 'AWS::Logs::LogGroup',
          name: `/bench/${n}`,
          props: { retentionDays: i % 3 === 0 ? 30 : 400 },
        });
        break;
      case 3:
        out.push({
          ...at,
          uid: `arn:aws:kms:eu-west-1:111122223333:key/${n}`,
          kind: 'crypto.key',
          nativeType: 'AWS::KMS::Key',
          name: n,
          props: { rotationEnabled: !(variant.rotationOff && i % 40 === 3) },
        });
        break;
      default:
        out.push({
          ...at,
          uid: `arn:aws:cloudtrail:eu-west-1:111122223333:trail/t-${n}`,
          kind: 'logging.trail',
          nativeType: 'AWS::CloudTrail::Trail',
          name: `t-${n}`,
          props: { multiRegion: true, logFileValidation: true },
        });
    }
  }
  return out;
}

const VARIANTS = [
  { publicBuckets: false, rotationOff: false },
  { publicBuckets: true, rotationOff: false },
  { publicBuckets: false, rotationOff: true },
  { publicBuckets: true, rotationOff: true },
];

/** Which variant a day runs: stretches of failing days, so the report has stretches to find. */
const variantOf = (day: number) => (day % 90 < 60 ? 0 : day % 90 < 75 ? 1 : day % 90 < 85 ? 3 : 2);
const MISSED_DAYS = new Set([40, 41]);
const FAILED_DAY = 200;

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

const storeFile = path.join(work, 'history.db');
const reuse = process.argv.includes('--reuse') && existsSync(storeFile);
let evaluated = 0;
let recorded = 0;
if (!reuse) {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  let t = process.hrtime.bigint();
  const variants: { text: string; snapshotText: string }[] = [];
  for (const variant of VARIANTS) {
    const snapshot = makeSnapshot(
      'bench',
      [
        {
          id: 'estate',
          collector: 'aws',
          target: '111122223333/eu-west-1',
          startedAt: new Date(FIRST_DAY).toISOString(),
          finishedAt: new Date(FIRST_DAY).toISOString(),
          status: 'ok',
          gaps: [],
        },
      ],
      estate(RESOURCES, variant),
    );
    const text = serializeSnapshot(snapshot);
    const results = await evaluateSnapshots([{ snapshot, sha256: sha256(text), file: 'estate.json' }], {
      now: new Date(FIRST_DAY),
    });
    variants.push({ text: JSON.stringify(results), snapshotText: text });
  }
  evaluated = seconds(t);

  t = process.hrtime.bigint();
  const store = await openRunStore(storeFile);
  for (let day = 0; day < RUNS; day++) {
    if (MISSED_DAYS.has(day)) continue;
    const at = new Date(FIRST_DAY + day * DAY).toISOString();
    const id = `00000000-0000-4000-8000-${String(day).padStart(12, '0')}`;
    await store.beginRun({ id, startedAt: at });
    if (day === FAILED_DAY) {
      await store.finishRun(id, { status: 'failed', finishedAt: at, exitCode: 2, snapshots: [] });
      continue;
    }
    const variant = variants[variantOf(day)]!;
    const results = JSON.parse(variant.text) as Results;
    results.generatedAt = at;
    results.run = { ...results.run!, id, startedAt: at, finishedAt: at };
    await store.finishRun(id, {
      status: 'complete',
      finishedAt: at,
      exitCode: results.summary.open > 0 ? 1 : 0,
      results,
      snapshots: [{ name: 'estate.json', text: variant.snapshotText }],
    });
    if (day % 30 === 0) process.stderr.write(`recorded day ${day}\n`);
  }
  await store.close();
  recorded = seconds(t);
}
const storeBytes = statSync(storeFile).size;

const from = new Date(FIRST_DAY).toISOString().slice(0, 10);
const to = new Date(FIRST_DAY + (RUNS - 1) * DAY).toISOString().slice(0, 10);

/** `assay report` in a child process, as a user runs it, every period format written. */
function timedReport(extra: string[]): number {
  const t = process.hrtime.bigint();
  const cli = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(repoRoot, 'bin/assay.js'),
      'report',
      '--from',
      from,
      '--to',
      to,
      '--schedule',
      'daily',
      '--store',
      storeFile,
      '--output-dir',
      path.join(work, 'period'),
      ...extra,
    ],
    { cwd: repoRoot, encoding: 'utf8', maxBuffer: 1 << 28 },
  );
  const took = seconds(t);
  if (cli.status !== 0) throw new Error(`assay report failed (${cli.status}): ${cli.stderr.slice(-2000)}`);
  return took;
}

const reportSeconds = timedReport([]);
const fromResultsSeconds = process.argv.includes('--from-results') ? timedReport(['--from-results']) : undefined;
const report = JSON.parse(readFileSync(path.join(work, 'period', 'period.json'), 'utf8')) as PeriodReport;
const complete = report.runs.complete;
const cores = (await import('node:os')).availableParallelism();
console.log(`history of ${RUNS} days, ${RESOURCES.toLocaleString('en')} resources per run (cores: ${cores})`);
if (!reuse) {
  console.log(`  evaluate ${VARIANTS.length} variants (real pipeline)          ${evaluated.toFixed(1)} s`);
  console.log(`  record ${complete} complete runs and 1 failed in SQLite  ${recorded.toFixed(1)} s`);
}
console.log(
  `  store on disk: ${(storeBytes / 1024 / 1024).toFixed(1)} MB (${(storeBytes / 1024 / (RUNS - MISSED_DAYS.size)).toFixed(0)} KB per run)`,
);
console.log(`  assay report --schedule daily, every format      ${reportSeconds.toFixed(1)} s   (target < 10 s)`);
if (fromResultsSeconds !== undefined)
  console.log(`  the same with --from-results (every full results)  ${fromResultsSeconds.toFixed(1)} s`);
console.log(
  `  report: ${report.controls.length} controls, ${report.schedule!.missed.length} missed days, longest failing stretch ${Math.max(...report.controls.map((c) => c.longestFailing?.runs ?? 0))} runs`,
);
