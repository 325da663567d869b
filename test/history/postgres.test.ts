// The history commands against a PostgreSQL store (a real server from Debian's packages, started on
// loopback by the test): the same scenario as on SQLite gives the same period evidence and diff.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PeriodReport } from '../../src/model/period.ts';
import { runCli } from '../cli/run-cli.ts';
import { PostgresServer, pgTestsEnabled } from '../store/postgres-server.ts';
import { type Recorded, recordScenario } from './estate.ts';

const enabled = pgTestsEnabled();
const server = new PostgresServer();
let onPostgres: Recorded;
let onSqlite: Recorded;

/** What must not depend on the database: statuses, counts and stretch lengths per control. */
const shape = (report: PeriodReport) =>
  report.controls.map((c) => ({
    key: `${c.framework}:${c.control}`,
    statuses: c.timeline.map((t) => t.status),
    passed: c.passed,
    stretch: c.longestFailing?.runs,
    exceptions: c.exceptions.map((e) => [e.waiver, e.runs]),
  }));

describe.runIf(enabled)('history over PostgreSQL', () => {
  beforeAll(async () => {
    await server.start();
    onPostgres = await recordScenario(undefined, await server.database());
    onSqlite = await recordScenario();
  });
  afterAll(async () => {
    await server.stop();
    for (const r of [onPostgres, onSqlite]) if (r) rmSync(r.dir, { recursive: true, force: true });
  });

  it('reports the same period evidence as on SQLite', async () => {
    const args = ['report', '--from', '2026-01-01', '--to', '2026-01-07', '--schedule', 'daily', '-f', 'json'];
    const pg = await runCli([...args, '--store', onPostgres.storeFile]);
    const lite = await runCli([...args, '--store', onSqlite.storeFile]);
    expect(pg.code, pg.stderr).toBe(0);
    const [a, b] = [JSON.parse(pg.stdout) as PeriodReport, JSON.parse(lite.stdout) as PeriodReport];
    expect(shape(a)).toEqual(shape(b));
    expect(a.schedule!.missed.map((m) => m.from)).toEqual(b.schedule!.missed.map((m) => m.from));
    expect(a.runs.withoutResults.map((r) => r.id)).toEqual([onPostgres.runIds[3]]);
  });

  it('lists the runs and diffs the last two', async () => {
    const runs = JSON.parse((await runCli(['runs', '--store', onPostgres.storeFile, '--format', 'json'])).stdout);
    expect(runs.map((r: { id: string }) => r.id)).toEqual(onPostgres.runIds);
    const diff = JSON.parse((await runCli(['diff', '--store', onPostgres.storeFile, '--format', 'json'])).stdout);
    expect([diff.from.id, diff.to.id]).toEqual([onPostgres.runIds[2], onPostgres.runIds[4]]);
    expect(diff.resources.added.map((r: { uid: string }) => r.uid)).toContain(
      'terraform:infra/terraform/aws/main.tf:aws_s3_bucket.added',
    );
  });
});
