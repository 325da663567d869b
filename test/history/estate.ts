// A history of real runs for the history tests: a working copy of the bundled examples scanned with
// the real IaC collector and rules day after day (the clock injected, not slept), with changes between
// days, recorded in a real run store (SQLite in a temp file). Also a drift pair: a Terraform file
// declaring resources by the names AWS Config reports, and the AWS collector over the Config fixture.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findCollector } from '../../src/collectors/registry.ts';
import { runCollector } from '../../src/collectors/run.ts';
import { periodReport } from '../../src/history/period.ts';
import type { PeriodReport } from '../../src/model/period.ts';
import { evaluateSnapshots } from '../../src/pipeline/evaluate.ts';
import { readWaivers } from '../../src/pipeline/inputs.ts';
import { startRun } from '../../src/pipeline/run.ts';
import { snapshotOf } from '../../src/pipeline/snapshots.ts';
import { openRunStore, type RunStore } from '../../src/store/index.ts';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

/** The Terraform file of the examples the scenario edits. */
const MAIN = 'infra/terraform/aws/main.tf';

const WAIVERS = `version: 1
waivers:
  - id: LEGACY-KEY
    rule: crypto.key_rotation
    selector:
      uid: "terraform:infra/terraform/aws/main.tf:aws_kms_key.legacy"
    reason: Legacy key kept to decrypt old archives.
    ticket: SEC-88
    approver: security@example.com
    expires: 2026-12-31
`;

export interface Day {
  at: string;
  /** Edits of the working copy before this day's scan: [file, from, to]. */
  edits?: [string, string, string][];
  waivers?: boolean;
  /** A run that failed before evaluation: recorded without results. */
  fails?: boolean;
}

/**
 * The scenario, scanning the AWS Terraform example: as shipped on Jan 1 and 2; on Jan 3 the bastion's
 * SSH and the database's IPv6 rule are closed to the internet and the legacy KMS key gets a waiver;
 * no run on Jan 4; Jan 5's run fails; Jan 6 reopens SSH and adds a bucket.
 */
export const DAYS: Day[] = [
  { at: '2026-01-01T02:00:00.000Z' },
  { at: '2026-01-02T02:00:00.000Z' },
  {
    at: '2026-01-03T02:00:00.000Z',
    edits: [
      [MAIN, '"0.0.0.0/0"]', '"10.0.0.0/8"]'],
      [MAIN, '["::/0"]', '["fd00::/8"]'],
    ],
    waivers: true,
  },
  { at: '2026-01-05T02:00:00.000Z', fails: true },
  {
    at: '2026-01-06T02:00:00.000Z',
    edits: [
      [MAIN, '"10.0.0.0/8"]', '"0.0.0.0/0"]'],
      [
        MAIN,
        'resource "aws_ebs_volume"',
        'resource "aws_s3_bucket" "added" {\n  bucket = "acme-added"\n}\n\nresource "aws_ebs_volume"',
      ],
    ],
    waivers: true,
  },
];

export interface Recorded {
  dir: string;
  /** The store's location: a SQLite file, or the postgres:// URL given. */
  storeFile: string;
  runIds: string[];
}

/** Scans the working copy at `at` and records the run. */
async function record(store: RunStore, work: string, day: Day): Promise<string> {
  const at = new Date(day.at);
  const run = startRun(at);
  await store.beginRun({ id: run.id, startedAt: day.at });
  const finishedAt = new Date(at.getTime() + 60_000).toISOString();
  if (day.fails) {
    await store.finishRun(run.id, { status: 'failed', finishedAt, exitCode: 2, snapshots: [] });
    return run.id;
  }
  const now = () => at;
  const collected = await runCollector(
    findCollector('iac')!,
    { paths: ['infra/terraform/aws'], root: work },
    { now, root: work },
  );
  const snapshot = snapshotOf([collected]);
  const waiverFile = path.join(work, '.assay/waivers.yaml');
  const results = await evaluateSnapshots([snapshot], {
    run,
    now: at,
    ...(day.waivers ? { waivers: readWaivers(waiverFile) } : {}),
  });
  await store.finishRun(run.id, {
    status: 'complete',
    finishedAt,
    exitCode: results.summary.open > 0 ? 1 : 0,
    results,
    snapshots: [{ name: 'iac.json', text: snapshot.text() }],
  });
  return run.id;
}

