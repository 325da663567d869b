// known_hosts matching as OpenSSH does it: plain and hashed names, [host]:port, wildcards,
// negation, @revoked; fingerprints as ssh-keygen prints them.
import { execFileSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS, type HostCommand } from '../../../src/collectors/host/commands.ts';
import {
  fingerprint,
  keysFor,
  parseKnownHosts,
  preferredHostKeyAlgorithms,
  verifyHostKey,
} from '../../../src/collectors/host/known-hosts.ts';
import { outcomeOf } from '../../../src/collectors/host/runner.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'assay-known-hosts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function key(name: string) {
  const file = path.join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file]);
  const [type, base64] = readFileSync(`${file}.pub`, 'utf8').split(' ');
  const printed = execFileSync('ssh-keygen', ['-l', '-f', `${file}.pub`], { encoding: 'utf8' }).split(' ')[1]!;
  return { type: type!, base64: base64!, blob: Buffer.from(base64!, 'base64'), printed };
}

const hashed = (name: string) => {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
};

describe('known_hosts', () => {
  const a = key('a');
  const b = key('b');

  it('prints fingerprints exactly as ssh-keygen -l does', () => {
    expect(fingerprint(a.blob)).toBe(a.printed);
  });

  it('matches plain, hashed, [host]:port, wildcard and negated names', () => {
    const text = [
      `web01.example.com,10.0.0.5 ${a.type} ${a.base64}`,
      `${hashed('[db01]:2222')} ${b.type} ${b.base64}`,
      `*.corp.example,!bastion.corp.example ${b.type} ${b.base64}`,
      `@revoked old.example.com ${a.type} ${a.base64}`,
      'garbage-line',
    ].join('\n');
    const { entries, problems } = parseKnownHosts(text);
    expect(problems).toEqual([{ line: 5, message: 'not "hosts keytype base64-key"' }]);
    expect(keysFor(entries, '10.0.0.5', 22).map((e) => e.line)).toEqual([1]);
    expect(keysFor(entries, '10.0.0.5', 2222)).toEqual([]);
    expect(keysFor(entries, 'db01', 2222).map((e) => e.line)).toEqual([2]);
    expect(keysFor(entries, 'db01', 22)).toEqual([]);
    expect(keysFor(entries, 'app.corp.example', 22).map((e) => e.line)).toEqual([3]);
    expect(keysFor(entries, 'bastion.corp.example', 22)).toEqual([]);

    expect(verifyHostKey(entries, 'web01.example.com', 22, a.blob, 'kh')).toEqual({ trusted: true });
    const mismatch = verifyHostKey(entries, 'web01.example.com', 22, b.blob, 'kh');
    expect(mismatch).toEqual({
      trusted: false,
      message: `HOST KEY MISMATCH for web01.example.com: kh lists ssh-ed25519 ${a.printed} (line 1), but the server presented ssh-ed25519 ${b.printed}; someone may be intercepting the connection, or the host key was changed`,
    });
    const unknown = verifyHostKey(entries, 'new.example.com', 22, a.blob, 'kh');
    expect(unknown.trusted).toBe(false);
    expect(!unknown.trusted && unknown.message).toContain('new.example.com is not in kh (no trust on first use)');
    const revoked = verifyHostKey(entries, 'old.example.com', 22, a.blob, 'kh');
    expect(!revoked.trusted && revoked.message).toContain('marked @revoked');
  });

  it('offers the host key types known for the host first', () => {
    const { entries } = parseKnownHosts(`h ssh-rsa ${a.base64}`);
    expect(preferredHostKeyAlgorithms(entries).slice(0, 3)).toEqual(['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
  });
});

describe('what a failed command means', () => {
  const run = (output: Parameters<typeof outcomeOf>[1], command: HostCommand = COMMANDS.shadow) =>
    outcomeOf(command, output, 'web01');

  it('a missing binary, a denied read, a missing file and other failures each become their gap', () => {
    expect(
      run({ exitCode: 127, stdout: '', stderr: "env: 'nft': No such file or directory" }, COMMANDS.nft),
    ).toMatchObject({
      ok: false,
      gap: { reason: 'unsupported', message: 'nft is not installed (needed for nft list ruleset)', endpoint: 'web01' },
    });
    expect(run({ exitCode: 2, stdout: '', stderr: 'awk: cannot open /etc/shadow (Permission denied)' })).toMatchObject({
      ok: false,
      gap: { reason: 'permission-denied', file: '/etc/shadow', permission: 'read /etc/shadow' },
    });
    expect(run({ exitCode: 1, stdout: '', stderr: 'sudo: a password is required' }, COMMANDS.sshd)).toMatchObject({
      ok: false,
      gap: { reason: 'permission-denied', permission: 'run sshd' },
    });
    expect(
      run(
        { exitCode: 1, stdout: '', stderr: 'cat: /etc/security/pwquality.conf: No such file or directory' },
        COMMANDS.pwquality,
      ),
    ).toEqual({ ok: false, absent: true });
    expect(
      run({ exitCode: 1, stdout: '', stderr: 'cat: /etc/login.defs: No such file or directory' }, COMMANDS.loginDefs),
    ).toMatchObject({
      ok: false,
      gap: { reason: 'unreadable', message: '/etc/login.defs does not exist' },
    });
    expect(run({ exitCode: 1, stdout: '', stderr: '' }, COMMANDS.units)).toMatchObject({ ok: true });
    expect(run({ exitCode: 3, stdout: '', stderr: 'oops' }, COMMANDS.kernel)).toMatchObject({
      ok: false,
      gap: { reason: 'other', message: '`uname -r` failed with exit code 3: oops' },
    });
  });
});
