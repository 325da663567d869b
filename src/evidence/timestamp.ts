// Trusted time for an evidence folder: an RFC 3161 time-stamp over manifest.json from a
// time-stamping authority (TSA) the user names. The reply (manifest.tsr, DER) proves the manifest
// existed, byte for byte, no later than the TSA's time. ASN.1 and CMS are read with pkijs (a
// maintained implementation of RFC 3161 and RFC 5652, WebCrypto-based) rather than our own DER code.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { EvidenceError, MANIFEST_FILE, TIMESTAMP_FILE, TSA_CERTS_FILE } from './manifest.ts';

const SHA256_OID = '2.16.840.1.101.3.4.2.1';
const TIME_STAMPING_EKU = '1.3.6.1.5.5.7.3.8';
const EXT_KEY_USAGE_OID = '2.5.29.37';
/** PKIStatus granted (0) and grantedWithMods (1): the reply holds a token. */
const GRANTED = [0, 1];

/** What verify says about the folder's time-stamp. */
export interface TimestampCheck {
  /**
   * absent: no manifest.tsr; valid: it covers this manifest.json, its signature checks and its chain
   * ends at a given or stored certificate; unchecked: it covers this manifest.json, but no TSA
   * certificate was given or stored to check its signature; invalid: message says why.
   */
  state: 'absent' | 'valid' | 'unchecked' | 'invalid';
  /** The TSA's time (genTime), ISO 8601, when the token could be read. */
  time?: string;
  /** The TSA certificate's subject, when found. */
  tsa?: string;
  /** The chain was checked against certificates the caller passed (--tsa-cert), not only the ones stored in the folder. */
  trusted: boolean;
  message?: string;
}

/** Certificates from PEM text (one or more CERTIFICATE blocks). */
export function readCertificates(pem: string, file: string): pkijs.Certificate[] {
  const blocks = [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)];
  if (blocks.length === 0) throw new EvidenceError(`${file}: no PEM certificate in it`);
  return blocks.map((block, i) => {
    try {
      return pkijs.Certificate.fromBER(Buffer.from(block[1]!.replace(/\s+/g, ''), 'base64'));
    } catch (error) {
      throw new EvidenceError(`${file}: certificate ${i + 1} cannot be read (${(error as Error).message})`);
    }
  });
}

function sha256(bytes: Uint8Array): Buffer {
  return createHash('sha256').update(bytes).digest();
}

const arrayBuffer = (bytes: Uint8Array): ArrayBuffer =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

/** A DER TimeStampReq for SHA-256(`data`) with a random nonce, asking the TSA to include its certificate. */
export function timestampRequest(data: Uint8Array): { der: Buffer; nonce: Buffer } {
  const nonce = randomBytes(8);
  nonce[0] = (nonce[0]! & 0x7f) | 0x01; // a positive INTEGER with no leading zero byte
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: SHA256_OID }),
      hashedMessage: new asn1js.OctetString({ valueHex: arrayBuffer(sha256(data)) }),
    }),
    nonce: new asn1js.Integer({ valueHex: arrayBuffer(nonce) }),
    certReq: true,
  });
  return { der: Buffer.from(request.toSchema().toBER()), nonce };
}

interface ParsedReply {
  response: pkijs.TimeStampResp;
  signed: pkijs.SignedData;
  info: pkijs.TSTInfo;
}

/** Reads a TimeStampResp; throws EvidenceError naming `what` when it is not a granted reply with a token. */
function parseReply(der: Uint8Array, what: string): ParsedReply {
  let response: pkijs.TimeStampResp;
  try {
    response = pkijs.TimeStampResp.fromBER(arrayBuffer(der));
  } catch (error) {
    throw new EvidenceError(`${what}: not an RFC 3161 time-stamp reply (${(error as Error).message})`);
  }
  const status = response.status.status;
  if (!GRANTED.includes(status)) {
    const text = response.status.statusStrings?.map((s) => s.valueBlock.value).join('; ');
    throw new EvidenceError(`${what}: the TSA refused the request (status ${status}${text ? `: ${text}` : ''})`);
  }
  if (!response.timeStampToken) throw new EvidenceError(`${what}: the reply holds no time-stamp token`);
  try {
    const signed = new pkijs.SignedData({ schema: response.timeStampToken.content });
    if (signed.encapContentInfo.eContentType !== pkijs.id_eContentType_TSTInfo || !signed.encapContentInfo.eContent) {
      throw new Error('the token does not hold a TSTInfo');
    }
    const info = pkijs.TSTInfo.fromBER(signed.encapContentInfo.eContent.getValue());
    return { response, signed, info };
  } catch (error) {
    throw new EvidenceError(`${what}: the time-stamp token cannot be read (${(error as Error).message})`);
  }
}

