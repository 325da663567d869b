import { createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildManifest,
  EvidenceError,
  MANIFEST_FILE,
  SIGNATURE_FILE,
  serializeManifest,
} from '../../src/evidence/manifest.ts';
import {
  generateKeyPair,
  KeyError,
  keyIdOf,
  loadPrivateKey,
  loadPublicKey,
  PRIVATE_KEY_FILE,
  PUBLIC_KEY_FILE,
  signManifest,
  verifyDir,
  writeKeyPair,
} from '../../src/evidence/signing.ts';

const KEY = generateKeyPair();
const OTHER_KEY = generateKeyPair();

function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A run's output folder with a manifest (unsigned). */
function evidenceDir(): string {
  const dir = tempDir('assay-evidence-');
  mkdirSync(path.join(dir, 'reports'));
  writeFileSync(path.join(dir, 'snapshot.json'), '{"schema":"assay.snapshot/v1","resources":[]}\n');
  writeFileSync(path.join(dir, 'results.json'), '{"findings":[]}\n');
  writeFileSync(path.join(dir, 'reports', 'report.html'), '<html><body>all good</body></html>\n');
  const manifest = buildManifest({
    dir,
    artifacts: [
      { path: 'snapshot.json', role: 'snapshot' },
      { path: 'results.json', role: 'results' },
      { path: 'reports/report.html', role: 'report' },
    ],
    toolVersion: '0.1.0',
    bundleSha256: 'c'.repeat(64),
    createdAt: '2025-03-04T05:06:07.000Z',
  });
  writeFileSync(path.join(dir, MANIFEST_FILE), serializeManifest(manifest));
  return dir;
}

function signedDir(): string {
  const dir = evidenceDir();
  signManifest(dir, KEY.privateKeyPem, { now: new Date('2025-03-04T06:00:00.000Z') });
  return dir;
}

function flipOneByte(file: string, index = 0): void {
  const bytes = readFileSync(file);
  bytes[index] = bytes[index]! ^ 0x01;
  writeFileSync(file, bytes);
}

// The base64 body of a PEM, which must never show up anywhere but the key file.
function pemBody(pem: string): string {
  return pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s/g, '');
}

describe('signManifest', () => {
  it('writes manifest.sig with the algorithm, the SPKI public key, its key id and the signing time', () => {
    const dir = signedDir();
    const sig = JSON.parse(readFileSync(path.join(dir, SIGNATURE_FILE), 'utf8'));
    expect(sig).toMatchObject({
      schema: 'assay.signature/v1',
      algorithm: 'Ed25519',
      publicKey: KEY.publicKeyPem,
      keyId: KEY.keyId,
      signedAt: '2025-03-04T06:00:00.000Z',
    });
    expect(Buffer.from(sig.signature, 'base64')).toHaveLength(64);
    expect(keyIdOf(createPublicKey(KEY.publicKeyPem))).toBe(KEY.keyId);
    expect(KEY.keyId).toMatch(/^[0-9a-f]{64}$/);
  });

  it('never writes the private key into the folder', () => {
    const dir = signedDir();
    for (const name of [SIGNATURE_FILE, MANIFEST_FILE]) {
      const text = readFileSync(path.join(dir, name), 'utf8');
      expect(text).not.toContain('PRIVATE KEY');
      expect(text).not.toContain(pemBody(KEY.privateKeyPem));
    }
  });

  it('refuses a folder without a manifest or with a malformed one', () => {
    const empty = tempDir('assay-empty-');
    expect(() => signManifest(empty, KEY.privateKeyPem)).toThrow(/manifest\.json: no manifest here/);
    writeFileSync(path.join(empty, MANIFEST_FILE), '{"schema":"something else"}');
    expect(() => signManifest(empty, KEY.privateKeyPem)).toThrow(/not a valid assay manifest/);
  });
});

