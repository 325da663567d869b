// Reads one Linux host through a command runner into resources of the normalized model. Every
// command that fails becomes a gap naming it; the values it would have given stay absent.

import type { HostOsProps, HostServiceProps } from '../../model/kinds.ts';
import type { Gap, Resource } from '../../model/resource.ts';
import {
  NO_LOGIN_SHELLS,
  parsePasswd,
  parseShadowSummary,
  type ShadowSummary,
} from '../../providers/linux/accounts.ts';
import { inputDefault } from '../../providers/linux/input-default.ts';
import { type NetfilterResult, parseIptablesSave, parseNftJson } from '../../providers/linux/netfilter.ts';
import {
  type PamModule,
  parseKeyValueConf,
  parsePamStack,
  passwordPolicyOf,
} from '../../providers/linux/password-policy.ts';
import { parseSshdT, sshPropsOf } from '../../providers/linux/sshd.ts';
import { parseSudoers, type SudoGrant } from '../../providers/linux/sudoers.ts';
import {
  parseAptSimulation,
  parseAuditRules,
  parseAuditStatus,
  parseDnfSecurity,
  parseProperties,
  parseSs,
  parseStat,
  parseSysctl,
} from '../../providers/linux/system.ts';
import { COMMANDS, type HostCommand } from './commands.ts';
import { type CommandRunner, outcomeOf } from './runner.ts';

export interface HostReading {
  resources: Resource[];
  gaps: Gap[];
  /** Commands run, for the source's `queries`. */
  commands: string[];
}

const DAY_MS = 86_400_000;

