// `assay sign|verify|keygen` as a user runs them, through main().
import { mkdirSync, mkdtempSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifest, writeRunManifest } from '../../src/evidence/manifest.ts';
import type { VerifyResult } from '../../src/evidence/signing.ts';
import { runCli } from './run-cli.ts';

// Through main(), exactly as `assay` runs.
const run = (args: string[]) => runCli(args);

function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** What a run with --output-dir leaves behind: artifacts plus manifest.json. */
function runOutput(): string {
  const dir = tempDir('assay-run-');
  mkdirSync(path.join(dir, 'reports'));
  writeFileSync(path.join(dir, 'snapshot.json'), '{"schema":"assay.snapshot/v1"}\n');
  writeFileSync(path.join(dir, 'results.json'), '{"schema":"assay.results/v1"}\n');
  writeFileSync(path.join(dir, 'reports', 'report.html'), '<html><body>report</body></html>\n');
  writeRunManifest(
    dir,
    [
      { path: 'snapshot.json', role: 'snapshot' },
      { path: 'results.json', role: 'results' },
      { path: 'reports/report.html', role: 'report' },
    ],
    { toolVersion: '0.1.0', bundleSha256: 'd'.repeat(64), createdAt: '2025-05-06T07:08:09.000Z' },
  );
  return dir;
}

async function keygen(): Promise<{ key: string; pub: string }> {
  const keys = tempDir('assay-keys-');
  const { code } = await run(['keygen', '--out-dir', keys]);
  expect(code).toBe(0);
  return { key: path.join(keys, 'assay-signing.key'), pub: path.join(keys, 'assay-signing.pub') };
}

describe('writeRunManifest', () => {
  it('writes manifest.json listing every artifact with its hash, tool version and bundle hash', () => {
    const dir = runOutput();
    const manifest = parseManifest(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.tool.version).toBe('0.1.0');
    expect(manifest.bundleSha256).toBe('d'.repeat(64));
    expect(manifest.createdAt).toBe('2025-05-06T07:08:09.000Z');
    expect(manifest.artifacts.map((a) => `${a.role}:${a.path}`)).toEqual([
      'report:reports/report.html',
      'results:results.json',
      'snapshot:snapshot.json',
    ]);
  });
});

