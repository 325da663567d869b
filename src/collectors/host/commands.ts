// Every command the host collector runs, as constant argument vectors. Nothing a user typed ever
// goes into one: over SSH (where the remote side always runs a shell) each element is quoted from
// this table, and locally they are passed to execFile without a shell.

import type { Kind } from '../../model/kinds.ts';
import { SHADOW_SUMMARY_AWK } from '../../providers/linux/accounts.ts';

export interface HostCommand {
  id: string;
  argv: readonly string[];
  /** The file it reads, for gaps ("/etc/shadow: permission denied"). */
  file?: string;
  /** Usually needs root: run with `sudo -n` when --sudo is given. */
  root?: boolean;
  /** A file that many hosts legitimately lack: missing is a fact, not a gap. */
  optional?: boolean;
  /** This exit code with no output at all means "nothing matched" (systemctl list-unit-files). */
  noMatchExit?: number;
  /** What a gap on it may hide. */
  kinds: Kind[];
}

const cat = (id: string, file: string, kinds: Kind[], extra: Partial<HostCommand> = {}): HostCommand => ({
  id,
  argv: ['cat', file],
  file,
  kinds,
  ...extra,
});

/** Units of clear-text remote access services (telnet, r-services, FTP, TFTP). */
export const INSECURE_UNITS = [
  'telnet.socket',
  'telnetd.socket',
  'inetd.service',
  'xinetd.service',
  'rsh.socket',
  'rlogin.socket',
  'rexec.socket',
  'vsftpd.service',
  'proftpd.service',
  'pure-ftpd.service',
  'tftp.socket',
  'tftpd-hpa.service',
];

export const SENSITIVE_FILES = [
  '/etc/passwd',
  '/etc/shadow',
  '/etc/group',
  '/etc/gshadow',
  '/etc/sudoers',
  '/etc/ssh/sshd_config',
  '/etc/crontab',
];

const PASSWORD_POLICY: Kind[] = ['identity.password_policy'];

export const COMMANDS = {
  osRelease: cat('os-release', '/etc/os-release', ['host.os']),
  kernel: { id: 'uname', argv: ['uname', '-r'], kinds: ['host.os'] },
  sshd: { id: 'sshd -T', argv: ['sshd', '-T'], root: true, kinds: ['host.ssh'] },
  loginDefs: cat('login.defs', '/etc/login.defs', PASSWORD_POLICY),
  pwquality: cat('pwquality.conf', '/etc/security/pwquality.conf', PASSWORD_POLICY, { optional: true }),
  faillock: cat('faillock.conf', '/etc/security/faillock.conf', PASSWORD_POLICY, { optional: true }),
  // Debian/Ubuntu and Red Hat name their PAM stacks differently; at least one pair must exist.
  pamFiles: [
    cat('pam common-password', '/etc/pam.d/common-password', PASSWORD_POLICY, { optional: true }),
    cat('pam common-auth', '/etc/pam.d/common-auth', PASSWORD_POLICY, { optional: true }),
    cat('pam system-auth', '/etc/pam.d/system-auth', PASSWORD_POLICY, { optional: true }),
    cat('pam password-auth', '/etc/pam.d/password-auth', PASSWORD_POLICY, { optional: true }),
  ],
  passwd: cat('passwd', '/etc/passwd', ['identity.user']),
  shadow: {
    id: 'shadow summary',
    argv: ['awk', SHADOW_SUMMARY_AWK, '/etc/shadow'],
    file: '/etc/shadow',
    root: true,
    kinds: ['identity.user'],
  },
  sudoers: cat('sudoers', '/etc/sudoers', ['host.os', 'identity.user'], { root: true, optional: true }),
  sudoersDir: {
    id: 'sudoers.d',
    // sudo skips names with a dot or ending in ~; each file is announced by a "==> NAME" line.
    argv: [
      'find',
      '/etc/sudoers.d',
      '-maxdepth',
      '1',
      '-type',
      'f',
      '!',
      '-name',
      '*.*',
      '!',
      '-name',
      '*~',
      '-exec',
      'awk',
      'FNR == 1 { print "==> " FILENAME } { print }',
      '{}',
      '+',
    ],
    file: '/etc/sudoers.d',
    root: true,
    optional: true,
    kinds: ['host.os', 'identity.user'],
  },
  sysctl: { id: 'sysctl -a', argv: ['sysctl', '-a'], kinds: ['host.os'] },
  sockets: { id: 'ss', argv: ['ss', '-Hltnup'], kinds: ['host.service'] },
  units: {
    id: 'systemctl list-unit-files',
    argv: ['systemctl', 'list-unit-files', '--no-legend', '--no-pager', ...INSECURE_UNITS],
    noMatchExit: 1,
    kinds: ['host.service'],
  },
  timedatectl: { id: 'timedatectl show', argv: ['timedatectl', 'show'], kinds: ['host.os'] },
  chrony: { id: 'chronyc tracking', argv: ['chronyc', '-n', 'tracking'], kinds: ['host.os'] },
  auditdActive: {
    id: 'systemctl is-active auditd',
    argv: ['systemctl', 'is-active', 'auditd.service'],
    kinds: ['host.os'],
  },
  auditStatus: { id: 'auditctl -s', argv: ['auditctl', '-s'], root: true, kinds: ['host.os'] },
  auditRules: { id: 'auditctl -l', argv: ['auditctl', '-l'], root: true, kinds: ['host.os'] },
  apt: { id: 'apt-get -s upgrade', argv: ['apt-get', '-s', '-o', 'Debug::NoLocking=1', 'upgrade'], kinds: ['host.os'] },
  dnf: { id: 'dnf updateinfo', argv: ['dnf', '-q', 'updateinfo', 'list', '--security'], kinds: ['host.os'] },
  stat: { id: 'stat', argv: ['stat', '-c', '%n|%a|%U|%G', ...SENSITIVE_FILES], kinds: ['host.os'] },
  nft: { id: 'nft list ruleset', argv: ['nft', '-j', 'list', 'ruleset'], root: true, kinds: ['host.os'] },
  iptables: { id: 'iptables-save', argv: ['iptables-save'], root: true, kinds: ['host.os'] },
} satisfies Record<string, HostCommand | HostCommand[]>;

/** The PATH commands run with: sbin folders are missing from a non-root user's default PATH. */
export const COMMAND_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Wraps a command in `sudo -n` (never prompts: no password is ever sent) when asked and needed. */
export function argvFor(command: HostCommand, sudo: boolean): string[] {
  return sudo && command.root ? ['sudo', '-n', ...command.argv] : [...command.argv];
}