export async function readLinuxHost(
  runner: CommandRunner,
  options: { now: Date; sourceId: string; provider?: 'linux' },
): Promise<HostReading> {
  const host = runner.host;
  const gaps: Gap[] = [];
  const commands: string[] = [];
  const location = { host };
  const base = (kind: Resource['kind'], id: string, name: string, nativeType: string) => ({
    uid: `linux:${host}:${id}`,
    kind,
    provider: 'linux' as const,
    nativeType,
    name,
    location,
    sourceId: options.sourceId,
  });

  /** Output of a command, or undefined (after recording its gap); `null` for a missing optional file. */
  const read = async (command: HostCommand, partialOk = false): Promise<string | null | undefined> => {
    commands.push(command.argv.join(' ').slice(0, 200));
    const outcome = outcomeOf(command, await runner.run(command), host, partialOk);
    if (outcome.ok) return outcome.output.stdout;
    if (outcome.absent) return null;
    gaps.push(outcome.gap);
    return undefined;
  };
  /** Lines a parser could not read, as parse-error gaps with file (or command) and line. */
  const problemsOf = (command: HostCommand, problems: { line: number; message: string }[], file = command.file) => {
    for (const p of problems.slice(0, 20)) {
      gaps.push({
        reason: 'parse-error',
        message: `${file ?? command.id} line ${p.line}: ${p.message}`,
        endpoint: host,
        file: file ?? command.id,
        line: p.line,
        kinds: command.kinds,
      });
    }
  };

  // Independent reads run together (over SSH: one channel each).
  const c = COMMANDS;
  const [
    osRelease,
    kernel,
    sshd,
    loginDefs,
    pwquality,
    faillock,
    pamTexts,
    passwd,
    shadow,
    sudoers,
    sudoersDir,
    sysctl,
    sockets,
    units,
    timedatectl,
    auditdActive,
    auditStatus,
    auditRules,
    stat,
    nft,
    iptables,
  ] = await Promise.all([
    read(c.osRelease),
    read(c.kernel),
    read(c.sshd),
    read(c.loginDefs),
    read(c.pwquality),
    read(c.faillock),
    Promise.all(c.pamFiles.map((f) => read(f))),
    read(c.passwd),
    read(c.shadow),
    read(c.sudoers),
    read(c.sudoersDir),
    read(c.sysctl, true),
    read(c.sockets),
    read(c.units),
    read(c.timedatectl),
    readStatus(runner, c.auditdActive, commands, gaps),
    read(c.auditStatus),
    read(c.auditRules),
    read(c.stat, true),
    read(c.nft),
    read(c.iptables),
  ]);
  const resources: Resource[] = [];

  // host.os: the host's own facts.
  const osInfo = osRelease ? parseProperties(osRelease) : new Map<string, string>();
  const unquote = (v: string | undefined) => v?.replace(/^"(.*)"$/, '$1');
  const os: HostOsProps = { family: 'linux' };
  if (osRelease) {
    const name = unquote(osInfo.get('PRETTY_NAME')) ?? unquote(osInfo.get('NAME'));
    if (name) os.name = name;
    const version = unquote(osInfo.get('VERSION_ID'));
    if (version) os.version = version;
  }
  if (kernel) os.kernel = kernel.trim();

  const updates = await pendingSecurityUpdates(read, osInfo);
  if (updates) {
    os.packagesPendingSecurityUpdates = updates.length;
    os.pendingSecurityPackages = updates.slice(0, 200);
  }

  if (sysctl) {
    const parsed = parseSysctl(sysctl);
    os.sysctl = parsed.value;
    problemsOf(c.sysctl, parsed.problems);
  }

  const timeSync = await readTimeSync(timedatectl, read);
  if (timeSync) os.timeSync = timeSync;

  const auditd: NonNullable<HostOsProps['auditd']> = {};
  if (auditdActive !== undefined) auditd.running = auditdActive === 'active';
  if (auditStatus) {
    const status = parseAuditStatus(auditStatus);
    problemsOf(c.auditStatus, status.problems);
    if (status.value.enabled !== undefined) auditd.enabled = status.value.enabled;
    if (auditd.running === undefined && status.value.pid !== undefined) auditd.running = status.value.pid > 0;
  } else if (auditStatus === undefined && gaps.some((g) => g.message.includes('auditctl is not installed'))) {
    // No audit userspace at all: auditd cannot be running.
    auditd.running ??= false;
  }
  if (auditRules) auditd.rules = parseAuditRules(auditRules);
  if (Object.keys(auditd).length > 0) os.auditd = auditd;

  if (stat) {
    const parsed = parseStat(stat);
    os.sensitiveFiles = parsed.value;
    problemsOf(c.stat, parsed.problems);
  }

  const firewall = firewallOf(
    [
      { tool: 'nft' as const, command: c.nft, text: nft, parse: parseNftJson },
      { tool: 'iptables-save' as const, command: c.iptables, text: iptables, parse: parseIptablesSave },
    ],
    (command, result) =>
      problemsOf(
        command,
        result.gaps.map((g) => ({ line: g.line ?? 1, message: g.message })),
        command.id,
      ),
  );
  if (firewall) os.firewall = firewall;

  const grants: SudoGrant[] = [];
  if (sudoers) {
    const parsed = parseSudoers(sudoers, '/etc/sudoers');
    grants.push(...parsed.value.grants);
    problemsOf(c.sudoers, parsed.problems);
    for (const include of parsed.value.includes) {
      if (include.target === '/etc/sudoers.d' && sudoersDir !== undefined) continue;
      gaps.push({
        reason: 'unsupported',
        message: `/etc/sudoers line ${include.line} includes ${include.target}, which was not read`,
        endpoint: host,
        file: '/etc/sudoers',
        line: include.line,
        kinds: ['host.os', 'identity.user'],
      });
    }
  }
  if (sudoersDir) {
    for (const [file, text] of splitFiles(sudoersDir)) {
      const parsed = parseSudoers(text, file);
      grants.push(...parsed.value.grants);
      problemsOf(c.sudoersDir, parsed.problems, file);
    }
  }
  // No /etc/sudoers at all: sudo is not installed, so nothing grants anything through it.
  if (sudoers !== undefined) os.sudoAllGrants = grants;

  resources.push({ ...base('host.os', 'os', host, 'linux-host'), props: os, raw: { osRelease, nft, iptables } });

  // host.ssh: the effective sshd configuration.
  if (sshd) {
    const parsed = parseSshdT(sshd);
    problemsOf(c.sshd, parsed.problems, 'sshd -T');
    resources.push({
      ...base('host.ssh', 'sshd', `${host} sshd`, 'sshd'),
      props: sshPropsOf(parsed.value),
      raw: Object.fromEntries(parsed.value),
    });
  }

  // identity.password_policy: login.defs, pwquality, faillock, and the PAM stacks that use them.
  const pam: PamModule[] = [];
  pamTexts.forEach((text, index) => {
    if (!text) return;
    const parsed = parsePamStack(text);
    pam.push(...parsed.value);
    problemsOf(c.pamFiles[index]!, parsed.problems);
  });
  const pamRead = pamTexts.some((t) => typeof t === 'string');
  if (!pamRead && pamTexts.every((t) => t === null)) {
    gaps.push({
      reason: 'unreadable',
      message: `no PAM password stack found (${c.pamFiles.map((f) => f.file).join(', ')}); length, history and lockout not read`,
      endpoint: host,
      kinds: ['identity.password_policy'],
    });
  }
  const confOf = (text: string | null | undefined, command: HostCommand, separator: 'space' | 'equals') => {
    if (!text) return text === null ? new Map<string, string>() : undefined;
    const parsed = parseKeyValueConf(text, separator);
    problemsOf(command, parsed.problems);
    return parsed.value;
  };
  const policy = passwordPolicyOf({
    loginDefs: confOf(loginDefs, c.loginDefs, 'space'),
    pwquality: confOf(pwquality, c.pwquality, 'equals'),
    faillock: confOf(faillock, c.faillock, 'equals'),
    pam: pamRead ? pam : undefined,
  });
  resources.push({
    ...base('identity.password_policy', 'password-policy', `${host} local password policy`, 'linux-password-policy'),
    props: policy.props,
    ...(policy.defaulted.length > 0 ? { defaulted: policy.defaulted } : {}),
  });

  // identity.user: local accounts (from passwd; password state and ageing from the shadow summary).
  if (passwd) {
    const parsed = parsePasswd(passwd);
    problemsOf(c.passwd, parsed.problems);
    let shadowByName: Map<string, ShadowSummary> | undefined;
    if (shadow) {
      const summary = parseShadowSummary(shadow);
      problemsOf(c.shadow, summary.problems, '/etc/shadow');
      shadowByName = new Map(summary.value.map((s) => [s.name, s]));
    }
    const today = Math.floor(options.now.getTime() / DAY_MS);
    for (const entry of parsed.value) {
      const props: NonNullable<Resource<'identity.user'>['props']> = {
        uid: entry.uid,
        shell: entry.shell,
        isRoot: entry.uid === 0 && entry.name === 'root',
        privileged: entry.uid === 0 || grants.some((g) => g.principal === entry.name),
      };
      const shadowEntry = shadowByName?.get(entry.name);
      if (shadowEntry) {
        props.passwordNotRequired = shadowEntry.password === 'empty';
        props.passwordLocked = shadowEntry.password === 'locked';
        const expired = shadowEntry.expireDay !== undefined && shadowEntry.expireDay <= today;
        props.enabled = !expired && !(shadowEntry.password === 'locked' && NO_LOGIN_SHELLS.has(entry.shell));
        if (shadowEntry.password === 'set') {
          props.passwordNeverExpires = shadowEntry.maxDays === undefined || shadowEntry.maxDays >= 99999;
          if (shadowEntry.lastChangeDay !== undefined && shadowEntry.lastChangeDay > 0)
            props.passwordAgeDays = Math.max(0, today - shadowEntry.lastChangeDay);
        }
      }
      resources.push({ ...base('identity.user', `user:${entry.name}`, entry.name, 'local-user'), props });
    }
  }

  // host.service: clear-text services' units and every listening socket's owner.
  const services = new Map<string, HostServiceProps>();
  if (units) {
    for (const line of units.split(/\r?\n/)) {
      const [unit, state] = line.trim().split(/\s+/);
      if (!unit || !state) continue;
      services.set(unit, { enabled: !/^(disabled|masked|masked-runtime|bad)$/.test(state), unitFileState: state });
    }
  }
  if (sockets) {
    const parsed = parseSs(sockets);
    problemsOf(c.sockets, parsed.problems, 'ss -Hltnup');
    for (const socket of parsed.value) {
      const name = socket.process ?? `port ${socket.protocol}/${socket.port}`;
      const service = services.get(name) ?? {};
      service.listening = [
        ...(service.listening ?? []),
        { protocol: socket.protocol, address: socket.address, port: socket.port },
      ];
      service.running = true;
      services.set(name, service);
    }
  }
  for (const [name, props] of [...services].sort(([a], [b]) => a.localeCompare(b))) {
    resources.push({ ...base('host.service', `service:${name}`, name, 'service'), props });
  }
  return { resources, gaps, commands };
}

