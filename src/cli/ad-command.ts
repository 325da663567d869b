// `assay collect ad`: snapshot an Active Directory domain. The password comes from a file or an
// environment variable, never from an argument (arguments show in process lists and shell history).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import {
  AdCollectError,
  type AdCollection,
  type AdCollectOptions,
  collectAd,
  DEFAULT_PAGE_SIZE,
} from '../collectors/ad/index.ts';
import { type Gap, UNREAD_GAP_REASONS } from '../model/resource.ts';
import { makeSnapshot, serializeSnapshot } from '../model/snapshot.ts';
import { VERSION } from '../version.ts';
import { EXIT, type Io } from './io.ts';

interface AdOptions {
  url: string;
  bindDn: string;
  passwordFile?: string;
  passwordEnv?: string;
  /** Declared only to refuse it with a clear message; its value is never printed. */
  password?: string;
  caFile?: string;
  starttls?: boolean;
  insecureSkipVerify?: boolean;
  baseDn?: string;
  pageSize: number;
  timeout?: number;
  output: string;
}

class PasswordSourceError extends Error {}

function positiveInteger(max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max)
      throw new InvalidArgumentError(`expected a whole number from 1 to ${max}`);
    return n;
  };
}

/** The bind password from --password-file (its first line) or --password-env. */
export function readPassword(options: { passwordFile?: string; passwordEnv?: string }, env = process.env): string {
  if (options.passwordFile && options.passwordEnv) {
    throw new PasswordSourceError('use either --password-file or --password-env, not both');
  }
  if (options.passwordFile) {
    let content: string;
    try {
      content = readFileSync(options.passwordFile, 'utf8');
    } catch (error) {
      throw new PasswordSourceError(
        `cannot read --password-file ${options.passwordFile}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
      );
    }
    // Only the line break an editor or `echo` adds is dropped; other whitespace may be part of it.
    // The first line, as --help says: a password has no line break, a second line is not part of it.
    const password = content.split(/\r?\n/)[0]!;
    if (password.length === 0) throw new PasswordSourceError(`--password-file ${options.passwordFile} is empty`);
    return password;
  }
  if (options.passwordEnv) {
    const password = env[options.passwordEnv];
    if (!password) throw new PasswordSourceError(`environment variable ${options.passwordEnv} is not set or empty`);
    return password;
  }
  throw new PasswordSourceError('the bind password is needed: give --password-file FILE or --password-env VAR');
}

function describeGap(gap: Gap): string {
  const where = gap.endpoint ?? gap.file ?? '';
  return `gap: ${where ? `${where}: ` : ''}${gap.reason}${gap.permission ? ` (${gap.permission})` : ''}: ${gap.message}\n`;
}

/** `collect` is the collector to run: collectAd, or in tests one over recorded entries. */
export function registerAdCommand(
  collectCommand: Command,
  io: Io,
  setExit: (code: number) => void,
  collect: (options: AdCollectOptions) => Promise<AdCollection> = collectAd,
): void {
  collectCommand
    .command('ad')
    .description('snapshot an Active Directory domain over LDAPS (read-only; see docs/active-directory.md)')
    .requiredOption('--url <url>', 'ldaps://HOST[:PORT], or ldap://HOST[:PORT] with --starttls')
    .requiredOption('--bind-dn <dn>', 'DN or user@domain of a read-only account')
    .option('--password-file <file>', 'file whose first line is the bind password')
    .option('--password-env <var>', 'environment variable holding the bind password')
    .addOption(new Option('--password <password>').hideHelp())
    .option(
      '--ca-file <pem>',
      "CA certificate(s) that issued the domain controller's certificate (added to the system CAs)",
    )
    .option('--starttls', 'upgrade an ldap:// connection with StartTLS before binding')
    .option('--insecure-skip-verify', "DANGEROUS: do not verify the domain controller's certificate")
    .option('--base-dn <dn>', "the domain's naming context (default: read from the server)")
    .option('--page-size <n>', 'entries per page of paged searches', positiveInteger(1000), DEFAULT_PAGE_SIZE)
    .option('--timeout <seconds>', 'give up on a connection or search after this long', positiveInteger(3600))
    .requiredOption('-o, --output <file>', 'snapshot file to write')
    .action(async (options: AdOptions) => {
      if (options.password !== undefined) {
        io.stderr(
          'error: --password is not accepted: command-line arguments are visible to other users and kept in shell history. ' +
            'Use --password-file FILE or --password-env VAR (and consider changing a password that was typed here).\n',
        );
        setExit(EXIT.error);
        return;
      }
      let password: string;
      try {
        password = readPassword(options);
      } catch (error) {
        if (!(error instanceof PasswordSourceError)) throw error;
        io.stderr(`error: ${error.message}\n`);
        setExit(EXIT.error);
        return;
      }
      if (options.insecureSkipVerify) {
        io.stderr(
          "WARNING: --insecure-skip-verify: the domain controller's certificate is NOT verified. Anyone who can " +
            'intercept the connection can read the bind password and forge the directory data. Use --ca-file instead. ' +
            'The snapshot records that verification was off.\n',
        );
      }
      try {
        const { source, resources } = await collect({
          url: options.url,
          bindDn: options.bindDn,
          password,
          caFile: options.caFile,
          insecureSkipVerify: options.insecureSkipVerify === true,
          startTls: options.starttls === true,
          baseDn: options.baseDn,
          pageSize: options.pageSize,
          timeoutMs: options.timeout === undefined ? undefined : options.timeout * 1000,
        });
        const snapshot = makeSnapshot(VERSION, [source], resources);
        mkdirSync(path.dirname(path.resolve(options.output)), { recursive: true });
        writeFileSync(options.output, serializeSnapshot(snapshot));
        const count = (type: string) => resources.filter((r) => r.nativeType === type).length;
        const policies = resources.filter((r) => r.kind === 'identity.password_policy').length;
        io.stderr(
          `wrote ${options.output}: ${resources.length} resources from ${source.target} ` +
            `(${count('user')} users, ${count('computer')} computers, ${count('group')} groups, ${policies} password policies), ` +
            `${source.gaps.length} gaps\n`,
        );
        for (const gap of source.gaps) io.stderr(describeGap(gap));
        setExit(source.gaps.some((g) => UNREAD_GAP_REASONS.has(g.reason)) ? EXIT.error : EXIT.ok);
      } catch (error) {
        if (!(error instanceof AdCollectError)) throw error;
        io.stderr(`error: ${error.message}\n`);
        setExit(EXIT.error);
      }
    });
}
