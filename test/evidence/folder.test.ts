// An evidence folder end to end through the CLI: the manifest lists the inputs that set the
// criteria (framework files, waiver file, snapshots) with their hashes, `verify` re-checks them,
// `--timestamp-url` stamps the manifest at a TSA on loopback, and `verify --tsa-cert` checks it.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseManifest, TIMESTAMP_FILE, TSA_CERTS_FILE } from '../../src/evidence/manifest.ts';
import { generateKeyPair } from '../../src/evidence/signing.ts';
import type { Results } from '../../src/model/results.ts';
import { repoRoot, runCli } from '../cli/run-cli.ts';
import { startTsa, type Tsa } from './tsa-server.ts';

const WAIVERS = `version: 1
waivers:
  - id: node-agent-host
    rule: k8s.no_host_namespaces
    selector: { file: "k8s/*.yaml" }
    reason: The node agent reads host metrics
    ticket: SEC-9
    approver: ciso@example.com
    expires: 2999-12-31
`;

let tsa: Tsa;
const dirs: string[] = [];
beforeAll(async () => {
  tsa = await startTsa();
});
afterAll(async () => {
  await tsa?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function project(): { root: string; caFile: string } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'assay-evfolder-'));
  dirs.push(root);
  cpSync(path.join(repoRoot, 'examples/kubernetes'), path.join(root, 'k8s'), { recursive: true });
  mkdirSync(path.join(root, '.assay'));
  writeFileSync(path.join(root, '.assay/waivers.yaml'), WAIVERS);
  const caFile = path.join(root, 'tsa-ca.pem');
  writeFileSync(caFile, tsa.caPem);
  return { root, caFile };
}

describe('evidence folder: inputs and trusted time', () => {
  it('lists framework files, the waiver file and the snapshot with their hashes, and verify re-checks them', async () => {
    const { root } = project();
    const scan = await runCli(['scan', 'k8s', '--output-dir', 'out', '-f', 'json'], root);
    expect(scan.code, scan.stderr).toBe(1);
    const manifest = parseManifest(readFileSync(path.join(root, 'out/manifest.json'), 'utf8'));
    const results = JSON.parse(readFileSync(path.join(root, 'out/results.json'), 'utf8')) as Results;
    expect(manifest.runId).toBe(results.run!.id);
    const roles = manifest.inputs!.map((i) => i.role);
    expect(roles).toContain('framework');
    expect(roles).toContain('waivers');
    expect(roles).toContain('snapshot');
    const waivers = manifest.inputs!.find((i) => i.role === 'waivers')!;
    expect(waivers.path).toBe('.assay/waivers.yaml');
    expect(waivers.sha256).toBe(results.run!.inputs.waiverFile!.sha256);
    expect(manifest.inputs!.filter((i) => i.role === 'framework')).toHaveLength(
      results.run!.inputs.frameworkFiles.length,
    );

    const verified = await runCli(['verify', 'out', '--inputs-root', '.'], root);
    expect(verified.code, verified.stdout).toBe(0);
    expect(verified.stdout).toContain('input waivers .assay/waivers.yaml: unchanged');
    expect(verified.stdout).toMatch(/input snapshot \(scan\): stored as snapshots\/scan\.json/);

    // The criteria changed after the run: a required re-check fails, an informational one says so.
    writeFileSync(path.join(root, '.assay/waivers.yaml'), WAIVERS.replace('SEC-9', 'SEC-10'));
    const changed = await runCli(['verify', 'out', '--inputs-root', '.'], root);
    expect(changed.code).toBe(1);
    expect(changed.stdout).toContain('changed: input waivers .assay/waivers.yaml');
    const informational = await runCli(['verify', 'out'], root);
    expect(informational.code).toBe(0);
    expect(informational.stdout).toContain('informational');
  });

  it('stamps the manifest with --timestamp-url; verify --tsa-cert checks it; a changed manifest fails', async () => {
    const { root, caFile } = project();
    const queries = tsa.queries();
    const scan = await runCli(
      ['scan', 'k8s', '--output-dir', 'out', '-f', 'json', '--timestamp-url', tsa.url, '--tsa-cert', caFile],
      root,
    );
    expect(scan.code, scan.stderr).toBe(1);
    expect(tsa.queries()).toBe(queries + 1);
    expect(scan.stderr).toMatch(/time-stamped .*manifest\.json at \d{4}-/);
    expect(readFileSync(path.join(root, 'out', TSA_CERTS_FILE), 'utf8')).toBe(tsa.caPem);

    const ok = await runCli(['verify', 'out', '--tsa-cert', caFile, '-f', 'json'], root);
    expect(ok.code, ok.stdout).toBe(0);
    const json = JSON.parse(ok.stdout) as { timestamp: { state: string; trusted: boolean }; unlisted: string[] };
    expect(json.timestamp).toMatchObject({ state: 'valid', trusted: true });
    expect(json.unlisted).toEqual([]);

    const other = path.join(root, 'other-ca.pem');
    writeFileSync(other, tsa.otherCaPem);
    const wrongCa = await runCli(['verify', 'out', '--tsa-cert', other], root);
    expect(wrongCa.code).toBe(1);
    expect(wrongCa.stdout).toContain('time-stamp: invalid');

    // Signing rewrites manifest.json: without --timestamp-url the stale stamp goes, with it a new one comes.
    const keys = generateKeyPair();
    writeFileSync(path.join(root, 'k.pem'), keys.privateKeyPem);
    const signed = await runCli(['sign', 'out', '--key', 'k.pem'], root);
    expect(signed.code).toBe(0);
    expect(signed.stderr).toContain(`removed ${TIMESTAMP_FILE}`);
    const absent = await runCli(['verify', 'out', '--tsa-cert', caFile], root);
    expect(absent.code).toBe(1);
    const restamped = await runCli(
      ['sign', 'out', '--key', 'k.pem', '--timestamp-url', tsa.url, '--tsa-cert', caFile],
      root,
    );
    expect(restamped.code, restamped.stderr).toBe(0);
    expect((await runCli(['verify', 'out', '--tsa-cert', caFile], root)).code).toBe(0);
  });

  it('refuses --timestamp-url without --output-dir, and exits 2 when the TSA cannot be reached', async () => {
    const { root } = project();
    const usage = await runCli(['scan', 'k8s', '--timestamp-url', tsa.url], root);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--output-dir');
    const down = await runCli(['scan', 'k8s', '--output-dir', 'out', '--timestamp-url', 'http://127.0.0.1:1/'], root);
    expect(down.code).toBe(2);
    expect(down.stderr).toMatch(/time-stamp authority .*no answer/);
  });
});
