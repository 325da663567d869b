// How the collector reaches Azure: one credential (DefaultAzureCredential: environment, workload
// identity, managed identity, Azure CLI...), the Resource Manager endpoint, and the TLS and retry
// settings every client shares. Throttling (429 with Retry-After) and transient failures are
// retried by the Azure SDK's pipeline: bounded attempts, exponential backoff with jitter.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { rootCertificates } from 'node:tls';
import type { PipelineRetryOptions, TlsSettings } from '@azure/core-rest-pipeline';
import { DefaultAzureCredential, type TokenCredential } from '@azure/identity';
import { CollectorError } from '../contract.ts';

import { PUBLIC_ARM } from './declared.ts';

export { PUBLIC_ARM };

export interface Connection {
  credential: TokenCredential;
  /** Resource Manager, without a trailing slash. */
  endpoint: string;
  /** The options every SDK client and the credential take: TLS trust and retries. */
  clientOptions: { tlsOptions?: TlsSettings; retryOptions: PipelineRetryOptions };
}

export const RETRY: PipelineRetryOptions = { maxRetries: 4, retryDelayInMs: 800, maxRetryDelayInMs: 30_000 };

/**
 * The connection from the options: `caFile` adds a CA to Node's own (a TLS-inspecting proxy, Azure
 * Stack Hub, a test server); verification is never turned off. A non-Microsoft authority host
 * (AZURE_AUTHORITY_HOST, as for ADFS or Azure Stack) is trusted as given, without instance discovery.
 */
export function connect(options: { endpoint?: string; caFile?: string; root: string }): Connection {
  let tlsOptions: TlsSettings | undefined;
  if (options.caFile) {
    const file = path.resolve(options.root, options.caFile);
    let pem: string;
    try {
      pem = readFileSync(file, 'utf8');
    } catch (error) {
      throw new CollectorError('other', `cannot read --ca-file ${file}: ${(error as NodeJS.ErrnoException).code}`);
    }
    tlsOptions = { ca: [...rootCertificates, pem] };
  }
  const clientOptions = { tlsOptions, retryOptions: RETRY };
  const authority = process.env.AZURE_AUTHORITY_HOST;
  const microsoft =
    authority === undefined ||
    /^https:\/\/login\.(microsoftonline|chinacloudapi|microsoftonline\.us)\b/i.test(authority);
  const credential = new DefaultAzureCredential({ ...clientOptions, disableInstanceDiscovery: !microsoft });
  return { credential, endpoint: (options.endpoint ?? PUBLIC_ARM).replace(/\/+$/, ''), clientOptions };
}
