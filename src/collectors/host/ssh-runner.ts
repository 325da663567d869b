// Runs the fixed commands over SSH (ssh2). The host key must be listed for the host in the
// known_hosts file; authentication is by key file or the SSH agent, never by password.
import { readFileSync } from 'node:fs';
import { Client, type ConnectConfig } from 'ssh2';
import type { GapReason } from '../../model/resource.ts';
import { CollectorError } from '../contract.ts';
import { argvFor, COMMAND_PATH, type HostCommand } from './commands.ts';
import {
  hostKeyName,
  type KnownHostsEntry,
  keysFor,
  preferredHostKeyAlgorithms,
  verifyHostKey,
} from './known-hosts.ts';
import { type CommandOutput, type CommandRunner, SshConnectError } from './runner.ts';

export { SshConnectError };

export interface SshTarget {
  /** The name in the snapshot (an inventory alias, or the host). */
  name: string;
  host: string;
  port: number;
  user: string;
  /** A private key file; absent: the agent at SSH_AUTH_SOCK. */
  keyFile?: string;
}

export interface SshSettings {
  knownHosts: { entries: KnownHostsEntry[]; file: string };
  sudo: boolean;
  timeoutMs: number;
  agent?: string;
}

const MAX_OUTPUT = 32 * 1024 * 1024;

/** Single-quotes one constant argument for the remote shell. */
const quote = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);

/** The remote command line: only elements of the constant command table, each quoted. */
export function remoteCommandLine(command: HostCommand, sudo: boolean): string {
  return ['env', `PATH=${COMMAND_PATH}`, 'LC_ALL=C', ...argvFor(command, sudo)].map(quote).join(' ');
}

function authOf(target: SshTarget, agent: string | undefined): Pick<ConnectConfig, 'privateKey' | 'agent'> {
  if (target.keyFile) {
    try {
      return { privateKey: readFileSync(target.keyFile) };
    } catch (error) {
      throw new CollectorError(
        'unreadable',
        `cannot read the identity file ${target.keyFile}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
      );
    }
  }
  if (agent) return { agent };
  throw new CollectorError(
    'other',
    `no key for ${target.name}: give --identity FILE (or key: in the inventory), or run an SSH agent (SSH_AUTH_SOCK)`,
  );
}

export function connectSsh(target: SshTarget, settings: SshSettings): Promise<CommandRunner> {
  const endpoint = `${target.user}@${hostKeyName(target.host, target.port)}`;
  const auth = authOf(target, settings.agent);
  return new Promise((resolve, reject) => {
    const client = new Client();
    let hostKeyProblem: string | undefined;
    const fail = (reason: GapReason, message: string) => {
      client.end();
      reject(new SshConnectError(reason, message));
    };
    client.on('ready', () => resolve(sshRunner(client, target, settings)));
    client.on('error', (error: Error & { level?: string; code?: string }) => {
      if (hostKeyProblem) fail('other', `host key verification failed: ${hostKeyProblem}`);
      else if (error.level === 'client-authentication')
        fail(
          'permission-denied',
          `${endpoint} refused the key (${target.keyFile ? `identity ${target.keyFile}` : 'SSH agent'}): ${error.message}`,
        );
      else if (error.code === 'ECONNREFUSED')
        fail('unreachable', `${endpoint}: connection refused (nothing listens on port ${target.port})`);
      else if (/timed out/i.test(error.message))
        fail('timeout', `${endpoint}: no SSH handshake within ${settings.timeoutMs / 1000} s`);
      else fail('unreachable', `${endpoint}: ${error.message}`);
    });
    try {
      client.connect({
        host: target.host,
        port: target.port,
        username: target.user,
        ...auth,
        readyTimeout: settings.timeoutMs,
        algorithms: {
          serverHostKey: preferredHostKeyAlgorithms(
            keysFor(settings.knownHosts.entries, target.host, target.port),
          ) as never,
        },
        hostVerifier: (key: Buffer) => {
          const verdict = verifyHostKey(
            settings.knownHosts.entries,
            target.host,
            target.port,
            key,
            settings.knownHosts.file,
          );
          if (!verdict.trusted) hostKeyProblem = verdict.message;
          return verdict.trusted;
        },
      });
    } catch (error) {
      // ssh2 throws synchronously on a key it cannot parse (or an encrypted one).
      reject(
        new SshConnectError(
          'unreadable',
          `${endpoint}: cannot use the identity ${target.keyFile ?? '(agent)'}: ${(error as Error).message}`,
        ),
      );
    }
  });
}

/** Channels open at once: OpenSSH refuses more than MaxSessions (default 10) per connection. */
const CHANNELS = 6;

function sshRunner(client: Client, target: SshTarget, settings: SshSettings): CommandRunner {
  let closed = false;
  let open = 0;
  const waiting: (() => void)[] = [];
  const acquire = () => {
    if (open >= CHANNELS) return new Promise<void>((r) => waiting.push(r));
    open++;
    return Promise.resolve();
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else open--;
  };
  client.on('close', () => {
    closed = true;
  });
  return {
    host: target.name,
    run: async (command) => {
      await acquire();
      try {
        return await execOne(command);
      } finally {
        release();
      }
    },
    close: () => client.end(),
  };

  function execOne(command: HostCommand) {
    return new Promise<CommandOutput>((resolve) => {
      if (closed) return resolve({ exitCode: null, stdout: '', stderr: 'connection closed' });
      client.exec(remoteCommandLine(command, settings.sudo), (error, stream) => {
        if (error) return resolve({ exitCode: null, stdout: '', stderr: error.message });
        const stdout: Buffer[] = [];
        const stderr: Buffer[] = [];
        let size = 0;
        const keep = (into: Buffer[]) => (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_OUTPUT) into.push(chunk);
        };
        stream.on('data', keep(stdout));
        stream.stderr.on('data', keep(stderr));
        stream.on('close', (code: number | null) => {
          resolve({
            exitCode: typeof code === 'number' ? code : null,
            stdout: Buffer.concat(stdout).toString('utf8'),
            stderr: Buffer.concat(stderr).toString('utf8') + (size > MAX_OUTPUT ? '\noutput too large' : ''),
          });
        });
      });
    });
  }
}
