// The Linux parsers on real-looking output (Debian 12 and RHEL 9 files and commands) and on
// malformed input, which must give a problem with its line, never a guessed value.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parsePasswd, parseShadowSummary, SHADOW_SUMMARY_AWK } from '../../../src/providers/linux/accounts.ts';
import { parseKeyValueConf, parsePamStack, passwordPolicyOf } from '../../../src/providers/linux/password-policy.ts';
import { parseSshdT, sshPropsOf } from '../../../src/providers/linux/sshd.ts';
import { parseSudoers } from '../../../src/providers/linux/sudoers.ts';
import {
  parseAptSimulation,
  parseAuditStatus,
  parseDnfSecurity,
  parseSs,
  parseStat,
  parseSysctl,
} from '../../../src/providers/linux/system.ts';

describe('sshd -T', () => {
  it('reads the effective settings, keeping repeated keywords', () => {
    const text = [
      'port 22',
      'permitrootlogin without-password',
      'passwordauthentication no',
      'kbdinteractiveauthentication no',
      'clientaliveinterval 300',
      'clientalivecountmax 3',
      'logingracetime 120',
      'ciphers chacha20-poly1305@openssh.com,aes256-gcm@openssh.com',
      'hostkey /etc/ssh/ssh_host_rsa_key',
      'hostkey /etc/ssh/ssh_host_ed25519_key',
    ].join('\n');
    const { value, problems } = parseSshdT(text);
    expect(problems).toEqual([]);
    expect(value.get('hostkey')).toHaveLength(2);
    expect(sshPropsOf(value)).toEqual({
      permitRootLogin: 'without-password',
      passwordAuthentication: false,
      kbdInteractiveAuthentication: false,
      clientAliveIntervalSeconds: 300,
      clientAliveCountMax: 3,
      loginGraceTimeSeconds: 120,
      ciphers: ['chacha20-poly1305@openssh.com', 'aes256-gcm@openssh.com'],
    });
  });

  it('reports a line that is not "keyword value" and leaves unreadable values absent', () => {
    const { value, problems } = parseSshdT(
      'permitrootlogin no\n/etc/ssh/sshd_config line 3: Bad configuration option: Foo\nmaxauthtries lots\n',
    );
    expect(problems).toEqual([{ line: 2, message: expect.stringContaining('not "keyword value"') }]);
    expect(sshPropsOf(value)).toEqual({ permitRootLogin: 'no' });
  });
});

const DEBIAN_COMMON_PASSWORD = `# /etc/pam.d/common-password - password-related modules common to all services
password\trequisite\t\t\tpam_pwquality.so retry=3
password\t[success=1 default=ignore]\tpam_unix.so obscure use_authtok try_first_pass yescrypt remember=5
password\trequisite\t\t\tpam_deny.so
password\trequired\t\t\tpam_permit.so
`;
const DEBIAN_COMMON_AUTH = `auth    required                        pam_faillock.so preauth
auth    [success=1 default=ignore]      pam_unix.so nullok
auth    [default=die]                   pam_faillock.so authfail
auth    requisite                       pam_deny.so
`;
const PWQUALITY = `# Configuration for systemwide password quality limits
minlen = 14
dcredit = -1
ucredit = -1
lcredit = -1
ocredit = 0
# enforce_for_root
`;
const FAILLOCK = `deny = 5
unlock_time = 900
fail_interval = 900
even_deny_root
`;
const LOGIN_DEFS = `MAIL_DIR        /var/mail
PASS_MAX_DAYS\t90
PASS_MIN_DAYS\t1
PASS_WARN_AGE\t7
ENCRYPT_METHOD SHA512
`;

