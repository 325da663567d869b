// The `firewall` collector's definition: device configuration files (iptables-save, nftables
// JSON, Cisco IOS/ASA, PAN-OS XML and set format, Juniper Junos set and brace format, FortiOS)
// read into network.firewall resources (./index.ts does the work).
// CLI: `assay collect firewall <files...> [--root DIR]`.
import path from 'node:path';
import { type Collector, ROOT_OPTION } from '../contract.ts';

export type FirewallOptions = {
  files: string[];
  root: string;
};

export const firewallCollector: Collector<FirewallOptions> = {
  id: 'firewall',
  description:
    'collect network device and host firewall configurations (iptables-save, nft -j, Cisco IOS/ASA, PAN-OS XML/set, Junos, FortiOS)',
  kinds: ['network.firewall', 'network.device'],
  options: {
    type: 'object',
    properties: {
      files: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        minItems: 1,
        description: 'configuration files',
        'x-positional': true,
      },
      root: ROOT_OPTION,
    },
    required: ['files'],
    additionalProperties: false,
  },
  async collect(options, context) {
    const root = path.resolve(context.root, options.root);
    context.progress(`reading ${options.files.join(', ')}`);
    const files = options.files.map((f) => path.resolve(context.root, f));
    // The readers of every vendor load only when firewalls are collected.
    const { collectFirewalls } = await import('./index.ts');
    const result = collectFirewalls(files, root, context.now);
    context.progress(`${result.resources.length} rulebases, ${result.gaps.length} gaps`);
    return result;
  },
  target: (options) => options.files.join(', '),
  summary: (result, file) =>
    `wrote ${file}\n${result.resources.length} rulebases from ${result.source.itemCount ?? 0} files, ${result.gaps.length} gaps`,
};