describe('verifyDir', () => {
  it('accepts an untouched signed folder, against the embedded and against a trusted key', () => {
    const dir = signedDir();
    const result = verifyDir(dir);
    expect(result.ok).toBe(true);
    expect(result.artifacts.map((a) => [a.path, a.state])).toEqual([
      ['reports/report.html', 'ok'],
      ['results.json', 'ok'],
      ['snapshot.json', 'ok'],
    ]);
    expect(result.unlisted).toEqual([]);
    expect(result.signature).toMatchObject({ state: 'valid', keyId: KEY.keyId, trusted: false });
    const trusted = verifyDir(dir, { publicKeyPem: KEY.publicKeyPem });
    expect(trusted.ok).toBe(true);
    expect(trusted.signature).toMatchObject({ state: 'valid', trusted: true, trustedKeyId: KEY.keyId });
  });

  it('names the one artifact whose byte changed, with both hashes', () => {
    const dir = signedDir();
    flipOneByte(path.join(dir, 'reports', 'report.html'), 10);
    const result = verifyDir(dir, { publicKeyPem: KEY.publicKeyPem });
    expect(result.ok).toBe(false);
    const changed = result.artifacts.filter((a) => a.state !== 'ok');
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({ path: 'reports/report.html', state: 'changed' });
    expect(changed[0]!.actualSha256).not.toBe(changed[0]!.expectedSha256);
    expect(changed[0]!.actualBytes).toBe(changed[0]!.expectedBytes);
    // The manifest itself is intact, so the signature still holds.
    expect(result.signature.state).toBe('valid');
  });

  it('reports an invalid signature when one byte of manifest.json changes', () => {
    const dir = signedDir();
    const file = path.join(dir, MANIFEST_FILE);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('2025-03-04T05:06:07', '2025-03-04T05:06:08'));
    const result = verifyDir(dir);
    expect(result.ok).toBe(false);
    expect(result.signature).toMatchObject({ state: 'invalid', message: 'signature does not match manifest.json' });
    expect(result.artifacts.every((a) => a.state === 'ok')).toBe(true);
  });

  it('reports a removed artifact as missing and an added file as unlisted', () => {
    const dir = signedDir();
    unlinkSync(path.join(dir, 'results.json'));
    writeFileSync(path.join(dir, 'reports', 'extra.csv'), 'a,b\n');
    writeFileSync(path.join(dir, 'notes.txt'), 'hi\n');
    const result = verifyDir(dir);
    expect(result.ok).toBe(false);
    expect(result.artifacts.find((a) => a.path === 'results.json')?.state).toBe('missing');
    expect(result.unlisted).toEqual(['notes.txt', 'reports/extra.csv']);
  });

  it('fails a folder signed by another key when a trusted public key is given', () => {
    const dir = signedDir();
    const result = verifyDir(dir, { publicKeyPem: OTHER_KEY.publicKeyPem });
    expect(result.ok).toBe(false);
    expect(result.signature).toMatchObject({ state: 'untrusted-key', keyId: KEY.keyId, trustedKeyId: OTHER_KEY.keyId });
  });

  it('catches a rewritten manifest re-signed by someone else only against a trusted key', () => {
    const dir = signedDir();
    // An attacker edits a report, rebuilds the manifest and signs it with their own key.
    writeFileSync(path.join(dir, 'reports', 'report.html'), '<html>edited</html>\n');
    const manifest = buildManifest({
      dir,
      artifacts: [
        { path: 'snapshot.json', role: 'snapshot' },
        { path: 'results.json', role: 'results' },
        { path: 'reports/report.html', role: 'report' },
      ],
      toolVersion: '0.1.0',
      bundleSha256: 'c'.repeat(64),
      createdAt: '2025-03-04T05:06:07.000Z',
    });
    writeFileSync(path.join(dir, MANIFEST_FILE), serializeManifest(manifest));
    signManifest(dir, OTHER_KEY.privateKeyPem);
    expect(verifyDir(dir).ok).toBe(true);
    expect(verifyDir(dir, { publicKeyPem: KEY.publicKeyPem }).signature.state).toBe('untrusted-key');
  });

  it('passes an unsigned folder on hashes alone, but not when a signer is required', () => {
    const dir = evidenceDir();
    const result = verifyDir(dir);
    expect(result.ok).toBe(true);
    expect(result.signature).toMatchObject({ state: 'absent', trusted: false });
    const required = verifyDir(dir, { publicKeyPem: KEY.publicKeyPem });
    expect(required.ok).toBe(false);
    expect(required.signature.state).toBe('absent');
  });

  it('treats a malformed manifest.sig as an invalid signature', () => {
    const cases: [string, RegExp][] = [
      ['not json', /not valid JSON/],
      ['[]', /not an assay\.signature\/v1 file/],
      ['{"schema":"assay.signature/v1","algorithm":"RSA"}', /not Ed25519/],
      ['{"schema":"assay.signature/v1","algorithm":"Ed25519"}', /has no publicKey/],
    ];
    for (const [text, message] of cases) {
      const dir = evidenceDir();
      writeFileSync(path.join(dir, SIGNATURE_FILE), text);
      const result = verifyDir(dir);
      expect(result.ok).toBe(false);
      expect(result.signature.state).toBe('invalid');
      expect(result.signature.message).toMatch(message);
    }
  });

  it('treats a keyId that does not belong to the embedded key as invalid', () => {
    const dir = signedDir();
    const file = path.join(dir, SIGNATURE_FILE);
    const sig = JSON.parse(readFileSync(file, 'utf8'));
    sig.keyId = OTHER_KEY.keyId;
    writeFileSync(file, JSON.stringify(sig));
    expect(verifyDir(dir).signature).toMatchObject({ state: 'invalid', message: expect.stringMatching(/keyId/) });
  });

  it('reports a manifest.json that is no longer a manifest, without checking artifacts', () => {
    const dir = signedDir();
    writeFileSync(path.join(dir, MANIFEST_FILE), '{"schema": "assay.manifest/v1"');
    const result = verifyDir(dir);
    expect(result.ok).toBe(false);
    expect(result.manifestError).toMatch(/^manifest\.json: not valid JSON/);
    expect(result.signature.state).toBe('invalid');
  });

  it('records the signer in manifest.json before signing, and again for a new signer', () => {
    const dir = signedDir();
    const manifest = JSON.parse(readFileSync(path.join(dir, MANIFEST_FILE), 'utf8'));
    expect(manifest.signedBy).toEqual({ keyId: KEY.keyId });
    signManifest(dir, OTHER_KEY.privateKeyPem);
    expect(JSON.parse(readFileSync(path.join(dir, MANIFEST_FILE), 'utf8')).signedBy).toEqual({
      keyId: OTHER_KEY.keyId,
    });
    expect(verifyDir(dir, { publicKeyPem: OTHER_KEY.publicKeyPem })).toMatchObject({
      ok: true,
      authenticity: 'checked',
    });
  });

  it('fails a signed folder whose manifest.sig was removed, without a key too', () => {
    const dir = signedDir();
    unlinkSync(path.join(dir, SIGNATURE_FILE));
    const result = verifyDir(dir);
    expect(result.ok).toBe(false);
    expect(result.signature).toMatchObject({ state: 'missing', message: expect.stringContaining(KEY.keyId) });
    expect(result.artifacts.every((a) => a.state === 'ok')).toBe(true);
  });

  it('fails a manifest.sig replaced by another signer over the same manifest, without a key too', () => {
    const dir = signedDir();
    const bytes = readFileSync(path.join(dir, MANIFEST_FILE));
    const file = path.join(dir, SIGNATURE_FILE);
    const forged = {
      ...JSON.parse(readFileSync(file, 'utf8')),
      publicKey: OTHER_KEY.publicKeyPem,
      keyId: OTHER_KEY.keyId,
      signature: sign(null, bytes, loadPrivateKey(OTHER_KEY.privateKeyPem)).toString('base64'),
    };
    writeFileSync(file, JSON.stringify(forged));
    const result = verifyDir(dir);
    expect(result.ok).toBe(false);
    expect(result.signature).toMatchObject({ state: 'invalid', keyId: OTHER_KEY.keyId });
    expect(result.signature.message).toContain(`records a signature by key ${KEY.keyId}`);
  });

  it('says authenticity was checked only against a trusted key', () => {
    const dir = signedDir();
    expect(verifyDir(dir)).toMatchObject({ ok: true, authenticity: 'not-checked' });
    expect(verifyDir(dir, { publicKeyPem: KEY.publicKeyPem })).toMatchObject({ ok: true, authenticity: 'checked' });
    expect(verifyDir(evidenceDir())).toMatchObject({ ok: true, authenticity: 'not-checked' });
  });

  it('throws when there is no manifest to verify', () => {
    const dir = tempDir('assay-nothing-');
    expect(() => verifyDir(dir)).toThrow(EvidenceError);
    rmSync(dir, { recursive: true });
    expect(() => verifyDir(dir)).toThrow(/no manifest here/);
  });
});

