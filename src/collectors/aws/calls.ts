// How the AWS collector judges a failed call: expired credentials end the collection, a denial is
// a gap naming the action (the IAM permission) and where, anything else a gap saying what failed.
import type { Gap } from '../../model/resource.ts';
import { CollectorError } from '../contract.ts';

/** AWS error names that mean the credentials are no longer valid: the whole collection stops. */
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'InvalidClientTokenId']);
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AuthorizationError']);

export function errorName(error: unknown): string {
  return (error as { name?: string }).name ?? 'Error';
}

/** A call that failed: a gap naming the action and where, or (expired credentials) the end of the collection. */
export function failure(error: unknown, action: string, where: string): Gap {
  const name = errorName(error);
  const message = (error as Error).message;
  if (EXPIRED.has(name)) {
    throw new CollectorError(
      'permission-denied',
      `${action} in ${where}: the credentials are expired or invalid (${name}): renew them and collect again`,
    );
  }
  if (DENIED.has(name)) {
    return {
      reason: 'permission-denied',
      message: `${action} in ${where} was denied: ${message}`,
      permission: action,
      endpoint: where,
    };
  }
  return {
    reason: 'unreadable',
    message: `${action} in ${where} failed (${name}): ${message}`,
    permission: action,
    endpoint: where,
  };
}

/** Runs `work` over `items`, at most `limit` at a time. */
export async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const runners = Array.from({ length: Math.min(limit, queue.length) }, async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) await work(next);
  });
  await Promise.all(runners);
}
