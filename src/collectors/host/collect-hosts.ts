// The work of the `host` collector (./collector.ts defines it): targets from the options, each
// host read with its runner, every failure a gap for that host. Loaded only when hosts are collected.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Gap, Resource } from '../../model/resource.ts';
import type { CollectContext } from '../contract.ts';
import { CollectorError } from '../contract.ts';
import { type HostOptions, targetText } from './collector.ts';
import { parseInventory, parseSshTarget } from './inventory.ts';
import { parseKnownHosts } from './known-hosts.ts';
import { localRunner } from './local-runner.ts';
import { readLinuxHost } from './read-linux.ts';
import { readWindowsFile } from './read-windows.ts';
import { type CommandRunner, SshConnectError } from './runner.ts';
import type { SshSettings, SshTarget } from './ssh-runner.ts';

type Target =
  | { local: true; name: string; windowsExport?: undefined }
  | { windowsExport: string; name: string; local?: false }
  | (SshTarget & { local?: false; windowsExport?: undefined });

const METHOD =
  'read-only commands from a fixed table (cat of /etc/os-release, login.defs, pwquality.conf, faillock.conf, PAM stacks, passwd; ' +
  'a summary of /etc/shadow computed on the host without the hashes; sudoers; sshd -T; sysctl -a; ss -Hltnup; ' +
  'systemctl list-unit-files for clear-text services; timedatectl/chronyc; systemctl is-active auditd, auditctl -s/-l; ' +
  'apt-get -s upgrade or dnf updateinfo --security; stat of sensitive files; nft -j list ruleset; iptables-save)';

const WINDOWS_METHOD =
  'exports of scripts/collect-windows.ps1 run on each host (secedit /export, auditpol /get /category:* /r, ' +
  'Get-NetFirewallProfile -PolicyStore ActiveStore, Get-SmbServerConfiguration, reg query of the RDP and SMBv1 client values, ' +
  'Get-LocalGroupMember of Administrators), or a secedit INF or auditpol /r CSV on its own';

export async function collectHosts(options: HostOptions, context: CollectContext) {
  const startedAt = context.now().toISOString();
  const resolve = (file: string | undefined) => (file === undefined ? undefined : path.resolve(context.root, file));
  const keyFile = resolve(options.identity);
  const targets: Target[] = [];
  if (options.local) targets.push({ local: true, name: os.hostname() });
  for (const text of options.ssh ?? []) targets.push(parseSshTarget(text, keyFile));
  if (options.inventory) targets.push(...parseInventory(resolve(options.inventory)!, { keyFile }));
  for (const file of options['windows-export'] ?? []) targets.push({ windowsExport: file, name: file });
  if (targets.length === 0)
    throw new CollectorError(
      'other',
      'nothing to collect: give --local, --ssh user@host[:port], --inventory FILE or --windows-export FILE',
    );
  const names = new Set<string>();
  for (const t of targets) {
    if (names.has(t.name))
      throw new CollectorError('other', `host ${t.name} is listed twice (give inventory entries distinct names)`);
    names.add(t.name);
  }

  const timeoutMs = options.timeout * 1000;
  const settings = targets.some((t) => !t.local && !t.windowsExport)
    ? sshSettings(options, context, timeoutMs)
    : undefined;
  const sourceId = `host:${targets[0]!.name}${targets.length > 1 ? `+${targets.length - 1}` : ''}`;
  const resources: Resource[] = [];
  const gaps: Gap[] = [];
  const queries = new Set<string>();
  const unreachable: string[] = [];
  let done = 0;

  const collectOne = async (target: Target) => {
    if (context.signal.aborted) return;
    let runner: CommandRunner | undefined;
    try {
      if (target.windowsExport !== undefined) {
        const reading = readWindowsFile(resolve(target.windowsExport)!, target.windowsExport, sourceId);
        resources.push(...reading.resources);
        gaps.push(...reading.gaps);
        return;
      }
      runner =
        target.local === true
          ? localRunner({ sudo: options.sudo === true, timeoutMs, signal: context.signal })
          : // ssh2 loads only when a remote host is read.
            await (await import('./ssh-runner.ts')).connectSsh(target, settings!);
      const reading = await withDeadline(
        readLinuxHost(runner, { now: context.now(), sourceId }),
        timeoutMs,
        target.name,
      );
      resources.push(...reading.resources);
      gaps.push(...reading.gaps);
      for (const q of reading.commands) queries.add(q);
    } catch (error) {
      const reason = error instanceof SshConnectError || error instanceof CollectorError ? error.reason : 'other';
      const endpoint =
        target.local || target.windowsExport !== undefined
          ? target.name
          : `${target.user}@${target.host}:${target.port}`;
      const errnoCode = (error as NodeJS.ErrnoException).code;
      gaps.push({
        reason: errnoCode ? 'unreadable' : reason,
        message: `${target.name}: ${(error as Error).message}`,
        endpoint,
      });
      unreachable.push(`${target.name}: ${(error as Error).message}`);
    } finally {
      runner?.close();
      done++;
      context.progress(`${done}/${targets.length} hosts (${target.name})`);
    }
  };
  await inParallel(targets, options.concurrency, collectOne);

  if (unreachable.length === targets.length) throw new CollectorError(gaps[0]!.reason, unreachable.join('; '));
  resources.sort((a, b) => a.uid.localeCompare(b.uid));
  return {
    source: {
      id: sourceId,
      collector: 'host',
      target: targetText(options),
      startedAt,
      finishedAt: context.now().toISOString(),
      status: gaps.length === 0 ? ('ok' as const) : ('partial' as const),
      method: methodOf(targets, options),
      queries: [...queries].sort(),
      itemCount: targets.length - unreachable.length,
    },
    resources,
    gaps,
  };
}

function methodOf(targets: Target[], options: HostOptions): string {
  const windows = targets.filter((t) => t.windowsExport !== undefined).length;
  const linux = targets.length - windows;
  const parts = [];
  if (linux > 0)
    parts.push(
      `${linux} Linux host(s), ${options.local ? 'locally and ' : ''}over SSH where named, ${options.sudo ? 'with sudo -n for root-only reads, ' : ''}${METHOD}`,
    );
  if (windows > 0) parts.push(`${windows} Windows host(s) from files: ${WINDOWS_METHOD}`);
  return parts.join('; ');
}

function sshSettings(options: HostOptions, context: CollectContext, timeoutMs: number): SshSettings {
  const file = options['known-hosts']
    ? path.resolve(context.root, options['known-hosts'])
    : path.join(os.homedir(), '.ssh', 'known_hosts');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CollectorError(
      'unreadable',
      `cannot read the known_hosts file ${file} (${(error as NodeJS.ErrnoException).code}): host keys cannot be verified, so no host is contacted`,
    );
  }
  const { entries, problems } = parseKnownHosts(text);
  for (const p of problems) context.warn(`${file}:${p.line}: ${p.message} (line ignored)`);
  return { knownHosts: { entries, file }, sudo: options.sudo === true, timeoutMs, agent: process.env.SSH_AUTH_SOCK };
}

async function withDeadline<T>(work: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new SshConnectError('timeout', `not finished within ${ms / 1000} s (--timeout); nothing of ${name} kept`),
        ),
      ms,
    );
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