describe('key files', () => {
  it('refuses an RSA key, naming the key file and Ed25519', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => loadPrivateKey(pem, 'keys/rsa.pem')).toThrow(KeyError);
    expect(() => loadPrivateKey(pem, 'keys/rsa.pem')).toThrow(
      /^keys\/rsa\.pem: is an rsa key; assay signs with Ed25519 only$/,
    );
    const rsaPublic = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => loadPublicKey(rsaPublic, 'keys/rsa.pub')).toThrow(/keys\/rsa\.pub: is an rsa key/);
    expect(() => signManifest(evidenceDir(), pem, { keyFile: 'keys/rsa.pem' })).toThrow(/keys\/rsa\.pem/);
  });

  it('refuses text that is not PEM, and a PEM block that is not a key', () => {
    expect(() => loadPrivateKey('hello', 'k.pem')).toThrow(/^k\.pem: not a PEM key file/);
    const garbage = '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n';
    expect(() => loadPrivateKey(garbage, 'k.pem')).toThrow(/^k\.pem: not a readable private key/);
    const truncated = KEY.publicKeyPem.replace(/\n-----END[\s\S]*/, '');
    expect(() => loadPublicKey(truncated, 'k.pub')).toThrow(/^k\.pub: not a PEM key file/);
  });

  it('explains that an encrypted key needs decrypting', () => {
    const encrypted = generateKeyPairSync('ed25519', {
      privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    }).privateKey;
    expect(() => loadPrivateKey(encrypted, 'enc.pem')).toThrow(/^enc\.pem: is encrypted with a passphrase/);
  });

  it('refuses a public key where the private key belongs and the other way round', () => {
    expect(() => loadPrivateKey(KEY.publicKeyPem, 'a.pub')).toThrow(/a\.pub: is a public key/);
    expect(() => loadPublicKey(KEY.privateKeyPem, 'a.key')).toThrow(/a\.key: is a private key/);
  });

  it('never repeats key material in an error message', () => {
    // Eight base64 characters cut from the middle: still PEM, no longer valid DER.
    const body = pemBody(KEY.privateKeyPem);
    const broken = `-----BEGIN PRIVATE KEY-----\n${body.slice(0, 20)}${body.slice(28)}\n-----END PRIVATE KEY-----\n`;
    let message = '';
    try {
      loadPrivateKey(broken, 'broken.pem');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^broken\.pem: /);
    expect(message).not.toContain(body.slice(0, 20));
    expect(message).not.toContain(body.slice(28, 48));
  });

  it('writes a working key pair, the private key readable by its owner only, and never overwrites', () => {
    const outDir = path.join(tempDir('assay-keys-'), 'nested');
    const written = writeKeyPair(outDir);
    expect(written.privateKeyFile).toBe(path.join(outDir, PRIVATE_KEY_FILE));
    expect(written.publicKeyFile).toBe(path.join(outDir, PUBLIC_KEY_FILE));
    if (process.platform !== 'win32') expect(statSync(written.privateKeyFile).mode & 0o777).toBe(0o600);
    const privatePem = readFileSync(written.privateKeyFile, 'utf8');
    const publicPem = readFileSync(written.publicKeyFile, 'utf8');
    expect(keyIdOf(loadPublicKey(publicPem))).toBe(written.keyId);
    const dir = evidenceDir();
    signManifest(dir, privatePem);
    expect(verifyDir(dir, { publicKeyPem: publicPem }).ok).toBe(true);
    expect(() => writeKeyPair(outDir)).toThrow(/already exists; refusing to overwrite/);
    expect(readFileSync(written.privateKeyFile, 'utf8')).toBe(privatePem);
  });
});
