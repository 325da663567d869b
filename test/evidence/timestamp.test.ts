// RFC 3161 trusted time against a real TSA on loopback (openssl ts -reply, a CA made in the test):
// the stamp covers manifest.json, verify checks imprint, signature, chain and key usage, and any
// change to the manifest, the token or the trust anchor fails it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildManifest,
  EvidenceError,
  MANIFEST_FILE,
  serializeManifest,
  TIMESTAMP_FILE,
  TSA_CERTS_FILE,
} from '../../src/evidence/manifest.ts';
import { requestTimestamp, stampManifest, timestampRequest, verifyTimestamp } from '../../src/evidence/timestamp.ts';
import { startTsa, type Tsa } from './tsa-server.ts';

let tsa: Tsa;
const dirs: string[] = [];

beforeAll(async () => {
  tsa = await startTsa();
});
afterAll(async () => {
  await tsa?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function evidenceDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'assay-ts-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'results.json'), '{"findings":[]}\n');
  const manifest = buildManifest({
    dir,
    artifacts: [{ path: 'results.json', role: 'results' }],
    toolVersion: '0.1.0',
    bundleSha256: 'c'.repeat(64),
    createdAt: '2025-03-04T05:06:07.000Z',
  });
  writeFileSync(path.join(dir, MANIFEST_FILE), serializeManifest(manifest));
  return dir;
}

describe('RFC 3161 time-stamp of the manifest', () => {
  it('stamps manifest.json, stores the reply and the TSA chain, and verify finds it valid', async () => {
    const dir = evidenceDir();
    const before = tsa.queries();
    const stamped = await stampManifest(dir, tsa.url, { tsaCertsPem: tsa.caPem });
    expect(tsa.queries()).toBe(before + 1);
    expect(stamped.state).toBe('valid');
    expect(stamped.tsa).toContain('CN=tsa');
    expect(readFileSync(path.join(dir, TSA_CERTS_FILE), 'utf8')).toBe(tsa.caPem);
    const check = await verifyTimestamp(dir, { trustedPem: tsa.caPem });
    expect(check).toMatchObject({ state: 'valid', trusted: true });
    // The TSA's time is now, give or take the test's run.
    expect(Math.abs(Date.parse(check.time!) - Date.now())).toBeLessThan(10 * 60_000);
    // With the chain stored in the folder: valid, but the anchor is the folder's own.
    expect(await verifyTimestamp(dir)).toMatchObject({ state: 'valid', trusted: false });
  });

  it('fails when manifest.json changed after stamping: the imprint is the manifest hash', async () => {
    const dir = evidenceDir();
    await stampManifest(dir, tsa.url, { tsaCertsPem: tsa.caPem });
    const file = path.join(dir, MANIFEST_FILE);
    writeFileSync(file, readFileSync(file, 'utf8').replace('0.1.0', '0.1.1'));
    const check = await verifyTimestamp(dir, { trustedPem: tsa.caPem });
    expect(check.state).toBe('invalid');
    expect(check.message).toContain('stamps another message');
  });

  it('fails against a CA that did not issue the TSA certificate', async () => {
    const dir = evidenceDir();
    await stampManifest(dir, tsa.url, { tsaCertsPem: tsa.caPem });
    const check = await verifyTimestamp(dir, { trustedPem: tsa.otherCaPem });
    expect(check.state).toBe('invalid');
    expect(check.message).toMatch(/does not verify/);
  });

  it('fails on a token whose signature bytes were altered', async () => {
    const dir = evidenceDir();
    await stampManifest(dir, tsa.url, { tsaCertsPem: tsa.caPem });
    const file = path.join(dir, TIMESTAMP_FILE);
    const bytes = readFileSync(file);
    bytes[bytes.length - 5] = (bytes[bytes.length - 5] ?? 0) ^ 0xff; // inside the signature, the last field of the token
    writeFileSync(file, bytes);
    expect((await verifyTimestamp(dir, { trustedPem: tsa.caPem })).state).toBe('invalid');
  });

  it('refuses a reply signed by a certificate without the timeStamping key usage', async () => {
    const dir = evidenceDir();
    tsa.useWrongCertificate(true);
    try {
      await expect(stampManifest(dir, tsa.url, { tsaCertsPem: tsa.caPem })).rejects.toThrow(EvidenceError);
    } finally {
      tsa.useWrongCertificate(false);
    }
  });

  it('reads garbage and a missing stamp as what they are', async () => {
    const dir = evidenceDir();
    expect(await verifyTimestamp(dir)).toMatchObject({ state: 'absent' });
    // A trust anchor was given: the caller expects a stamp.
    expect((await verifyTimestamp(dir, { trustedPem: tsa.caPem })).state).toBe('invalid');
    writeFileSync(path.join(dir, TIMESTAMP_FILE), Buffer.from('not DER at all'));
    const check = await verifyTimestamp(dir, { trustedPem: tsa.caPem });
    expect(check.state).toBe('invalid');
    expect(check.message).toContain('manifest.tsr');
  });

  it('without any TSA certificate, says the signature could not be checked (never valid)', async () => {
    const dir = evidenceDir();
    await stampManifest(dir, tsa.url);
    expect(await verifyTimestamp(dir)).toMatchObject({ state: 'unchecked' });
  });

  it('names the TSA when it cannot be reached or answers with an error', async () => {
    await expect(requestTimestamp('http://127.0.0.1:1/tsa', Buffer.from('x'))).rejects.toThrow(
      /127\.0\.0\.1:1.*no answer/,
    );
    await expect(requestTimestamp('ftp://example.com', Buffer.from('x'))).rejects.toThrow(/http\(s\)/);
    expect(timestampRequest(Buffer.from('x')).der[0]).toBe(0x30);
  });
});
