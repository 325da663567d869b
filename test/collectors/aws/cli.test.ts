// The README's AWS commands through the CLI: `assay collect aws` (offline, and online against the
// replay server) writes a snapshot, `assay evaluate` reads it; exit codes say what happened.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { progressBar, progressPrinter } from '../../../src/cli/progress.ts';
import { validateSnapshot } from '../../../src/model/validate.ts';
import { runCli } from '../../cli/run-cli.ts';
import { loadRules, ReplayServer } from './replay-server.ts';

const out = mkdtempSync(path.join(tmpdir(), 'assay-aws-cli-'));
let server: ReplayServer | undefined;
afterEach(async () => server?.stop());

describe('assay collect aws, then assay evaluate', () => {
  it('offline: snapshot files -> a schema-valid snapshot -> findings (exit 1)', async () => {
    const file = path.join(out, 'offline.json');
    const collect = await runCli(['collect', 'aws', '--from', 'test/fixtures/aws/config', '--output', file]);
    expect(collect.stderr).toMatch(/^wrote .*offline\.json: 17 resources from test\/fixtures\/aws\/config/m);
    expect(collect.code).toBe(0);
    expect(validateSnapshot(JSON.parse(readFileSync(file, 'utf8')))).toEqual([]);
    const evaluate = await runCli(['evaluate', file, '--format', 'json']);
    expect(evaluate.code).toBe(1);
    const results = JSON.parse(evaluate.stdout) as { findings: { ruleId: string; resource: { uid: string } }[] };
    expect(results.findings.map((f) => `${f.ruleId} ${f.resource.uid}`)).toContain(
      'storage.public_access_blocked arn:aws:s3:::public-assets',
    );
  });

  it('offline: malformed deliveries are gaps on stderr and exit 2, the snapshot is still written', async () => {
    const file = path.join(out, 'malformed.json');
    const collect = await runCli(['collect', 'aws', '--from', 'test/fixtures/aws/malformed', '--output', file]);
    expect(collect.code).toBe(2);
    expect(collect.stderr).toContain(
      'gap: test/fixtures/aws/malformed/no-configuration.json: parse-error: arn:aws:s3:::broken-bucket has no configuration',
    );
    expect(validateSnapshot(JSON.parse(readFileSync(file, 'utf8')))).toEqual([]);
  });

  it('online: expired credentials are a clear error and exit 2, with no snapshot and no secret printed', async () => {
    server = await new ReplayServer(loadRules('expired.json')).start();
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'AKIAREPLAYTESTKEY000',
      AWS_SECRET_ACCESS_KEY: 'cli-secret-never-printed',
      AWS_CONFIG_FILE: '/nonexistent/aws-config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
    });
    try {
      const result = await runCli([
        'collect',
        'aws',
        '--regions',
        'us-east-1',
        '--endpoint-url',
        server.url,
        '--output',
        path.join(out, 'x.json'),
      ]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(
        /error: sts:GetCallerIdentity in us-east-1: the credentials are expired or invalid \(ExpiredToken\)/,
      );
      expect(result.stderr).not.toContain('cli-secret-never-printed');
    } finally {
      process.env = saved;
    }
  });

  it('online: --progress prints one line per region with a bar, --quiet prints none; gaps are printed either way', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'AKIAREPLAYTESTKEY000',
      AWS_SECRET_ACCESS_KEY: 'cli-secret-never-printed',
      AWS_CONFIG_FILE: '/nonexistent/aws-config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
    });
    const run = async (flag: string) => {
      server = await new ReplayServer(loadRules('account.json')).start();
      const args = ['collect', 'aws', '--regions', 'us-east-1,eu-west-1', '--endpoint-url', server.url];
      const result = await runCli([...args, flag, '--output', path.join(out, `progress${flag}.json`)]);
      await server.stop();
      server = undefined;
      return result;
    };
    try {
      const shown = await run('--progress');
      expect(shown.code).toBe(2);
      const bars = shown.stderr.split('\n').filter((line) => /^aws: \[[#.]{20}\] \d\/2 /.test(line));
      expect(bars.map((line) => line.slice(0, 33)).sort()).toEqual([
        'aws: [####################] 2/2 a',
        'aws: [##########..........] 1/2 a',
      ]);
      expect(shown.stderr).toContain('gap: account 111122223333 region eu-west-1: permission-denied');
      const quiet = await run('--quiet');
      expect(quiet.stderr).not.toMatch(/^aws: /m);
      expect(quiet.stderr).toContain('gap: account 111122223333 region eu-west-1: permission-denied');
    } finally {
      process.env = saved;
    }
  });
});

describe('progress on stderr', () => {
  it('redraws one line on a terminal and ends it before other output; writes plain lines elsewhere', () => {
    const written: string[] = [];
    const terminal = progressPrinter((s) => written.push(s), true);
    terminal.onProgress({ collector: 'aws', message: 'eu-west-1 read', step: { done: 1, total: 4 } });
    terminal.onProgress({ collector: 'aws', message: 'us-east-1 read', step: { done: 4, total: 4 } });
    terminal.done();
    terminal.done();
    expect(written).toEqual([
      '\r\x1b[Kaws: [#####...............] 1/4 eu-west-1 read',
      '\r\x1b[Kaws: [####################] 4/4 us-east-1 read',
      '\n',
    ]);
    const plain: string[] = [];
    const log = progressPrinter((s) => plain.push(s), false);
    log.onProgress({ collector: 'azure', message: 'reading' });
    log.done();
    expect(plain).toEqual(['azure: reading\n']);
    expect(progressBar(0, 0)).toBe('[....................] 0/0');
    expect(progressBar(7, 5)).toBe('[####################] 7/5');
  });
});
