// Ed25519 signatures over manifest.json and the check of a whole evidence folder. Only
// node:crypto: no extra dependency is trusted with keys. Private keys are never printed or
// copied; error messages name the key file, never its content.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sha256 } from '../model/snapshot.ts';
import { checkInputs, type InputCheck, type InputCheckOptions } from './inputs.ts';
import {
  type ArtifactRole,
  EvidenceError,
  MANIFEST_COMPANIONS,
  MANIFEST_FILE,
  type Manifest,
  parseManifest,
  readArtifact,
  SIGNATURE_FILE,
  serializeManifest,
} from './manifest.ts';

export const SIGNATURE_SCHEMA = 'assay.signature/v1';
export const PRIVATE_KEY_FILE = 'assay-signing.key';
export const PUBLIC_KEY_FILE = 'assay-signing.pub';

export interface Signature {
  schema: typeof SIGNATURE_SCHEMA;
  algorithm: 'Ed25519';
  /** SPKI PEM of the signer's public key. */
  publicKey: string;
  /** SHA-256 (hex) of the DER-encoded public key. */
  keyId: string;
  /** Base64 Ed25519 signature over the exact bytes of manifest.json. */
  signature: string;
  signedAt: string;
}

/** A key is unusable; the message starts with the key file's name. */
export class KeyError extends EvidenceError {
  override name = 'KeyError';
}

export function keyIdOf(publicKey: KeyObject): string {
  return sha256(publicKey.export({ type: 'spki', format: 'der' }));
}

/** Reads an unencrypted Ed25519 private key (PKCS#8 PEM). `keyFile` names it in errors. */
export function loadPrivateKey(pem: string, keyFile = 'private key'): KeyObject {
  checkPem(pem, keyFile);
  if (/-----BEGIN (ENCRYPTED PRIVATE KEY|PUBLIC KEY)-----|Proc-Type: 4,ENCRYPTED/.test(pem)) {
    if (pem.includes('PUBLIC KEY-----')) {
      throw new KeyError(`${keyFile}: is a public key; signing needs the private key (${PRIVATE_KEY_FILE})`);
    }
    throw new KeyError(`${keyFile}: is encrypted with a passphrase; assay needs an unencrypted Ed25519 key`);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch (error) {
    throw new KeyError(`${keyFile}: not a readable private key (${cryptoReason(error)})`);
  }
  return requireEd25519(key, keyFile);
}

/** Reads an Ed25519 public key (SPKI PEM); a private key is refused so it is never handled as public. */
export function loadPublicKey(pem: string, keyFile = 'public key'): KeyObject {
  checkPem(pem, keyFile);
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    throw new KeyError(`${keyFile}: is a private key; pass the public key (${PUBLIC_KEY_FILE}) instead`);
  }
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch (error) {
    throw new KeyError(`${keyFile}: not a readable public key (${cryptoReason(error)})`);
  }
  return requireEd25519(key, keyFile);
}

function checkPem(pem: string, keyFile: string): void {
  if (!/-----BEGIN [A-Z0-9 ]+-----[\s\S]+-----END [A-Z0-9 ]+-----/.test(pem)) {
    throw new KeyError(`${keyFile}: not a PEM key file (expected a '-----BEGIN ...-----' block)`);
  }
}

function requireEd25519(key: KeyObject, keyFile: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new KeyError(`${keyFile}: is an ${key.asymmetricKeyType ?? 'unknown'} key; assay signs with Ed25519 only`);
  }
  return key;
}

// Node's messages describe the decoder failure, never the key material.
function cryptoReason(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  if (code === 'ERR_MISSING_PASSPHRASE') return 'it is encrypted with a passphrase';
  return code ?? message ?? 'unknown error';
}

export interface GeneratedKeyPair {
  privateKeyPem: string;
  publicKeyPem: string;
  keyId: string;
}

export function generateKeyPair(): GeneratedKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    keyId: keyIdOf(publicKey),
  };
}