type Read = (command: HostCommand, partialOk?: boolean) => Promise<string | null | undefined>;

/** `systemctl is-active` answers on stdout with a non-zero exit for "inactive": that is an answer. */
async function readStatus(
  runner: CommandRunner,
  command: HostCommand,
  commands: string[],
  gaps: Gap[],
): Promise<string | undefined> {
  commands.push(command.argv.join(' '));
  const output = await runner.run(command);
  const answer = output.stdout.trim();
  if (/^(active|inactive|failed|activating|deactivating|unknown)$/.test(answer)) return answer;
  const outcome = outcomeOf(command, { ...output, exitCode: output.exitCode === 0 ? 1 : output.exitCode }, runner.host);
  if (!outcome.ok && !outcome.absent) gaps.push(outcome.gap);
  return undefined;
}

async function pendingSecurityUpdates(read: Read, osInfo: Map<string, string>): Promise<string[] | undefined> {
  const family = `${osInfo.get('ID') ?? ''} ${osInfo.get('ID_LIKE') ?? ''}`;
  const redHat = /rhel|fedora|centos|rocky|alma/.test(family);
  const command = redHat ? COMMANDS.dnf : COMMANDS.apt;
  const text = await read(command);
  if (!text) return undefined;
  return (redHat ? parseDnfSecurity(text) : parseAptSimulation(text)).value;
}