describe('assay keygen, sign, verify', () => {
  it('signs and verifies an untouched folder (exit 0) without ever printing the private key', async () => {
    const keys = tempDir('assay-keys-');
    const generated = await run(['keygen', '--out-dir', keys]);
    expect(generated.code).toBe(0);
    const privatePem = readFileSync(path.join(keys, 'assay-signing.key'), 'utf8');
    if (process.platform !== 'win32') expect(statSync(path.join(keys, 'assay-signing.key')).mode & 0o777).toBe(0o600);
    expect(generated.stdout).toContain('assay-signing.pub');

    const dir = runOutput();
    const signed = await run(['sign', dir, '--key', path.join(keys, 'assay-signing.key')]);
    expect(signed).toMatchObject({ code: 0, stderr: '' });
    expect(signed.stdout).toMatch(/^signed .*manifest\.json with key [0-9a-f]{64}\n$/);

    const verified = await run(['verify', dir, '--public-key', path.join(keys, 'assay-signing.pub')]);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('signature: valid');
    expect(verified.stdout).toContain('3 artifacts unchanged');

    const body = privatePem.replace(/-----[A-Z ]+-----/g, '').replace(/\s/g, '');
    for (const output of [generated, signed, verified]) {
      expect(output.stdout + output.stderr).not.toContain('PRIVATE KEY');
      expect(output.stdout + output.stderr).not.toContain(body);
    }
  });

  it('fails (exit 1) naming the file whose byte changed, with both hashes', async () => {
    const { key, pub } = await keygen();
    const dir = runOutput();
    expect((await run(['sign', dir, '--key', key])).code).toBe(0);
    const file = path.join(dir, 'reports', 'report.html');
    const bytes = readFileSync(file);
    bytes[7] = bytes[7]! ^ 0x20;
    writeFileSync(file, bytes);

    const { code, stdout } = await run(['verify', dir, '--public-key', pub]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^changed: reports\/report\.html \(sha256 expected [0-9a-f]{64}, found [0-9a-f]{64}\)$/m);
    expect(stdout).not.toMatch(/changed: (results|snapshot)/);
    expect(stdout).toContain('FAILED');
  });

  it('reports missing and unlisted files and an invalid signature after manifest.json is edited', async () => {
    const { key } = await keygen();
    const dir = runOutput();
    expect((await run(['sign', dir, '--key', key])).code).toBe(0);
    const manifestFile = path.join(dir, 'manifest.json');
    writeFileSync(manifestFile, readFileSync(manifestFile, 'utf8').replace('"0.1.0"', '"0.1.1"'));
    writeFileSync(path.join(dir, 'extra.txt'), 'added later\n');
    writeFileSync(path.join(dir, 'snapshot.json'), '');
    unlinkSync(path.join(dir, 'results.json'));

    const { code, stdout } = await run(['verify', dir]);
    expect(code).toBe(1);
    expect(stdout).toContain('unlisted: extra.txt');
    expect(stdout).toContain('changed: snapshot.json');
    expect(stdout).toMatch(/^missing: results\.json$/m);
    expect(stdout).toContain('signature: invalid (signature does not match manifest.json)');
  });

  it('says plainly that authenticity was not checked without --public-key, and fails when the signature was removed', async () => {
    const { key, pub } = await keygen();
    const dir = runOutput();
    await run(['sign', dir, '--key', key]);
    const keyless = await run(['verify', dir]);
    expect(keyless.code).toBe(0);
    expect(keyless.stdout).toMatch(/^authenticity: NOT checked/m);
    expect(keyless.stdout).toContain('verified (integrity only)');
    const trusted = await run(['verify', dir, '--public-key', pub]);
    expect(trusted.stdout).not.toContain('authenticity: NOT checked');
    expect(trusted.stdout).toContain('signed by the trusted key');

    unlinkSync(path.join(dir, 'manifest.sig'));
    const removed = await run(['verify', dir]);
    expect(removed.code).toBe(1);
    expect(removed.stdout).toMatch(
      /^signature: missing \(no manifest\.sig, but manifest\.json records a signature by key [0-9a-f]{64}\)$/m,
    );
    expect(removed.stdout).toContain('FAILED');
  });

  it('fails against a public key that did not sign the folder', async () => {
    const signer = await keygen();
    const stranger = await keygen();
    const dir = runOutput();
    await run(['sign', dir, '--key', signer.key]);
    const { code, stdout } = await run(['verify', dir, '--public-key', stranger.pub]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^signature: untrusted-key \(signed by key [0-9a-f]{64}, not by the trusted key/m);
  });

  it('prints the structured result with --format json', async () => {
    const dir = runOutput();
    writeFileSync(path.join(dir, 'results.json'), '{}');
    const { code, stdout } = await run(['verify', dir, '--format', 'json']);
    expect(code).toBe(1);
    const result = JSON.parse(stdout) as VerifyResult;
    expect(result.ok).toBe(false);
    expect(result.artifacts.map((a) => [a.path, a.state])).toEqual([
      ['reports/report.html', 'ok'],
      ['results.json', 'changed'],
      ['snapshot.json', 'ok'],
    ]);
    expect(result.signature.state).toBe('absent');
  });

  it('exits 2 with a message naming the key file for a bad or missing key', async () => {
    const dir = runOutput();
    const keys = tempDir('assay-badkeys-');
    const notPem = path.join(keys, 'not-a-key.pem');
    writeFileSync(notPem, 'just some text\n');
    const bad = await run(['sign', dir, '--key', notPem]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(`error: ${notPem}: not a PEM key file (expected a '-----BEGIN ...-----' block)\n`);

    const absent = path.join(keys, 'absent.key');
    const missing = await run(['sign', dir, '--key', absent]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${absent}: cannot read key file (ENOENT)`);

    const badPublic = await run(['verify', dir, '--public-key', notPem]);
    expect(badPublic.code).toBe(2);
    expect(badPublic.stderr).toContain(notPem);
  });

  it('exits 2 when the folder has no manifest, and on bad usage', async () => {
    const { key } = await keygen();
    const empty = tempDir('assay-empty-');
    const signed = await run(['sign', empty, '--key', key]);
    expect(signed.code).toBe(2);
    expect(signed.stderr).toMatch(/manifest\.json: no manifest here/);
    const verified = await run(['verify', empty]);
    expect(verified.code).toBe(2);
    expect(verified.stderr).toMatch(/no manifest here/);
    expect((await run(['sign', empty])).code).toBe(2);
    expect((await run(['verify', empty, '--format', 'sarif'])).code).toBe(2);
  });

  it('refuses to overwrite an existing key pair (exit 2)', async () => {
    const keys = tempDir('assay-keys-');
    expect((await run(['keygen', '--out-dir', keys])).code).toBe(0);
    const before = readFileSync(path.join(keys, 'assay-signing.key'), 'utf8');
    const again = await run(['keygen', '--out-dir', keys]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('refusing to overwrite');
    expect(readFileSync(path.join(keys, 'assay-signing.key'), 'utf8')).toBe(before);
  });
});