function imprintMatches(info: pkijs.TSTInfo, data: Uint8Array): boolean {
  if (info.messageImprint.hashAlgorithm.algorithmId !== SHA256_OID) return false;
  return Buffer.from(info.messageImprint.hashedMessage.valueBlock.valueHexView).equals(sha256(data));
}

/**
 * Asks the TSA at `url` to stamp `data` (the manifest's bytes) and returns the DER reply, after
 * checking that it answers this request: same imprint, same nonce.
 */
export async function requestTimestamp(url: string, data: Uint8Array): Promise<Buffer> {
  if (!/^https?:\/\//i.test(url)) throw new EvidenceError(`--timestamp-url must be an http(s) URL, not ${url}`);
  const { der, nonce } = timestampRequest(data);
  let reply: Response;
  try {
    reply = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query', accept: 'application/timestamp-reply' },
      body: new Uint8Array(der),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new EvidenceError(`time-stamp authority ${url}: no answer (${cause})`);
  }
  if (!reply.ok) throw new EvidenceError(`time-stamp authority ${url}: HTTP ${reply.status}`);
  const bytes = Buffer.from(await reply.arrayBuffer());
  const { info } = parseReply(bytes, `time-stamp authority ${url}`);
  if (!imprintMatches(info, data)) {
    throw new EvidenceError(`time-stamp authority ${url}: the token stamps another message than the manifest`);
  }
  const answered = info.nonce ? Buffer.from(info.nonce.valueBlock.valueHexView) : undefined;
  if (!answered || !stripZeros(answered).equals(stripZeros(nonce))) {
    throw new EvidenceError(`time-stamp authority ${url}: the token does not answer this request (nonce differs)`);
  }
  return bytes;
}

function stripZeros(bytes: Buffer): Buffer {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  return bytes.subarray(i);
}

export interface StampOptions {
  /** PEM certificates of the TSA's chain (its CA at least); stored in the folder and checked now. */
  tsaCertsPem?: string;
  tsaCertsFile?: string;
}

/**
 * Stamps `dir`/manifest.json: writes manifest.tsr (and tsa-certs.pem when certificates are given),
 * after verifying the token against them, so the folder never keeps a stamp verify would refuse.
 */
export async function stampManifest(dir: string, url: string, options: StampOptions = {}): Promise<TimestampCheck> {
  const manifestFile = path.join(dir, MANIFEST_FILE);
  let manifest: Buffer;
  try {
    manifest = readFileSync(manifestFile);
  } catch {
    throw new EvidenceError(`${manifestFile}: no manifest to time-stamp`);
  }
  const reply = await requestTimestamp(url, manifest);
  const check = await checkReply(reply, manifest, {
    ...(options.tsaCertsPem !== undefined && { trustedPem: options.tsaCertsPem }),
    file: options.tsaCertsFile ?? 'TSA certificates',
  });
  if (check.state === 'invalid' || (options.tsaCertsPem !== undefined && check.state !== 'valid')) {
    throw new EvidenceError(`time-stamp authority ${url}: ${check.message}`);
  }
  writeFileSync(path.join(dir, TIMESTAMP_FILE), reply);
  if (options.tsaCertsPem !== undefined) writeFileSync(path.join(dir, TSA_CERTS_FILE), options.tsaCertsPem);
  else rmSync(path.join(dir, TSA_CERTS_FILE), { force: true });
  return check;
}

export interface VerifyTimestampOptions {
  /** PEM certificates the caller trusts for the TSA chain (--tsa-cert); without them, the stored tsa-certs.pem. */
  trustedPem?: string;
  trustedFile?: string;
}

/** Checks `dir`/manifest.tsr against manifest.json: imprint, TSA signature, chain to a trusted certificate. */
export async function verifyTimestamp(dir: string, options: VerifyTimestampOptions = {}): Promise<TimestampCheck> {
  const trusted = options.trustedPem !== undefined;
  const tsrFile = path.join(dir, TIMESTAMP_FILE);
  if (!existsSync(tsrFile)) {
    return trusted
      ? { state: 'invalid', trusted, message: `no ${TIMESTAMP_FILE}, though a TSA certificate was given to check it` }
      : { state: 'absent', trusted };
  }
  const manifest = readFileSync(path.join(dir, MANIFEST_FILE));
  const stored = path.join(dir, TSA_CERTS_FILE);
  const pem = options.trustedPem ?? (existsSync(stored) ? readFileSync(stored, 'utf8') : undefined);
  return checkReply(readFileSync(tsrFile), manifest, {
    ...(pem !== undefined && { trustedPem: pem }),
    file: options.trustedFile ?? TSA_CERTS_FILE,
    trusted,
  });
}

async function checkReply(
  reply: Uint8Array,
  manifest: Uint8Array,
  options: { trustedPem?: string; file: string; trusted?: boolean },
): Promise<TimestampCheck> {
  const trusted = options.trusted ?? options.trustedPem !== undefined;
  let parsed: ParsedReply;
  try {
    parsed = parseReply(reply, TIMESTAMP_FILE);
  } catch (error) {
    return { state: 'invalid', trusted, message: (error as Error).message };
  }
  const { signed, info } = parsed;
  const base = { trusted, time: info.genTime.toISOString() };
  if (!imprintMatches(info, manifest)) {
    return { ...base, state: 'invalid', message: `${TIMESTAMP_FILE} stamps another message than ${MANIFEST_FILE}` };
  }
  if (options.trustedPem === undefined) {
    return {
      ...base,
      state: 'unchecked',
      message: `no TSA certificate to check the signature of ${TIMESTAMP_FILE} against: pass --tsa-cert`,
    };
  }
  let anchors: pkijs.Certificate[];
  try {
    anchors = readCertificates(options.trustedPem, options.file);
  } catch (error) {
    return { ...base, state: 'invalid', message: (error as Error).message };
  }
  // A TSA may leave out its certificates; the ones given may hold the signer.
  signed.certificates = [...(signed.certificates ?? []), ...anchors];
  let signer: pkijs.Certificate | undefined;
  try {
    const result = await signed.verify({
      signer: 0,
      data: arrayBuffer(manifest),
      trustedCerts: anchors,
      checkChain: true,
      extendedMode: true,
    });
    signer = result.signerCertificate ?? undefined;
    if (!result.signatureVerified) return { ...base, state: 'invalid', message: 'the TSA signature does not verify' };
  } catch (error) {
    const message = (error as { message?: string }).message ?? String(error);
    return { ...base, state: 'invalid', message: `the time-stamp token does not verify: ${message}` };
  }
  const tsa = signer ? subjectOf(signer) : undefined;
  if (!signer || !isTimeStampingCertificate(signer)) {
    return {
      ...base,
      ...(tsa && { tsa }),
      state: 'invalid',
      message: 'the signing certificate is not a time-stamping certificate (extended key usage timeStamping)',
    };
  }
  return { ...base, ...(tsa && { tsa }), state: 'valid' };
}

/** RFC 3161 §2.3: the TSA certificate carries exactly the timeStamping extended key usage, marked critical. */
function isTimeStampingCertificate(cert: pkijs.Certificate): boolean {
  const extension = cert.extensions?.find((e) => e.extnID === EXT_KEY_USAGE_OID);
  const usage = extension?.parsedValue as pkijs.ExtKeyUsage | undefined;
  return extension?.critical === true && usage?.keyPurposes.length === 1 && usage.keyPurposes[0] === TIME_STAMPING_EKU;
}

const NAME_TYPES: Record<string, string> = { '2.5.4.3': 'CN', '2.5.4.10': 'O', '2.5.4.11': 'OU', '2.5.4.6': 'C' };

function subjectOf(cert: pkijs.Certificate): string {
  return cert.subject.typesAndValues
    .map((tv) => `${NAME_TYPES[tv.type] ?? tv.type}=${String(tv.value.valueBlock.value)}`)
    .join(', ');
}