async function readTimeSync(
  timedatectl: string | null | undefined,
  read: Read,
): Promise<HostOsProps['timeSync'] | undefined> {
  if (timedatectl) {
    const values = parseProperties(timedatectl);
    const synchronized = values.get('NTPSynchronized');
    const ntp = values.get('NTP');
    return {
      ...(synchronized ? { synchronized: synchronized === 'yes' } : {}),
      ...(ntp ? { ntpEnabled: ntp === 'yes' } : {}),
      source: 'timedatectl',
    };
  }
  // No systemd (containers, some distributions): chrony says whether it is synchronised.
  const chrony = await read(COMMANDS.chrony);
  if (!chrony) return undefined;
  const leap = /^Leap status\s*:\s*(.+)$/m.exec(chrony)?.[1]?.trim();
  return { ...(leap ? { synchronized: leap === 'Normal' } : {}), ntpEnabled: true, source: 'chrony' };
}

/**
 * The host firewall as the firewall collector reads the same outputs (netfilter.ts): each input
 * chain's default and the host's answer. Lines netfilter.ts cannot read are reported through
 * `problems` and keep a deny from being claimed.
 */
export function firewallOf(
  outputs: {
    tool: 'nft' | 'iptables-save';
    command: HostCommand;
    text: string | null | undefined;
    parse: (text: string, file: string) => NetfilterResult;
  }[],
  problems: (command: HostCommand, result: NetfilterResult) => void,
): HostOsProps['firewall'] | undefined {
  const readings = [];
  const firewall: NonNullable<HostOsProps['firewall']> = {};
  for (const output of outputs) {
    // Empty iptables-save output only says iptables made no table (nft's own tables are invisible
    // to it), so it is no reading, as a failed command is not.
    if (!output.text) continue;
    const result = output.parse(output.text, output.command.id);
    problems(output.command, result);
    // Output nft cannot have written (not JSON) is no reading at all.
    if (result.gaps.some((g) => /^(not valid JSON|no "nftables" array)/.test(g.message))) continue;
    readings.push({ tool: output.tool, result });
    const inputs = result.firewalls.filter((f) => f.hook === 'input');
    if (output.tool === 'nft')
      firewall.nftInputPolicies = inputs.flatMap((f) => (f.policy ? [f.policy === 'deny' ? 'drop' : 'accept'] : []));
    const filterInput = inputs.find((f) => f.table === 'filter' && f.chain === 'INPUT' && f.policy);
    if (output.tool === 'iptables-save' && filterInput)
      firewall.iptablesInputPolicy = filterInput.policy === 'deny' ? 'DROP' : 'ACCEPT';
  }
  if (readings.length === 0) return undefined;
  const answer = inputDefault(readings);
  if (answer.chains.length > 0) firewall.inputChains = answer.chains;
  if (answer.action) firewall.defaultInputAction = answer.action;
  return firewall;
}

/** The `==> FILE` sections of the sudoers.d listing. */
function splitFiles(text: string): [string, string][] {
  const files: [string, string][] = [];
  for (const line of text.split('\n')) {
    const header = /^==> (\/\S+)$/.exec(line);
    if (header) files.push([header[1]!, '']);
    else if (files.length > 0) files[files.length - 1]![1] += `${line}\n`;
  }
  return files;
}
