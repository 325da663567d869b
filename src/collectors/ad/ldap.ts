// The directory as the collector sees it: connect over TLS with certificate verification, bind,
// and run paged searches that report how far they got instead of throwing. Tests hand the
// collector another Directory (recorded entries) through the same interface.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { type ConnectionOptions, rootCertificates } from 'node:tls';
import { Client } from 'ldapts';
import type { LdapEntry } from './entry.ts';
import {
  AdCollectError,
  describeTlsProblem,
  isNetworkError,
  isTimeout,
  isTlsError,
  RESULT,
  resultCodeOf,
  type SearchFailure,
  searchFailure,
} from './errors.ts';

export interface SearchSpec {
  base: string;
  scope: 'base' | 'one' | 'sub';
  filter: string;
  attributes: string[];
  /** Ask for pages (RFC 2696) of this many entries; undefined for single-object reads. */
  pageSize?: number;
}

export interface SearchOutcome {
  entries: LdapEntry[];
  /** Continuation references (other naming contexts or domains) the server pointed to; not followed. */
  references: string[];
  pages: number;
  /** Set when the search failed or ended early; `entries` then holds what was read before. */
  failure?: SearchFailure;
}

export interface Directory {
  search(spec: SearchSpec): Promise<SearchOutcome>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  url: string;
  bindDn: string;
  password: string;
  caFile?: string;
  insecureSkipVerify?: boolean;
  /** Upgrade an ldap:// connection with the StartTLS extended operation before binding. */
  startTls?: boolean;
  timeoutMs?: number;
}

/** Binary attributes ldapts must hand over as Buffers (both spellings, as servers vary the case). */
const BINARY_ATTRIBUTES = ['objectGUID', 'objectSid', 'objectguid', 'objectsid'];

export interface Endpoint {
  secure: boolean;
  host: string;
  port: number;
}

/** Host and port of an ldap:// or ldaps:// URL; only those two schemes, no path or query. */
export function parseLdapUrl(url: string): Endpoint {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AdCollectError('usage', `--url '${url}' is not a URL; expected ldaps://HOST[:PORT]`);
  }
  if (parsed.protocol !== 'ldaps:' && parsed.protocol !== 'ldap:') {
    throw new AdCollectError('usage', `--url must start with ldaps:// or ldap:// (got ${parsed.protocol}//)`);
  }
  if (!parsed.hostname) throw new AdCollectError('usage', `--url '${url}' names no host`);
  const secure = parsed.protocol === 'ldaps:';
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  return { secure, host, port: parsed.port ? Number(parsed.port) : secure ? 636 : 389 };
}

function tlsOptions(options: ConnectOptions, endpoint: Endpoint): ConnectionOptions {
  let ca: string[] | undefined;
  if (options.caFile) {
    try {
      // Added to Node's default roots, not replacing them, so a public CA still works.
      ca = [...rootCertificates, readFileSync(options.caFile, 'utf8')];
    } catch (error) {
      throw new AdCollectError('usage', `cannot read --ca-file ${options.caFile}: ${(error as Error).message}`);
    }
  }
  return {
    ca,
    minVersion: 'TLSv1.2',
    rejectUnauthorized: options.insecureSkipVerify !== true,
    // StartTLS connects over an existing socket, so the name to verify must be given explicitly.
    host: endpoint.host,
    servername: isIP(endpoint.host) ? undefined : endpoint.host,
  };
}

function connectFailure(error: unknown, endpoint: Endpoint, bindDn: string): AdCollectError {
  const where = `${endpoint.host}:${endpoint.port}`;
  const resultCode = resultCodeOf(error);
  if (resultCode === RESULT.invalidCredentials) {
    return new AdCollectError('invalid-credentials', `bind as ${bindDn} failed: invalid credentials`);
  }
  if (resultCode !== undefined) {
    const failure = searchFailure(error);
    return new AdCollectError('bind-refused', `bind as ${bindDn} at ${where} was refused: ${failure.message}`);
  }
  if (isTlsError(error)) {
    return new AdCollectError(
      'tls',
      `TLS certificate verification of ${where} failed: ${describeTlsProblem(error)}; pass the CA that issued the server's certificate with --ca-file PEM`,
    );
  }
  if (isTimeout(error)) return new AdCollectError('timeout', `connecting to ${where} timed out`);
  if (isNetworkError(error)) {
    const code = (error as { code: string }).code;
    return new AdCollectError('unreachable', `cannot reach ${where}: ${code}`);
  }
  return new AdCollectError('other', `connecting to ${where} failed: ${(error as Error).message ?? String(error)}`);
}

/** Connects, verifies the server's certificate, binds; throws AdCollectError when any of it fails. */
export async function connectDirectory(options: ConnectOptions): Promise<Directory> {
  const endpoint = parseLdapUrl(options.url);
  if (!endpoint.secure && !options.startTls) {
    throw new AdCollectError(
      'usage',
      'ldap:// without --starttls would send the password in clear text; use ldaps:// or add --starttls',
    );
  }
  if (endpoint.secure && options.startTls) {
    throw new AdCollectError('usage', '--starttls applies to ldap:// URLs; ldaps:// is already TLS');
  }
  const tls = tlsOptions(options, endpoint);
  const timeout = options.timeoutMs ?? 60_000;
  const client = new Client({
    url: `${endpoint.secure ? 'ldaps' : 'ldap'}://${endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host}:${endpoint.port}`,
    timeout,
    connectTimeout: Math.min(timeout, 15_000),
    // ldapts starts TLS at connect time whenever tlsOptions is given: for StartTLS the options go
    // to startTLS() only, or it would try a TLS handshake on the plain LDAP port.
    ...(options.startTls ? {} : { tlsOptions: tls }),
    strictDN: false,
  });
  try {
    if (options.startTls) await client.startTLS(tls);
    await client.bind(options.bindDn, options.password);
  } catch (error) {
    await client.unbind().catch(() => undefined);
    throw connectFailure(error, endpoint, options.bindDn);
  }
  return {
    search: (spec) => pagedSearch(client, spec),
    close: () => client.unbind().catch(() => undefined),
  };
}

async function pagedSearch(client: Client, spec: SearchSpec): Promise<SearchOutcome> {
  const outcome: SearchOutcome = { entries: [], references: [], pages: 0 };
  const options = {
    scope: spec.scope,
    filter: spec.filter,
    attributes: spec.attributes,
    explicitBufferAttributes: BINARY_ATTRIBUTES,
    // No client-side cap: the server's own limits are detected and reported.
    sizeLimit: 0,
    timeLimit: 0,
  };
  try {
    if (spec.pageSize === undefined) {
      const result = await client.search(spec.base, options);
      outcome.pages = 1;
      for (const item of result.searchEntries as LdapEntry[]) outcome.entries.push(item);
      for (const item of result.searchReferences) outcome.references.push(item);
    } else {
      // Page by page, so a failure on page n keeps pages 1..n-1 and says where it stopped.
      for await (const page of client.searchPaginated(spec.base, { ...options, paged: { pageSize: spec.pageSize } })) {
        outcome.pages += 1;
        for (const item of page.searchEntries as LdapEntry[]) outcome.entries.push(item);
        for (const item of page.searchReferences) outcome.references.push(item);
      }
    }
  } catch (error) {
    outcome.failure = searchFailure(error);
  }
  return outcome;
}
