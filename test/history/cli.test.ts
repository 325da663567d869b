// The history commands as a user runs them: the store found through -c assay.yaml or --store, text by
// default and JSON with --format json, a clear message and exit 2 for what cannot be done.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRunStore } from '../../src/store/index.ts';
import { runCli } from '../cli/run-cli.ts';
import { type Recorded, recordDriftPair, recordScenario } from './estate.ts';

let recorded: Recorded;
let store: string;
let ids: string[];

beforeAll(async () => {
  recorded = await recordScenario();
  store = recorded.storeFile;
  ids = recorded.runIds;
});
afterAll(() => {
  if (recorded) rmSync(recorded.dir, { recursive: true, force: true });
});

describe('assay runs', () => {
  it('lists the runs as text and as JSON', async () => {
    const text = await runCli(['runs', '--store', store]);
    expect(text.code).toBe(0);
    for (const id of ids) expect(text.stdout).toContain(id);
    expect(text.stdout).toMatch(/failed .* no results/);
    const json = await runCli(['runs', '--store', store, '--format', 'json']);
    expect(JSON.parse(json.stdout).map((r: { id: string }) => r.id)).toEqual(ids);
    // A date is the whole day: --to 2026-01-05 includes the run that started at 02:00 that day.
    const days = await runCli([
      'runs',
      '--store',
      store,
      '--from',
      '2026-01-03',
      '--to',
      '2026-01-05',
      '--format',
      'json',
    ]);
    expect(JSON.parse(days.stdout).map((r: { id: string }) => r.id)).toEqual([ids[2], ids[3]]);
    expect((await runCli(['runs', '--store', store, '--to', 'soon'])).stderr).toContain('--to must be a date');
  });

  it('finds the store through the config, relative to the config file', async () => {
    const configDir = path.join(recorded.dir, 'conf');
    mkdirSync(configDir, { recursive: true });
    writeFileSync(
      path.join(configDir, 'assay.yaml'),
      'store: ../history.db\noutput-dir: evidence/\nsources:\n  - collector: iac\n    paths: [infra/]\n',
    );
    const result = await runCli(['runs', '-c', path.join(configDir, 'assay.yaml'), '--format', 'json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveLength(ids.length);
  });

  it('says what is missing: no store named, no store at the location, a config that is not valid', async () => {
    const none = await runCli(['runs']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/name the run store: -c assay.yaml .* or --store/);
    // Without a store: key the config names the default store beside it, which is not there.
    const config = path.join(recorded.dir, 'nostore.yaml');
    writeFileSync(config, 'sources:\n  - collector: iac\n    paths: [infra/]\n');
    const missing = await runCli(['runs', '-c', config]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${path.join(recorded.dir, 'assay-history.db')}: no run store there`);
    expect(existsSync(path.join(recorded.dir, 'assay-history.db'))).toBe(false);
    writeFileSync(config, 'store: [unclosed\n');
    const broken = await runCli(['runs', '-c', config]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/nostore.yaml:\d+/);
    const absent = await runCli(['runs', '-c', path.join(recorded.dir, 'absent.yaml')]);
    expect(absent.code).toBe(2);
    expect(absent.stderr).toContain('absent.yaml');
  });
});

describe('assay diff, history, drift, sample', () => {
  it('diff: the last two complete runs by default, JSON alike', async () => {
    const text = await runCli(['diff', '--store', store]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`${ids[2]!.slice(0, 8)} (2026-01-03T02:00:00.000Z) -> ${ids[4]!.slice(0, 8)}`);
    expect(text.stdout).toMatch(/new failures: [1-9]/);
    expect(text.stdout).toContain('+ terraform:infra/terraform/aws/main.tf:aws_s3_bucket.added');
    expect(text.stdout).toContain('props.rules[SSH from anywhere].sources: ["10.0.0.0/8"] -> ["0.0.0.0/0"]');
    expect(text.stdout).toContain('pci-dss:1.3.1  pass -> fail');
    const json = JSON.parse((await runCli(['diff', ids[1]!, ids[2]!, '--store', store, '--format', 'json'])).stdout);
    expect(json.fixedFindings.map((f: { ruleId: string }) => f.ruleId)).toContain('network.admin_ports_restricted');
  });

  it('diff: an unknown run is an error naming it', async () => {
    const result = await runCli(['diff', 'nosuchrun', ids[0]!, '--store', store]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no stored run matches "nosuchrun"');
  });

  it("history: a control's timeline", async () => {
    const text = await runCli(['history', '--control', 'pci-dss:1.3.1', '--store', store]);
    expect(text.code).toBe(0);
    const lines = text.stdout.trim().split('\n');
    expect(lines).toHaveLength(1 + ids.length);
    expect(lines.slice(1).map((l) => l.split(/\s+/)[4])).toEqual(['fail', 'fail', 'pass', 'no-results', 'fail']);
    const bad = await runCli(['history', '--control', '1.3.1', '--store', store]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--control must be <framework>:<control>');
  });

  it('sample: the same seed prints the same sample, with seed and population hash', async () => {
    const args = ['sample', '--control', 'soc2:CC6.6', '--from', '2026-01-01', '--to', '2026-01-31'];
    const a = await runCli([...args, '--size', '2', '--seed', 'S1', '--store', store, '--format', 'json']);
    const b = await runCli([...args, '--size', '2', '--seed', 'S1', '--store', store, '--format', 'json']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const sample = JSON.parse(a.stdout);
    expect(sample).toMatchObject({ seed: 'S1', size: 2, of: 'runs', population: { size: 4 } });
    expect(sample.population.sha256).toMatch(/^[0-9a-f]{64}$/);
    const text = await runCli([...args, '--size', '2', '--seed', 'S1', '--store', store]);
    expect(text.stdout).toContain(`population: 4 (`);
    expect(text.stdout).toContain(sample.population.sha256);
  });
});

describe('assay drift', () => {
  it('prints what differs and exits 1', async () => {
    const driftStore = path.join(recorded.dir, 'drift.db');
    const opened = await openRunStore(driftStore);
    const pair = await recordDriftPair(opened, recorded.dir).finally(() => opened.close());
    const text = await runCli(['drift', pair.iac.slice(0, 8), pair.live.slice(0, 8), '--store', driftStore]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('4 joined');
    expect(text.stdout).toContain('retentionDays: declared 400, deployed 30');
    expect(text.stdout).toContain('versioning.enabled: declared false (provider default), deployed true');
    expect(text.stdout).toMatch(/declared but missing: 1\n {2}terraform:main.tf:aws_s3_bucket.never_deployed/);
    const json = JSON.parse(
      (await runCli(['drift', pair.iac, pair.live, '--store', driftStore, '--format', 'json'])).stdout,
    );
    expect(json.notJoinable.map((r: { uid: string }) => r.uid)).toEqual(['terraform:main.tf:aws_kms_key.data']);
  });
});

describe('assay report', () => {
  it('prints the period as text: runs, schedule gaps, failing controls', async () => {
    const result = await runCli([
      'report',
      '--from',
      '2026-01-01',
      '--to',
      '2026-01-07',
      '--schedule',
      'daily',
      '--store',
      store,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Period 2026-01-01 to 2026-01-07: 5 runs, 4 complete, 1 without results');
    expect(result.stdout).toContain('schedule daily: 4 of 7 slots have a complete run, 3 missed');
    expect(result.stdout).toContain(
      `missed 2026-01-05T00:00:00.000Z .. 2026-01-06T00:00:00.000Z (incomplete: ${ids[3]})`,
    );
    expect(result.stdout).toMatch(/pci-dss:1\.3\.1 {2}failing {2}passed 1\/4/);
    expect(result.stdout).toContain(
      'exception LEGACY-KEY: Legacy key kept to decrypt old archives. (approver security@example.com',
    );
  });

  it('writes every period format under --output-dir, one format to -o, JSON to stdout', async () => {
    const out = path.join(recorded.dir, 'period');
    const result = await runCli([
      'report',
      '--from',
      '2026-01-01',
      '--to',
      '2026-01-07',
      '--store',
      store,
      '--output-dir',
      out,
    ]);
    expect(result.code).toBe(0);
    for (const file of [
      'period.json',
      'period.md',
      'period.html',
      'period-controls.csv',
      'period-junit.xml',
      'period-oscal-assessment-results.json',
    ]) {
      expect(existsSync(path.join(out, file)), file).toBe(true);
    }
    const json = await runCli(['report', '--from', '2026-01-01', '--to', '2026-01-07', '--store', store, '-f', 'json']);
    const report = JSON.parse(json.stdout);
    expect(report.schema).toBe('assay.period/v1');
    expect(report.controls.length).toBeGreaterThan(0);
    const html = path.join(recorded.dir, 'one', 'p.html');
    expect(
      (
        await runCli([
          'report',
          '--from',
          '2026-01-01',
          '--to',
          '2026-01-07',
          '--store',
          store,
          '-f',
          'html',
          '-o',
          html,
        ])
      ).code,
    ).toBe(0);
    expect(readFileSync(html, 'utf8')).toMatch(/^<!doctype html>/);
  });

  it('refuses an unknown format, several formats without --output-dir, and a backwards period', async () => {
    const base = ['report', '--from', '2026-01-01', '--to', '2026-01-07', '--store', store];
    expect((await runCli([...base, '-f', 'sarif'])).stderr).toContain("unknown format 'sarif'");
    expect((await runCli([...base, '-f', 'json,csv'])).stderr).toContain('2 formats need --output-dir');
    const backwards = await runCli(['report', '--from', '2026-02-01', '--to', '2026-01-07', '--store', store]);
    expect(backwards.code).toBe(2);
    expect(backwards.stderr).toContain('--to (2026-01-07) is before --from (2026-02-01)');
  });
});
