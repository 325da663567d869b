// Small parsers of system commands' output: sysctl, ss, timedatectl, auditctl, package updates,
// stat and the firewall's default input policy. Each is pure and reports lines it cannot read.
import type { ParsedLines } from './sshd.ts';

type Problems = ParsedLines<unknown>['problems'];

/** The sysctl keys hardening baselines check (CIS, DISA STIG). */
export const SYSCTL_KEYS = [
  'kernel.randomize_va_space',
  'kernel.kptr_restrict',
  'kernel.dmesg_restrict',
  'kernel.yama.ptrace_scope',
  'fs.suid_dumpable',
  'fs.protected_hardlinks',
  'fs.protected_symlinks',
  'net.ipv4.ip_forward',
  'net.ipv4.conf.all.accept_redirects',
  'net.ipv4.conf.all.send_redirects',
  'net.ipv4.conf.all.accept_source_route',
  'net.ipv4.conf.all.rp_filter',
  'net.ipv4.conf.all.log_martians',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.icmp_echo_ignore_broadcasts',
  'net.ipv6.conf.all.accept_redirects',
  'net.ipv6.conf.all.accept_ra',
];

/** `sysctl -a` lines `key = value`, keeping only SYSCTL_KEYS. */
export function parseSysctl(text: string): ParsedLines<Record<string, string>> {
  const values: Record<string, string> = {};
  const problems: Problems = [];
  const wanted = new Set(SYSCTL_KEYS);
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    const match = /^([\w.\-/]+)\s*=\s?(.*)$/.exec(line);
    if (!match) {
      problems.push({ line: index + 1, message: `not "key = value": ${line.slice(0, 80)}` });
      return;
    }
    if (wanted.has(match[1]!)) values[match[1]!] = match[2]!.trim();
  });
  return { value: values, problems };
}

export interface ListeningSocket {
  protocol: string;
  address: string;
  port: number;
  /** The owning process, when ss could see it (root, or the caller's own processes). */
  process?: string;
}

/** `ss -Hltnup`: Netid State Recv-Q Send-Q Local:Port Peer:Port [users:(("name",pid=,fd=))]. */
export function parseSs(text: string): ParsedLines<ListeningSocket[]> {
  const sockets: ListeningSocket[] = [];
  const problems: Problems = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    const fields = line.trim().split(/\s+/);
    const local = /^(.*):(\d+|\*)$/.exec(fields[4] ?? '');
    if (fields.length < 6 || !local || !/^(tcp|udp)$/.test(fields[0]!)) {
      problems.push({ line: index + 1, message: `not an ss socket line: ${line.slice(0, 80)}` });
      return;
    }
    if (local[2] === '*') return;
    const owner = /users:\(\("([^"]+)"/.exec(line);
    sockets.push({
      protocol: fields[0]!,
      // [::]:22, 0.0.0.0:22, *:22, 127.0.0.53%lo:53
      address: local[1]!.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, ''),
      port: Number(local[2]),
      ...(owner ? { process: owner[1] } : {}),
    });
  });
  return { value: sockets, problems };
}

/** `key=value` lines (timedatectl show, systemctl show). */
export function parseProperties(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const at = line.indexOf('=');
    if (at > 0) values.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  return values;
}

/** `auditctl -s`: "enabled 1", "pid 123"... enabled 2 means locked (immutable) and on. */
export function parseAuditStatus(text: string): ParsedLines<{ enabled?: boolean; pid?: number }> {
  const values = new Map<string, string>();
  const problems: Problems = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    const match = /^(\w+)\s+(\S+)/.exec(line.trim());
    if (match) values.set(match[1]!, match[2]!);
    else problems.push({ line: index + 1, message: `not "key value": ${line.slice(0, 80)}` });
  });
  const enabled = values.get('enabled');
  const pid = values.get('pid');
  return {
    value: {
      ...(enabled === undefined ? {} : { enabled: enabled === '1' || enabled === '2' }),
      ...(pid !== undefined && /^\d+$/.test(pid) ? { pid: Number(pid) } : {}),
    },
    problems,
  };
}

/** `auditctl -l`: one rule a line, or "No rules". */
export function parseAuditRules(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && l !== 'No rules');
}

/**
 * Pending security updates from `apt-get -s upgrade` (Debian/Ubuntu): `Inst PKG [OLD] (NEW ORIGIN)`
 * lines whose origin names a security suite; or from `dnf -q updateinfo list --security`:
 * `ADVISORY SEVERITY PACKAGE` lines.
 */
export function parseAptSimulation(text: string): ParsedLines<string[]> {
  const packages = new Set<string>();
  const problems: Problems = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (!line.startsWith('Inst ')) return;
    const match = /^Inst (\S+) (?:\[[^\]]*\] )?\((.*)\)/.exec(line);
    if (!match) {
      problems.push({ line: index + 1, message: `not an apt "Inst" line: ${line.slice(0, 80)}` });
      return;
    }
    if (/(^|[\s/,-])[\w.-]*-security\b|Debian-Security|\bsecurity\b/i.test(match[2]!)) packages.add(match[1]!);
  });
  return { value: [...packages].sort(), problems };
}

export function parseDnfSecurity(text: string): ParsedLines<string[]> {
  const packages = new Set<string>();
  const problems: Problems = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '' || /^(Last metadata|Updating|Loaded plugins)/.test(line)) return;
    const fields = line.trim().split(/\s+/);
    if (fields.length < 3 || !/-/.test(fields[0]!)) {
      problems.push({ line: index + 1, message: `not an advisory line: ${line.slice(0, 80)}` });
      return;
    }
    packages.add(fields[fields.length - 1]!);
  });
  return { value: [...packages].sort(), problems };
}

export interface FileMode {
  path: string;
  /** Octal permission bits, e.g. "640". */
  mode: string;
  owner: string;
  group: string;
}

/** `stat -c '%n|%a|%U|%G' FILES...`; a missing file is reported by stat on stderr, not here. */
export function parseStat(text: string): ParsedLines<FileMode[]> {
  const files: FileMode[] = [];
  const problems: Problems = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    const fields = line.split('|');
    if (fields.length !== 4 || !/^[0-7]{3,4}$/.test(fields[1]!)) {
      problems.push({ line: index + 1, message: `not "path|mode|owner|group": ${line.slice(0, 80)}` });
      return;
    }
    files.push({ path: fields[0]!, mode: fields[1]!, owner: fields[2]!, group: fields[3]! });
  });
  return { value: files, problems };
}