/** Writes a new key pair into `outDir`; the private key is readable by its owner only. Never overwrites. */
export function writeKeyPair(outDir: string): { privateKeyFile: string; publicKeyFile: string; keyId: string } {
  const privateKeyFile = path.join(outDir, PRIVATE_KEY_FILE);
  const publicKeyFile = path.join(outDir, PUBLIC_KEY_FILE);
  for (const file of [privateKeyFile, publicKeyFile]) {
    if (existsSync(file)) throw new KeyError(`${file}: already exists; refusing to overwrite a key`);
  }
  const pair = generateKeyPair();
  mkdirSync(outDir, { recursive: true });
  // 'wx' fails rather than replace a file that appeared meanwhile.
  writeFileSync(privateKeyFile, pair.privateKeyPem, { mode: 0o600, flag: 'wx' });
  writeFileSync(publicKeyFile, pair.publicKeyPem, { mode: 0o644, flag: 'wx' });
  return { privateKeyFile, publicKeyFile, keyId: pair.keyId };
}

export interface SignOptions {
  /** Names the key in error messages. */
  keyFile?: string;
  now?: Date;
}

/** Signs `dir`/manifest.json and writes `dir`/manifest.sig. Returns what was written. */
export function signManifest(dir: string, privateKeyPem: string, options: SignOptions = {}): Signature {
  const privateKey = loadPrivateKey(privateKeyPem, options.keyFile);
  const manifestFile = path.join(dir, MANIFEST_FILE);
  // Refuse to vouch for something that verify could not read.
  const manifest = parseManifest(readManifestBytes(manifestFile).toString('utf8'), manifestFile);
  const publicKey = createPublicKey(privateKey);
  // The manifest records its signer, so a removed or swapped manifest.sig shows without a trusted key.
  const bytes = Buffer.from(serializeManifest({ ...manifest, signedBy: { keyId: keyIdOf(publicKey) } }));
  writeFileSync(manifestFile, bytes);
  const signature: Signature = {
    schema: SIGNATURE_SCHEMA,
    algorithm: 'Ed25519',
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    keyId: keyIdOf(publicKey),
    signature: sign(null, bytes, privateKey).toString('base64'),
    signedAt: (options.now ?? new Date()).toISOString(),
  };
  writeFileSync(path.join(dir, SIGNATURE_FILE), `${JSON.stringify(signature, null, 2)}\n`);
  return signature;
}

function readManifestBytes(manifestFile: string): Buffer {
  try {
    return readFileSync(manifestFile);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new EvidenceError(`${manifestFile}: no manifest here; is this an assay evidence folder?`);
    throw new EvidenceError(`${manifestFile}: cannot be read (${code ?? (error as Error).message})`);
  }
}

export type ArtifactState = 'ok' | 'changed' | 'missing' | 'unreadable';

export interface ArtifactCheck {
  path: string;
  role: ArtifactRole;
  state: ArtifactState;
  expectedSha256: string;
  expectedBytes: number;
  actualSha256?: string;
  actualBytes?: number;
  /** Why a file could not be hashed (state 'unreadable'). */
  message?: string;
}

/** `missing`: no manifest.sig, though the manifest records that one was made. */
export type SignatureState = 'valid' | 'invalid' | 'absent' | 'missing' | 'untrusted-key';

export interface SignatureCheck {
  state: SignatureState;
  /** Key id of the key that signed (from manifest.sig), when readable. */
  keyId?: string;
  /** Key id of the trusted key passed in, if any. */
  trustedKeyId?: string;
  /** True when the signature was checked against a key the caller trusts, not only the embedded one. */
  trusted: boolean;
  message?: string;
}

