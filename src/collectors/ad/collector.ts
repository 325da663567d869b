// The `ad` collector's definition: one Active Directory domain over LDAPS or StartTLS, as a
// read-only account (collectAd, ./index.ts, does the work). The bind password is a secret option:
// it comes from a file or an environment variable, never from the command line or a config.
import type { Collector } from '../contract.ts';
import type { AdCollection, AdCollectOptions } from './index.ts';

/** Entries per LDAP page unless --page-size says otherwise. */
export const DEFAULT_PAGE_SIZE = 500;

export type AdOptions = {
  url: string;
  'bind-dn': string;
  'ca-file'?: string;
  starttls?: boolean;
  'insecure-skip-verify'?: boolean;
  'base-dn'?: string;
  'page-size': number;
  timeout?: number;
};

/** collectAd, loaded (with the LDAP client) only when a domain is collected. */
async function collectAdLazily(options: AdCollectOptions): Promise<AdCollection> {
  return (await import('./index.ts')).collectAd(options);
}

/** `connect` reads the domain: collectAd, or in tests a collection over recorded entries. */
export function defineAdCollector(
  connect: (options: AdCollectOptions) => Promise<AdCollection> = collectAdLazily,
): Collector<AdOptions> {
  return {
    id: 'ad',
    description: 'snapshot an Active Directory domain over LDAPS (read-only; see docs/active-directory.md)',
    kinds: ['identity.user', 'identity.group', 'identity.password_policy'],
    options: {
      type: 'object',
      properties: {
        url: {
          type: 'string',
          minLength: 1,
          description: 'ldaps://HOST[:PORT], or ldap://HOST[:PORT] with --starttls',
        },
        'bind-dn': {
          type: 'string',
          minLength: 1,
          description: 'DN or user@domain of a read-only account',
          'x-value-name': 'dn',
        },
        password: { type: 'string', description: 'the bind password', 'x-secret': true },
        'ca-file': {
          type: 'string',
          minLength: 1,
          description: "CA certificate(s) that issued the domain controller's certificate (added to the system CAs)",
          'x-value-name': 'pem',
        },
        starttls: { type: 'boolean', description: 'upgrade an ldap:// connection with StartTLS before binding' },
        'insecure-skip-verify': {
          type: 'boolean',
          description: "DANGEROUS: do not verify the domain controller's certificate",
        },
        'base-dn': {
          type: 'string',
          minLength: 1,
          description: "the domain's naming context (default: read from the server)",
          'x-value-name': 'dn',
        },
        'page-size': {
          type: 'integer',
          minimum: 1,
          maximum: 1000,
          default: DEFAULT_PAGE_SIZE,
          description: 'entries per page of paged searches',
          'x-value-name': 'n',
        },
        timeout: {
          type: 'integer',
          minimum: 1,
          maximum: 3600,
          description: 'give up on a connection or search after this long',
          'x-value-name': 'seconds',
        },
      },
      required: ['url', 'bind-dn', 'password'],
      additionalProperties: false,
    },
    async collect(options, context) {
      const password = context.secret('password');
      if (options['insecure-skip-verify']) {
        context.warn(
          "WARNING: --insecure-skip-verify: the domain controller's certificate is NOT verified. Anyone who can " +
            'intercept the connection can read the bind password and forge the directory data. Use --ca-file instead. ' +
            'The snapshot records that verification was off.',
        );
      }
      const { source, resources } = await connect({
        url: options.url,
        bindDn: options['bind-dn'],
        password,
        caFile: options['ca-file'],
        insecureSkipVerify: options['insecure-skip-verify'] === true,
        startTls: options.starttls === true,
        baseDn: options['base-dn'],
        pageSize: options['page-size'],
        timeoutMs: options.timeout === undefined ? undefined : options.timeout * 1000,
        now: context.now,
        signal: context.signal,
        progress: context.progress,
      });
      const { gaps, ...rest } = source;
      return { source: rest, resources, gaps };
    },
    target: (options) => options.url,
    summary: ({ source, resources, gaps }, file) => {
      const count = (type: string) => resources.filter((r) => r.nativeType === type).length;
      const policies = resources.filter((r) => r.kind === 'identity.password_policy').length;
      return (
        `wrote ${file}: ${resources.length} resources from ${source.target} ` +
        `(${count('user')} users, ${count('computer')} computers, ${count('group')} groups, ${policies} password policies), ` +
        `${gaps.length} gaps`
      );
    },
  };
}

export const adCollector = defineAdCollector();