/** A store holding the scenario's runs: a SQLite file in a new temp folder, or the store at `location`. */
export async function recordScenario(days: Day[] = DAYS, location?: string): Promise<Recorded> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'assay-history-'));
  const work = path.join(dir, 'work');
  cpSync(path.join(repoRoot, 'examples'), path.join(work, 'infra'), { recursive: true });
  mkdirSync(path.join(work, '.assay'));
  writeFileSync(path.join(work, '.assay/waivers.yaml'), WAIVERS);
  const storeFile = location ?? path.join(dir, 'history.db');
  const store = await openRunStore(storeFile);
  const runIds: string[] = [];
  try {
    for (const day of days) {
      for (const [file, from, to] of day.edits ?? []) {
        const full = path.join(work, file);
        const text = readFileSync(full, 'utf8');
        if (!text.includes(from)) throw new Error(`scenario edit: ${file} has no ${from}`);
        writeFileSync(full, text.replace(from, to));
      }
      runIds.push(await record(store, work, day));
    }
  } finally {
    await store.close();
  }
  return { dir, storeFile, runIds };
}

/** Declared by the names the AWS Config fixture reports, with some values that differ from it. */
export const DECLARED_TF = `resource "aws_s3_bucket" "config" {
  bucket = "mborch-test-bucket-config-item"
}

resource "aws_s3_bucket" "never_deployed" {
  bucket = "acme-declared-only"
}

resource "aws_security_group" "web" {
  name = "launch-wizard-7"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}

resource "aws_db_instance" "test" {
  identifier          = "myrdstest"
  engine              = "mysql"
  publicly_accessible = false
  storage_encrypted   = true
}

resource "aws_cloudwatch_log_group" "web" {
  name              = "/app/web"
  retention_in_days = 400
}

resource "aws_kms_key" "data" {
  enable_key_rotation = true
}
`;

/** Records an IaC run of DECLARED_TF and a live run of the AWS collector over the Config fixture. */
export async function recordDriftPair(store: RunStore, dir: string): Promise<{ iac: string; live: string }> {
  const work = path.join(dir, 'declared');
  mkdirSync(work, { recursive: true });
  writeFileSync(path.join(work, 'main.tf'), DECLARED_TF);
  const ids: string[] = [];
  const sources = [
    { collector: 'iac', options: { paths: ['.'], root: work } },
    { collector: 'aws', options: { from: path.join(repoRoot, 'test/fixtures/aws/config') } },
  ];
  for (const [i, source] of sources.entries()) {
    const at = new Date(Date.UTC(2026, 1, 1, 3 + i));
    const run = startRun(at);
    await store.beginRun({ id: run.id, startedAt: at.toISOString() });
    const collected = await runCollector(findCollector(source.collector)!, source.options, {
      now: () => at,
      root: work,
    });
    if (collected.failure !== undefined) throw new Error(collected.failure);
    const snapshot = snapshotOf([collected]);
    const results = await evaluateSnapshots([snapshot], { run, now: at });
    await store.finishRun(run.id, {
      status: 'complete',
      finishedAt: at.toISOString(),
      exitCode: 1,
      results,
      snapshots: [{ name: `${source.collector}.json`, text: snapshot.text() }],
    });
    ids.push(run.id);
  }
  return { iac: ids[0]!, live: ids[1]! };
}

/** The scenario's week as period evidence, on the daily schedule, at a fixed clock. */
export async function scenarioPeriod(recorded: Recorded): Promise<PeriodReport> {
  const store = await openRunStore(recorded.storeFile);
  try {
    return await periodReport(store, {
      from: '2026-01-01',
      to: '2026-01-07',
      schedule: 'daily',
      toolVersion: 'test',
      now: new Date('2026-02-01T00:00:00Z'),
    });
  } finally {
    await store.close();
  }
}