export interface VerifyResult {
  ok: boolean;
  /**
   * `checked` only when the signature is valid for a public key the caller passed. Otherwise the
   * hashes show the files match the manifest, but anyone able to write the folder could have
   * rewritten (and re-signed) both.
   */
  authenticity: 'checked' | 'not-checked';
  /** Present when manifest.json is not a valid manifest; artifacts are then not checked. */
  manifestError?: string;
  manifest?: { toolVersion: string; bundleSha256: string; createdAt: string };
  artifacts: ArtifactCheck[];
  /** The inputs the manifest lists, re-checked where they can be (inputs.ts). */
  inputs: InputCheck[];
  /** Inputs were re-checked against a root the caller named: a changed input then fails the check. */
  inputsRequired: boolean;
  /** Files in the folder that the manifest does not list (manifest.json and manifest.sig excluded). */
  unlisted: string[];
  signature: SignatureCheck;
}

export interface VerifyOptions {
  /** A public key the caller trusts; the folder must be signed by exactly this key. */
  publicKeyPem?: string;
  /** Names the public key in error messages. */
  publicKeyFile?: string;
  /** Where the run's relative input paths are resolved; given explicitly, a changed input fails. Default: the working directory, informational. */
  inputsRoot?: string;
  hashFolder?: InputCheckOptions['hashFolder'];
}

/**
 * Checks every artifact's hash, looks for files the manifest does not list, and checks the
 * signature. Throws EvidenceError only when there is nothing to verify (no manifest) or the
 * trusted key itself is unusable; every other problem is part of the result.
 */
export function verifyDir(dir: string, options: VerifyOptions = {}): VerifyResult {
  const trustedKey =
    options.publicKeyPem === undefined ? undefined : loadPublicKey(options.publicKeyPem, options.publicKeyFile);
  const manifestBytes = readManifestBytes(path.join(dir, MANIFEST_FILE));
  let signature = checkSignature(dir, manifestBytes, trustedKey);

  let manifest: Manifest;
  try {
    manifest = parseManifest(manifestBytes.toString('utf8'), MANIFEST_FILE);
  } catch (error) {
    if (!(error instanceof EvidenceError)) throw error;
    return {
      ok: false,
      authenticity: 'not-checked',
      manifestError: error.message,
      artifacts: [],
      inputs: [],
      inputsRequired: options.inputsRoot !== undefined,
      unlisted: [],
      signature,
    };
  }
  signature = againstRecordedSigner(signature, manifest);

  const artifacts = manifest.artifacts.map((artifact) => checkArtifact(dir, artifact));
  const listed = new Set(manifest.artifacts.map((a) => a.path));
  const unlisted = listFiles(dir).filter((rel) => !listed.has(rel) && !MANIFEST_COMPANIONS.includes(rel));
  // Unsigned folders pass on hashes alone (authenticity not checked), unless the caller asked for a
  // particular signer or the manifest says it was signed.
  const signatureOk = signature.state === 'valid' || (signature.state === 'absent' && trustedKey === undefined);
  const inputsRequired = options.inputsRoot !== undefined;
  const inputs = checkInputs(manifest, {
    root: options.inputsRoot ?? process.cwd(),
    ...(options.hashFolder && { hashFolder: options.hashFolder }),
  });
  const inputsOk = inputs.every(
    (i) => i.state !== 'missing-snapshot' && !(inputsRequired && (i.state === 'changed' || i.state === 'not-found')),
  );
  return {
    ok: signatureOk && inputsOk && unlisted.length === 0 && artifacts.every((a) => a.state === 'ok'),
    authenticity: signature.state === 'valid' && signature.trusted ? 'checked' : 'not-checked',
    manifest: {
      toolVersion: manifest.tool.version,
      bundleSha256: manifest.bundleSha256,
      createdAt: manifest.createdAt,
    },
    artifacts,
    inputs,
    inputsRequired,
    unlisted,
    signature,
  };
}

function checkArtifact(dir: string, artifact: Manifest['artifacts'][number]): ArtifactCheck {
  const check: ArtifactCheck = {
    path: artifact.path,
    role: artifact.role,
    state: 'ok',
    expectedSha256: artifact.sha256,
    expectedBytes: artifact.bytes,
  };
  const read = readArtifact(dir, artifact.path);
  if (read.state !== 'ok') return { ...check, state: read.state, message: read.message };
  const actualSha256 = sha256(read.bytes);
  const same = actualSha256 === artifact.sha256 && read.bytes.length === artifact.bytes;
  return { ...check, state: same ? 'ok' : 'changed', actualSha256, actualBytes: read.bytes.length };
}