describe('the password policy from login.defs, pwquality, faillock and PAM', () => {
  const conf = (text: string, sep: 'space' | 'equals') => parseKeyValueConf(text, sep).value;

  it('maps a hardened Debian host to the fields the AD rules read', () => {
    const pam = [...parsePamStack(DEBIAN_COMMON_PASSWORD).value, ...parsePamStack(DEBIAN_COMMON_AUTH).value];
    const { props, defaulted } = passwordPolicyOf({
      loginDefs: conf(LOGIN_DEFS, 'space'),
      pwquality: conf(PWQUALITY, 'equals'),
      faillock: conf(FAILLOCK, 'equals'),
      pam,
    });
    expect(props).toEqual({
      scope: 'host',
      maxAgeDays: 90,
      minAgeDays: 1,
      minLength: 14,
      requireUppercase: true,
      requireLowercase: true,
      requireNumbers: true,
      requireSymbols: false,
      complexity: true,
      historySize: 5,
      lockoutThreshold: 5,
      lockoutDurationMinutes: 15,
      lockoutObservationMinutes: 15,
    });
    expect(defaulted).toEqual([]);
  });

  it('takes module arguments over the .conf files, and documented defaults where nothing is written (RHEL system-auth)', () => {
    const systemAuth = `auth        required      pam_env.so
auth        required      pam_faillock.so preauth silent deny=3
auth        sufficient    pam_unix.so
password    requisite     pam_pwquality.so local_users_only minlen=10
password    required      pam_pwhistory.so remember=24 use_authtok
password    sufficient    pam_unix.so sha512 shadow use_authtok
`;
    const { props, defaulted } = passwordPolicyOf({
      pwquality: conf('minlen = 16\n', 'equals'),
      faillock: new Map(),
      pam: parsePamStack(systemAuth).value,
    });
    expect(props).toMatchObject({
      minLength: 10,
      historySize: 24,
      lockoutThreshold: 3,
      lockoutDurationMinutes: 10,
      complexity: false,
    });
    expect(defaulted).toEqual(['lockoutDurationMinutes', 'lockoutObservationMinutes']);
  });

  it('states no lockout and no history when the stacks read have neither, and leaves the length unknown', () => {
    const { props } = passwordPolicyOf({
      loginDefs: conf('PASS_MAX_DAYS 99999\n', 'space'),
      pam: parsePamStack('password required pam_unix.so yescrypt\nauth required pam_unix.so\n').value,
    });
    expect(props).toEqual({ scope: 'host', maxAgeDays: 0, historySize: 0, lockoutThreshold: 0 });
  });

  it('leaves everything PAM decides absent when no PAM file could be read', () => {
    expect(passwordPolicyOf({ pwquality: conf(PWQUALITY, 'equals') }).props).toEqual({ scope: 'host' });
  });

  it('reports malformed lines with their numbers', () => {
    expect(parseKeyValueConf('minlen = 12\n= 4\n', 'equals').problems).toEqual([
      { line: 2, message: 'cannot read: = 4' },
    ]);
    expect(parseKeyValueConf('PASS_MAX_DAYS\n', 'space').problems).toEqual([
      { line: 1, message: 'cannot read: PASS_MAX_DAYS' },
    ]);
    expect(parsePamStack('password\n@include common-auth\nauth required pam_unix.so\n').problems).toEqual([
      { line: 1, message: 'not a PAM rule: password' },
    ]);
  });
});

describe('accounts', () => {
  it('reads passwd entries and reports malformed ones', () => {
    const { value, problems } = parsePasswd(
      'root:x:0:0:root:/root:/bin/bash\ntoor:x:0:0::/root:/bin/sh\nbroken:x:abc:0::/:/bin/sh\nshort:x:1\n',
    );
    expect(value.map((e) => [e.name, e.uid, e.shell])).toEqual([
      ['root', 0, '/bin/bash'],
      ['toor', 0, '/bin/sh'],
    ]);
    expect(problems.map((p) => p.line)).toEqual([3, 4]);
  });

  it('summarises /etc/shadow with awk so that no hash leaves the host', () => {
    const shadow = [
      'root:$y$j9T$abcdefghijklmnop$ABCDEFGHIJKLMNOPQRSTUVWXYZ012345678901234:19700:0:99999:7:::',
      'daemon:*:19700:0:99999:7:::',
      'alice:!$6$salt$hash:19000:1:90:7:30:20000:',
      'guest::19700:0:99999:7:::',
    ].join('\n');
    const summary = execFileSync('awk', [SHADOW_SUMMARY_AWK], { input: `${shadow}\n`, encoding: 'utf8' });
    expect(summary).not.toContain('$');
    const { value, problems } = parseShadowSummary(summary);
    expect(problems).toEqual([]);
    expect(value).toEqual([
      { name: 'root', password: 'set', lastChangeDay: 19700, minDays: 0, maxDays: 99999, expireDay: undefined },
      { name: 'daemon', password: 'locked', lastChangeDay: 19700, minDays: 0, maxDays: 99999, expireDay: undefined },
      { name: 'alice', password: 'locked', lastChangeDay: 19000, minDays: 1, maxDays: 90, expireDay: 20000 },
      { name: 'guest', password: 'empty', lastChangeDay: 19700, minDays: 0, maxDays: 99999, expireDay: undefined },
    ]);
  });

  it('refuses a line that is not a summary (a raw shadow line is never accepted)', () => {
    expect(parseShadowSummary('root:$6$x$y:19700:0:99999:7:::\n').problems).toEqual([
      { line: 1, message: 'not a shadow summary line' },
    ]);
  });
});

