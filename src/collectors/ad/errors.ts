// Failures of an AD collection, named so the CLI can explain them; messages never carry the password.
import type { GapReason } from '../../model/resource.ts';
import { CollectorError } from '../contract.ts';

export type AdErrorCode =
  | 'invalid-credentials'
  | 'bind-refused'
  | 'unreachable'
  | 'timeout'
  | 'tls'
  | 'usage'
  | 'other';

/** The gap a collection that could not start is recorded under. */
const REASONS: Record<AdErrorCode, GapReason> = {
  'invalid-credentials': 'permission-denied',
  'bind-refused': 'permission-denied',
  unreachable: 'unreachable',
  timeout: 'timeout',
  tls: 'unreachable',
  usage: 'other',
  other: 'other',
};

/**
 * Nothing at all could be collected (bind, TLS, connection, bad options): the source is recorded
 * as failed with this reason, and the CLI exits 2 with the message.
 */
export class AdCollectError extends CollectorError {
  override name = 'AdCollectError';
  constructor(
    readonly code: AdErrorCode,
    message: string,
  ) {
    super(REASONS[code], message);
  }
}

/** Why one search failed, as a gap reason and a sentence. */
export interface SearchFailure {
  reason: GapReason;
  message: string;
  /** The LDAP result code, when the server answered. */
  resultCode?: number;
}

/** LDAP result codes the collector tells apart (RFC 4511 4.1.9). */
export const RESULT = {
  timeLimitExceeded: 3,
  sizeLimitExceeded: 4,
  referral: 10,
  adminLimitExceeded: 11,
  noSuchObject: 32,
  invalidCredentials: 49,
  insufficientAccessRights: 50,
  busy: 51,
  unavailable: 52,
  unwillingToPerform: 53,
} as const;

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'EPIPE',
]);

/** TLS verification failures Node reports (see node's tls docs, X509 error codes). */
const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
  'INVALID_CA',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

interface ErrorLike {
  code?: unknown;
  message?: unknown;
}

export function resultCodeOf(error: unknown): number | undefined {
  const code = (error as ErrorLike | undefined)?.code;
  return typeof code === 'number' ? code : undefined;
}

function errorCode(error: unknown): string | undefined {
  const code = (error as ErrorLike | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function errorMessage(error: unknown): string {
  const message = (error as ErrorLike | undefined)?.message;
  return typeof message === 'string' ? message : String(error);
}

export function isTlsError(error: unknown): boolean {
  const code = errorCode(error);
  return (
    (code !== undefined && (TLS_CODES.has(code) || code.startsWith('ERR_SSL_'))) ||
    /certificate/i.test(errorMessage(error))
  );
}

export function isNetworkError(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && NETWORK_CODES.has(code);
}

export function isTimeout(error: unknown): boolean {
  return errorCode(error) === 'ETIMEDOUT' || /timed? ?out/i.test(errorMessage(error));
}

/** The problem a TLS error names, in words an administrator recognises. */
export function describeTlsProblem(error: unknown): string {
  const code = errorCode(error);
  switch (code) {
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
    case 'HOSTNAME_MISMATCH':
      return `the server's certificate does not name the host in --url (${errorMessage(error)})`;
    case 'CERT_HAS_EXPIRED':
      return "the server's certificate has expired";
    case 'CERT_NOT_YET_VALID':
      return "the server's certificate is not valid yet";
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return `the server's certificate was not issued by a trusted CA (${code})`;
    default:
      return code ? `${code}: ${errorMessage(error)}` : errorMessage(error);
  }
}

/** A failed search as a gap: what it hides is decided by the caller; this says why. */
export function searchFailure(error: unknown): SearchFailure {
  const resultCode = resultCodeOf(error);
  // ldapts appends " Code: 0x.." to server messages; the code is reported on its own.
  const detail = errorMessage(error)
    .replace(/\s*Code: 0x[0-9a-f]+$/i, '')
    .trim();
  switch (resultCode) {
    case RESULT.insufficientAccessRights:
      return { reason: 'permission-denied', message: `insufficient access rights (${detail})`, resultCode };
    case RESULT.noSuchObject:
      return {
        reason: 'unreadable',
        message: `no such object, or not visible to this account (${detail})`,
        resultCode,
      };
    case RESULT.sizeLimitExceeded:
    case RESULT.adminLimitExceeded:
      return {
        reason: 'other',
        message: `the server ended the search early: size or administrative limit exceeded (${detail})`,
        resultCode,
      };
    case RESULT.timeLimitExceeded:
      return { reason: 'timeout', message: `the server's time limit was exceeded (${detail})`, resultCode };
    case RESULT.busy:
    case RESULT.unavailable:
      return { reason: 'unreachable', message: `the server is busy or unavailable (${detail})`, resultCode };
  }
  if (resultCode !== undefined)
    return { reason: 'other', message: `LDAP result ${resultCode} (${detail})`, resultCode };
  if (isTimeout(error)) return { reason: 'timeout', message: `the search timed out (${detail})` };
  if (isNetworkError(error) || /socket/i.test(detail))
    return { reason: 'unreachable', message: `the connection failed (${detail})` };
  return { reason: 'other', message: detail };
}