function checkSignature(dir: string, manifestBytes: Buffer, trustedKey: KeyObject | undefined): SignatureCheck {
  const trustedKeyId = trustedKey && keyIdOf(trustedKey);
  const base = { trusted: trustedKey !== undefined, ...(trustedKeyId && { trustedKeyId }) };
  let text: string;
  try {
    text = readFileSync(path.join(dir, SIGNATURE_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { ...base, state: 'absent', message: `no ${SIGNATURE_FILE}` };
    }
    return { ...base, state: 'invalid', message: `${SIGNATURE_FILE} cannot be read` };
  }
  const parsed = parseSignature(text);
  if (typeof parsed === 'string') return { ...base, state: 'invalid', message: parsed };

  let signerKey: KeyObject;
  try {
    signerKey = loadPublicKey(parsed.publicKey, `${SIGNATURE_FILE} publicKey`);
  } catch (error) {
    return { ...base, state: 'invalid', message: (error as Error).message };
  }
  const keyId = keyIdOf(signerKey);
  if (keyId !== parsed.keyId) {
    return { ...base, state: 'invalid', keyId: parsed.keyId, message: `keyId does not match the embedded public key` };
  }
  if (trustedKeyId !== undefined && trustedKeyId !== keyId) {
    return {
      ...base,
      state: 'untrusted-key',
      keyId,
      message: `signed by key ${keyId}, not by the trusted key ${trustedKeyId}`,
    };
  }
  const good = verify(null, manifestBytes, trustedKey ?? signerKey, Buffer.from(parsed.signature, 'base64'));
  return good
    ? { ...base, state: 'valid', keyId }
    : { ...base, state: 'invalid', keyId, message: `signature does not match ${MANIFEST_FILE}` };
}

/** A signature the manifest's own record of its signer contradicts (removed, or made by another key) fails. */
function againstRecordedSigner(signature: SignatureCheck, manifest: Manifest): SignatureCheck {
  const recorded = manifest.signedBy?.keyId;
  if (recorded === undefined) return signature;
  if (signature.state === 'absent') {
    return {
      ...signature,
      state: 'missing',
      message: `no ${SIGNATURE_FILE}, but ${MANIFEST_FILE} records a signature by key ${recorded}`,
    };
  }
  if (signature.state === 'valid' && signature.keyId !== recorded) {
    return {
      ...signature,
      state: 'invalid',
      message: `signed by key ${signature.keyId}, but ${MANIFEST_FILE} records a signature by key ${recorded}`,
    };
  }
  return signature;
}

/** The signature file, or a message saying what is wrong with it. */
function parseSignature(text: string): Signature | string {
  let value: Partial<Record<keyof Signature, unknown>>;
  try {
    value = JSON.parse(text) as typeof value;
  } catch {
    return `${SIGNATURE_FILE} is not valid JSON`;
  }
  if (value === null || typeof value !== 'object') return `${SIGNATURE_FILE} is not a JSON object`;
  if (value.schema !== SIGNATURE_SCHEMA) return `${SIGNATURE_FILE} is not an ${SIGNATURE_SCHEMA} file`;
  if (value.algorithm !== 'Ed25519') return `${SIGNATURE_FILE} uses algorithm '${value.algorithm}', not Ed25519`;
  for (const field of ['publicKey', 'keyId', 'signature', 'signedAt'] as const) {
    if (typeof value[field] !== 'string' || value[field] === '') return `${SIGNATURE_FILE} has no ${field}`;
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value.signature as string)) return `${SIGNATURE_FILE} signature is not base64`;
  return value as Signature;
}

/** Every file under `dir` (relative, forward slashes). Links are listed, never followed. */
function listFiles(dir: string, prefix = ''): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory())
      for (const file of listFiles(dir, rel)) files.push(file); // no spread: unbounded
    else files.push(rel);
  }
  return files.sort();
}
