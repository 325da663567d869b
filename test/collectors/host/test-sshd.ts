// A real OpenSSH server (Debian's /usr/sbin/sshd) on a loopback port for the host collector's
// tests: its own sshd_config, host key and authorized key in a temp folder. It runs in a private
// mount namespace where its config is bind-mounted over /etc/ssh/sshd_config, so `sshd -T` run
// through it reports the test's configuration, not the machine's, and nothing on the machine changes.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TestSshd {
  port: number;
  dir: string;
  /** The client key in authorized_keys. */
  clientKey: string;
  /** A key the server does not know. */
  strangerKey: string;
  /** known_hosts with the server's real key, and one listing a different key for it. */
  knownHosts: string;
  wrongKnownHosts: string;
  /** The server's host key fingerprint line (ssh-keygen -l). */
  hostKeyFingerprint: string;
  stop(): Promise<void>;
}

/** Why sshd cannot run here, or undefined when it can. */
export function sshdUnavailableReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root (sshd must run as root to switch to the login user)';
  if (!existsSync('/usr/sbin/sshd')) return '/usr/sbin/sshd is missing (apt-get install openssh-server)';
  if (!existsSync('/etc/ssh/sshd_config')) return '/etc/ssh/sshd_config is missing';
  const probe = spawnSync('unshare', ['-m', 'true']);
  if (probe.status !== 0)
    return `cannot create a mount namespace (unshare -m): ${probe.stderr?.toString().trim() || probe.error}`;
  return undefined;
}

/** Skips (with a printed warning) unless ASSAY_SSH_TESTS=require, which turns unavailability into a failure. */
export function sshTestsEnabled(): boolean {
  const reason = sshdUnavailableReason();
  if (reason === undefined) return true;
  if (process.env.ASSAY_SSH_TESTS === 'require')
    throw new Error(`ASSAY_SSH_TESTS=require but sshd cannot run: ${reason}`);
  console.warn(
    `WARNING: skipping the OpenSSH server tests: ${reason} (set ASSAY_SSH_TESTS=require to make this an error)`,
  );
  return false;
}

export const WEAK_CONFIG = [
  'PermitRootLogin yes',
  'PasswordAuthentication yes',
  'Ciphers aes128-ctr,aes256-gcm@openssh.com,aes128-cbc,3des-cbc',
  'MACs hmac-sha2-256,hmac-sha1,hmac-md5',
  'KexAlgorithms curve25519-sha256,diffie-hellman-group14-sha1,diffie-hellman-group1-sha1',
  'ClientAliveInterval 0',
];

export const STRONG_CONFIG = [
  'PermitRootLogin prohibit-password',
  'PasswordAuthentication no',
  'Ciphers aes256-gcm@openssh.com,aes128-ctr',
  'MACs hmac-sha2-256-etm@openssh.com,hmac-sha2-256',
  'KexAlgorithms curve25519-sha256,diffie-hellman-group16-sha512',
  'ClientAliveInterval 300',
  'ClientAliveCountMax 2',
];

function keygen(file: string) {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'assay-test', '-f', file]);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startSshd(settings: string[]): Promise<TestSshd> {
  const dir = mkdtempSync(path.join(tmpdir(), 'assay-sshd-'));
  const hostKey = path.join(dir, 'host_ed25519');
  const clientKey = path.join(dir, 'client');
  const strangerKey = path.join(dir, 'stranger');
  const otherHostKey = path.join(dir, 'other_host');
  for (const key of [hostKey, clientKey, strangerKey, otherHostKey]) keygen(key);
  writeFileSync(path.join(dir, 'authorized_keys'), readFileSync(`${clientKey}.pub`));
  const port = await freePort();
  const config = path.join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
      'StrictModes no',
      'UsePAM no',
      'PubkeyAuthentication yes',
      'KbdInteractiveAuthentication no',
      'MaxStartups 100:30:200',
      'LogLevel VERBOSE',
      ...settings,
      '',
    ].join('\n'),
  );
  const known = (key: string) =>
    `[127.0.0.1]:${port} ${readFileSync(`${key}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')}\n`;
  const knownHosts = path.join(dir, 'known_hosts');
  writeFileSync(knownHosts, known(hostKey));
  const wrongKnownHosts = path.join(dir, 'known_hosts.wrong');
  writeFileSync(wrongKnownHosts, known(otherHostKey));
  const hostKeyFingerprint = execFileSync('ssh-keygen', ['-l', '-f', `${hostKey}.pub`], { encoding: 'utf8' }).split(
    ' ',
  )[1]!;

  // sshd refuses to start without its privilege separation folder.
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const child = spawn(
    'unshare',
    [
      '-m',
      'sh',
      '-c',
      'mount --bind "$1" /etc/ssh/sshd_config && exec /usr/sbin/sshd -D -e -f /etc/ssh/sshd_config',
      'sh',
      config,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr.on('data', (d: Buffer) => {
    log += d.toString();
  });
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  const deadline = Date.now() + 15_000;
  while (!(await accepts(port))) {
    if (exited || Date.now() > deadline) {
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`sshd did not start on port ${port}: ${log.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    dir,
    clientKey,
    strangerKey,
    knownHosts,
    wrongKnownHosts,
    hostKeyFingerprint,
    stop: async () => {
      if (!exited) {
        const done = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await done;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
