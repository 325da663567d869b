// The host collector against a real OpenSSH server started on a loopback port (./test-sshd.ts):
// a weak configuration gives the expected findings through the real evaluate; a strong one passes
// those rules; a wrong host key, an unknown host, a refused key, a closed port and a missing
// command each give their error or gap.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostCollector } from '../../../src/collectors/host/collector.ts';
import { runCollector } from '../../../src/collectors/run.ts';
import type { Snapshot } from '../../../src/model/resource.ts';
import { validateSnapshot } from '../../../src/model/validate.ts';
import { runCli } from '../../cli/run-cli.ts';
import { STRONG_CONFIG, sshTestsEnabled, startSshd, type TestSshd, WEAK_CONFIG } from './test-sshd.ts';

const enabled = sshTestsEnabled();
let weak: TestSshd;
let strong: TestSshd;
let dir: string;

beforeAll(async () => {
  if (!enabled) return;
  dir = mkdtempSync(path.join(tmpdir(), 'assay-host-ssh-'));
  [weak, strong] = await Promise.all([startSshd(WEAK_CONFIG), startSshd(STRONG_CONFIG)]);
}, 60_000);

afterAll(async () => {
  await Promise.all([weak?.stop(), strong?.stop()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function collect(args: string[], name: string) {
  const output = path.join(dir, `${name}.json`);
  const result = await runCli(['collect', 'host', ...args, '-o', output]);
  const snapshot = existsSync(output) ? (JSON.parse(readFileSync(output, 'utf8')) as Snapshot) : undefined;
  return { ...result, output, snapshot };
}

const sshArgs = (server: TestSshd, extra: string[] = []) => [
  '--ssh',
  `root@127.0.0.1:${server.port}`,
  '--identity',
  server.clientKey,
  '--known-hosts',
  server.knownHosts,
  ...extra,
];

/** The collection as a library caller gets it: a failed source carries the reason. */
async function failedSource(options: Record<string, unknown>) {
  const { source, resources } = await runCollector(hostCollector, options, { root: dir });
  expect(resources).toEqual([]);
  expect(source.status).toBe('failed');
  return source.gaps[0]!;
}

async function findingsOf(snapshotFile: string) {
  const result = await runCli(['evaluate', snapshotFile, '-f', 'json']);
  const results = JSON.parse(result.stdout) as {
    findings: { ruleId: string; message: string; resource: { uid: string } }[];
  };
  return { code: result.code, findings: results.findings };
}

const hostRules = (findings: { ruleId: string }[]) =>
  [...new Set(findings.map((f) => f.ruleId).filter((r) => r.startsWith('host.ssh')))].sort();

describe.runIf(enabled)('assay collect host --ssh against a real OpenSSH server', () => {
  it('reads a weak sshd configuration, and evaluate finds root login, passwords, weak crypto and no idle timeout', async () => {
    const { code, snapshot, output, stdout } = await collect(sshArgs(weak), 'weak');
    expect(code, stdout).toBe(0);
    expect(validateSnapshot(snapshot)).toEqual([]);
    const sshd = snapshot!.resources.find((r) => r.kind === 'host.ssh')!;
    expect(sshd.props).toMatchObject({
      permitRootLogin: 'yes',
      passwordAuthentication: true,
      ciphers: ['aes128-ctr', 'aes256-gcm@openssh.com', 'aes128-cbc', '3des-cbc'],
      clientAliveIntervalSeconds: 0,
    });
    expect(sshd.location.host).toBe(`127.0.0.1:${weak.port}`);
    // The collector reached the host's files through the session, not this process's view.
    const os = snapshot!.resources.find((r) => r.kind === 'host.os')!;
    expect(os.props).toMatchObject({ family: 'linux' });
    const root = snapshot!.resources.find((r) => r.kind === 'identity.user' && r.name === 'root')!;
    expect(root.props).toMatchObject({ uid: 0, isRoot: true, privileged: true });
    // No password hash ever reaches the snapshot.
    expect(readFileSync(output, 'utf8')).not.toMatch(/\$(1|5|6|y|2b)\$/);

    const { code: evaluateCode, findings } = await findingsOf(output);
    expect(evaluateCode).toBe(1);
    expect(hostRules(findings)).toEqual([
      'host.ssh_idle_timeout',
      'host.ssh_password_authentication',
      'host.ssh_root_login',
      'host.ssh_weak_crypto',
    ]);
    const crypto = findings.filter((f) => f.ruleId === 'host.ssh_weak_crypto').map((f) => f.message);
    expect(crypto).toEqual(
      expect.arrayContaining([
        expect.stringContaining('weak ciphers: aes128-cbc, 3des-cbc'),
        expect.stringContaining('weak MACs: hmac-sha1, hmac-md5'),
        expect.stringContaining(
          'weak key exchange algorithms: diffie-hellman-group14-sha1, diffie-hellman-group1-sha1',
        ),
      ]),
    );
  }, 60_000);

  it('finds none of those on a hardened sshd', async () => {
    const { code, output } = await collect(sshArgs(strong), 'strong');
    expect(code).toBe(0);
    const { findings } = await findingsOf(output);
    // prohibit-password still lets root sign in with a key: only the root login rule fails.
    expect(hostRules(findings)).toEqual(['host.ssh_root_login']);
  }, 60_000);

  it('refuses a host whose key differs from known_hosts, naming the host and both fingerprints', async () => {
    const { code, stderr } = await collect(sshArgs(weak, ['--known-hosts', weak.wrongKnownHosts]), 'mismatch');
    expect(code).toBe(2);
    const expected = execFileSync('ssh-keygen', ['-l', '-f', weak.wrongKnownHosts], { encoding: 'utf8' }).split(
      ' ',
    )[1]!;
    expect(stderr).toContain(`HOST KEY MISMATCH for [127.0.0.1]:${weak.port}`);
    expect(stderr).toContain(expected);
    expect(stderr).toContain(weak.hostKeyFingerprint);
    const gap = await failedSource({
      ssh: [`root@127.0.0.1:${weak.port}`],
      identity: weak.clientKey,
      'known-hosts': weak.wrongKnownHosts,
    });
    expect(gap.message).toContain('host key verification failed');
  }, 60_000);

  it('never trusts a host that known_hosts does not list', async () => {
    const empty = path.join(dir, 'known_hosts.empty');
    writeFileSync(empty, '# nothing yet\n');
    const { code, stderr } = await collect(sshArgs(weak, ['--known-hosts', empty]), 'unknown');
    expect(code).toBe(2);
    expect(stderr).toContain(`[127.0.0.1]:${weak.port} is not in ${empty} (no trust on first use)`);
    expect(stderr).toContain(weak.hostKeyFingerprint);
  }, 60_000);

  it('reports a refused key as permission denied', async () => {
    const { code, stderr } = await collect(sshArgs(weak, ['--identity', weak.strangerKey]), 'refused');
    expect(code).toBe(2);
    const gap = await failedSource({
      ssh: [`root@127.0.0.1:${weak.port}`],
      identity: weak.strangerKey,
      'known-hosts': weak.knownHosts,
    });
    expect(gap.reason).toBe('permission-denied');
    expect(stderr).toContain(`root@[127.0.0.1]:${weak.port} refused the key (identity ${weak.strangerKey})`);
  }, 60_000);

  it('reports a closed port as unreachable', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const { code, stderr } = await collect(
      ['--ssh', `root@127.0.0.1:${port}`, '-i', weak.clientKey, '--known-hosts', weak.knownHosts],
      'closed',
    );
    expect(code).toBe(2);
    expect(stderr).toContain(`connection refused (nothing listens on port ${port})`);
    const gap = await failedSource({
      ssh: [`root@127.0.0.1:${port}`],
      identity: weak.clientKey,
      'known-hosts': weak.knownHosts,
    });
    expect(gap.reason).toBe('unreachable');
  }, 60_000);

  it('records a missing command as a gap naming it, and goes on', async () => {
    const { snapshot } = await collect(sshArgs(weak), 'missing');
    const gaps = snapshot!.sources[0]!.gaps;
    const missing = ['auditctl', 'nft', 'iptables-save'].filter(
      (b) => !['/usr/sbin', '/sbin', '/usr/bin'].some((d) => existsSync(path.join(d, b))),
    );
    for (const binary of missing) {
      expect(gaps.map((g) => g.message)).toContainEqual(
        expect.stringMatching(new RegExp(`^${binary} is not installed`)),
      );
      expect(gaps.find((g) => g.message.startsWith(`${binary} is not installed`))).toMatchObject({
        reason: 'unsupported',
        endpoint: `127.0.0.1:${weak.port}`,
      });
    }
    // The rest was read regardless.
    expect(snapshot!.resources.some((r) => r.kind === 'host.ssh')).toBe(true);
    expect(snapshot!.sources[0]!.status).toBe(missing.length > 0 ? 'partial' : 'ok');
  }, 60_000);

  it('collects every host of an inventory in parallel, with a gap for the one that fails', async () => {
    const inventory = path.join(dir, 'hosts.yaml');
    const entries = ['web-01', 'web-02'].map(
      (name) => `  - { name: ${name}, host: 127.0.0.1, port: ${weak.port}, user: root, key: ${weak.clientKey} }`,
    );
    entries.push(`  - { name: wrong-user, host: 127.0.0.1, port: ${weak.port}, user: nobody, key: ${weak.clientKey} }`);
    writeFileSync(inventory, `hosts:\n${entries.join('\n')}\n`);
    const { code, snapshot } = await collect(
      ['--inventory', inventory, '--known-hosts', weak.knownHosts, '--concurrency', '2'],
      'inventory',
    );
    // A host that could not be read makes the collection partial: exit 2, the snapshot still written.
    expect(code).toBe(2);
    expect(validateSnapshot(snapshot)).toEqual([]);
    const hosts = snapshot!.resources.filter((r) => r.kind === 'host.ssh').map((r) => r.location.host);
    expect(hosts.sort()).toEqual(['web-01', 'web-02']);
    expect(snapshot!.sources[0]!.gaps.filter((g) => g.message.startsWith('wrong-user:'))).toEqual([
      expect.objectContaining({ reason: 'permission-denied', endpoint: `nobody@127.0.0.1:${weak.port}` }),
    ]);
  }, 120_000);

  it('refuses an invalid inventory with its file and line', async () => {
    const inventory = path.join(dir, 'bad.yaml');
    writeFileSync(inventory, 'hosts:\n  - host: 127.0.0.1\n    port: seventy\n');
    const { code, stderr } = await collect(
      ['--inventory', inventory, '--known-hosts', weak.knownHosts],
      'bad-inventory',
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/bad\.yaml:3: .*port.* must be integer/);
  }, 60_000);
});
