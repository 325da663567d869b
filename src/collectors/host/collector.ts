// The `host` collector: Linux hosts read locally (--local) or over SSH (--ssh, --inventory) with
// fixed, read-only commands. Host keys are checked against a known_hosts file; every command
// that cannot run becomes a gap naming it; a host that cannot be reached is a gap for that host.
// The work is in ./collect-hosts.ts, loaded when hosts are collected.
import type { Collector } from '../contract.ts';

export type HostOptions = {
  local?: boolean;
  ssh?: string[];
  identity?: string;
  'known-hosts'?: string;
  inventory?: string;
  sudo?: boolean;
  timeout: number;
  concurrency: number;
  'windows-export'?: string[];
};

export const hostCollector: Collector<HostOptions> = {
  id: 'host',
  description:
    'snapshot Linux hosts locally or over SSH (read-only fixed commands), or Windows hosts from exports (README "Hosts")',
  kinds: ['host.os', 'host.ssh', 'host.service', 'identity.user', 'identity.password_policy'],
  // (Windows hosts come from files: see read-windows.ts and scripts/collect-windows.ps1.)
  options: {
    type: 'object',
    properties: {
      local: { type: 'boolean', description: 'collect this machine (no SSH)' },
      ssh: {
        type: 'array',
        items: { type: 'string', minLength: 3 },
        description: 'collect a host over SSH: user@host[:port] (repeatable)',
        'x-value-name': 'user@host[:port]',
      },
      identity: {
        type: 'string',
        minLength: 1,
        description: 'private key file (unencrypted; default: the SSH agent)',
        'x-short': 'i',
        'x-value-name': 'file',
      },
      'known-hosts': {
        type: 'string',
        minLength: 1,
        description: 'known_hosts file the host keys must be listed in (default: ~/.ssh/known_hosts)',
        'x-value-name': 'file',
      },
      inventory: {
        type: 'string',
        minLength: 1,
        description: 'YAML file of hosts: [{host, port, user, key, name}]',
        'x-value-name': 'file',
      },
      'windows-export': {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        description:
          'a Windows host from the JSON of scripts/collect-windows.ps1, or a secedit INF / auditpol /r CSV (repeatable)',
        'x-value-name': 'file',
      },
      sudo: { type: 'boolean', description: 'run the commands that need root with `sudo -n` (never prompts)' },
      timeout: {
        type: 'integer',
        minimum: 1,
        maximum: 3600,
        default: 120,
        description: 'give up on a host after this long',
        'x-value-name': 'seconds',
      },
      concurrency: {
        type: 'integer',
        minimum: 1,
        maximum: 64,
        default: 8,
        description: 'hosts collected at once',
        'x-value-name': 'n',
      },
    },
    additionalProperties: false,
  },
  collect: async (options, context) => (await import('./collect-hosts.ts')).collectHosts(options, context),
  target: (options) => targetText(options),
  summary: ({ source, resources, gaps }, file) => {
    const hosts = resources.filter((r) => r.kind === 'host.os').length;
    return `wrote ${file}: ${resources.length} resources from ${hosts} host(s) of ${source.target}, ${gaps.length} gaps`;
  },
};

export function targetText(options: HostOptions): string {
  return [
    options.local ? 'local' : '',
    ...(options.ssh ?? []),
    options.inventory ? `inventory ${options.inventory}` : '',
    ...(options['windows-export'] ?? []),
  ]
    .filter(Boolean)
    .join(', ');
}