describe('sudoers', () => {
  it('finds rules granting every command, with NOPASSWD, and the includes it did not follow', () => {
    const text = `Defaults\tenv_reset
Defaults\tsecure_path="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin"
root\tALL=(ALL:ALL) ALL
%sudo\tALL=(ALL:ALL) ALL
deploy  ALL=(root) NOPASSWD: /usr/bin/systemctl restart app
ops ALL = (ALL) NOPASSWD: ALL
backup ALL=(ALL) /usr/bin/rsync, \\
    ALL
@includedir /etc/sudoers.d
#include /etc/sudoers.local
this is not a rule
`;
    const { value, problems } = parseSudoers(text, '/etc/sudoers');
    expect(value.grants).toEqual([
      { principal: 'root', noPassword: false, file: '/etc/sudoers', line: 3 },
      { principal: '%sudo', noPassword: false, file: '/etc/sudoers', line: 4 },
      { principal: 'ops', noPassword: true, file: '/etc/sudoers', line: 6 },
      { principal: 'backup', noPassword: false, file: '/etc/sudoers', line: 7 },
    ]);
    expect(value.includes.map((i) => [i.line, i.target])).toEqual([
      [9, '/etc/sudoers.d'],
      [10, '/etc/sudoers.local'],
    ]);
    expect(problems).toEqual([{ line: 11, message: 'not a sudoers rule: this is not a rule' }]);
  });
});

describe('system commands', () => {
  it('keeps only the hardening sysctl keys and reports lines that are not key = value', () => {
    const { value, problems } = parseSysctl(
      'kernel.randomize_va_space = 2\nnet.ipv4.ip_forward = 0\nvm.swappiness = 60\ngarbage\n',
    );
    expect(value).toEqual({ 'kernel.randomize_va_space': '2', 'net.ipv4.ip_forward': '0' });
    expect(problems).toEqual([{ line: 4, message: 'not "key = value": garbage' }]);
  });

  it('reads ss listening sockets with their owners (IPv4, IPv6, scoped, UDP)', () => {
    const text = [
      'tcp   LISTEN 0      128          0.0.0.0:22        0.0.0.0:*    users:(("sshd",pid=612,fd=3))',
      'tcp   LISTEN 0      128             [::]:22           [::]:*    users:(("sshd",pid=612,fd=4))',
      'tcp   LISTEN 0      4096  127.0.0.53%lo:53        0.0.0.0:*    users:(("systemd-resolve",pid=401,fd=14))',
      'udp   UNCONN 0      0            0.0.0.0:69        0.0.0.0:*',
      'Netid State Recv-Q',
    ].join('\n');
    const { value, problems } = parseSs(text);
    expect(value).toEqual([
      { protocol: 'tcp', address: '0.0.0.0', port: 22, process: 'sshd' },
      { protocol: 'tcp', address: '::', port: 22, process: 'sshd' },
      { protocol: 'tcp', address: '127.0.0.53', port: 53, process: 'systemd-resolve' },
      { protocol: 'udp', address: '0.0.0.0', port: 69 },
    ]);
    expect(problems.map((p) => p.line)).toEqual([5]);
  });

  it('counts packages from security suites in an apt simulation only', () => {
    const text = [
      'Reading package lists...',
      'Inst base-files [12.4+deb12u11] (12.4+deb12u15 Debian:12.15/oldstable [amd64])',
      'Inst libgcrypt20 [1.10.1-3] (1.10.1-3+deb12u1 Debian:12.15/oldstable, Debian-Security:12/oldstable-security [amd64])',
      'Inst openssl [3.0.11-1~deb12u2] (3.0.17-1~deb12u3 Ubuntu:22.04/jammy-security [amd64])',
      'Inst broken',
      'Conf base-files (12.4+deb12u15 Debian:12.15/oldstable [amd64])',
    ].join('\n');
    const { value, problems } = parseAptSimulation(text);
    expect(value).toEqual(['libgcrypt20', 'openssl']);
    expect(problems).toEqual([{ line: 5, message: 'not an apt "Inst" line: Inst broken' }]);
  });

  it('reads dnf security advisories', () => {
    const text =
      'RHSA-2024:1234 Important/Sec. openssl-1:3.0.7-25.el9_3.x86_64\nRHSA-2024:2000 Moderate/Sec.  curl-7.76.1-26.el9_3.3.x86_64\nnonsense\n';
    const { value, problems } = parseDnfSecurity(text);
    expect(value).toEqual(['curl-7.76.1-26.el9_3.3.x86_64', 'openssl-1:3.0.7-25.el9_3.x86_64']);
    expect(problems.map((p) => p.line)).toEqual([3]);
  });

  it('reads auditctl -s and stat output', () => {
    expect(parseAuditStatus('enabled 2\nfailure 1\npid 715\nrate_limit 0\n').value).toEqual({
      enabled: true,
      pid: 715,
    });
    expect(parseAuditStatus('enabled 0\npid 0\n').value).toEqual({ enabled: false, pid: 0 });
    const stat = parseStat('/etc/shadow|640|root|shadow\n/etc/passwd|644|root|root\n/etc/x|rw-r--r--|root|root\n');
    expect(stat.value.map((f) => f.mode)).toEqual(['640', '644']);
    expect(stat.problems.map((p) => p.line)).toEqual([3]);
  });
});
