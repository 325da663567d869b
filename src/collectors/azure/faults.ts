// An Azure call that failed, as a gap naming the endpoint and the permission it needed; or, when
// the credential itself is refused (expired, revoked, wrong tenant), the end of the collection.
import type { Kind } from '../../model/kinds.ts';
import type { Gap } from '../../model/resource.ts';
import { CollectorError } from '../contract.ts';

/** ARM error codes that mean the token is no good anywhere: collecting further is pointless. */
const CREDENTIAL_CODES = new Set([
  'ExpiredAuthenticationToken',
  'InvalidAuthenticationToken',
  'InvalidAuthenticationTokenTenant',
  'AuthenticationFailed',
]);
/** @azure/identity's errors: no credential could produce a token. */
const CREDENTIAL_ERRORS = new Set([
  'AuthenticationError',
  'CredentialUnavailableError',
  'AggregateAuthenticationError',
]);

interface AzureError {
  name?: string;
  /** @azure/identity's AuthenticationError: what the token endpoint said. */
  errorResponse?: { error?: string; errorDescription?: string };
  code?: string;
  statusCode?: number;
  message?: string;
}

export function failure(error: unknown, permission: string, endpoint: string, kinds?: Kind[]): Gap {
  const e = (error ?? {}) as AzureError;
  const message = firstLine(e.errorResponse?.errorDescription ?? e.message ?? String(error));
  if (CREDENTIAL_ERRORS.has(e.name ?? '') || e.statusCode === 401 || CREDENTIAL_CODES.has(e.code ?? '')) {
    throw new CollectorError(
      'permission-denied',
      `${permission} at ${endpoint}: the Azure credential was refused (${e.code ?? e.name ?? e.statusCode}): ${message}; renew it (az login, a new client secret) and collect again`,
    );
  }
  const gap: Gap =
    e.statusCode === 403
      ? {
          reason: 'permission-denied',
          message: `${permission} at ${endpoint} was denied (${e.code ?? 403}): ${message}`,
        }
      : e.statusCode === 429
        ? { reason: 'unreadable', message: `${permission} at ${endpoint} was still throttled (429) after the retries` }
        : {
            reason: 'unreadable',
            message: `${permission} at ${endpoint} failed (${e.code ?? e.statusCode ?? e.name}): ${message}`,
          };
  return { ...gap, permission, endpoint, ...(kinds ? { kinds } : {}) };
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.slice(0, 400);
}
