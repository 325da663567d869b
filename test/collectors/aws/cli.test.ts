// The README's AWS commands through the CLI: `assay collect aws` (offline, and online against the
// replay server) writes a snapshot, `assay evaluate` reads it; exit codes say what happened.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
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
});
