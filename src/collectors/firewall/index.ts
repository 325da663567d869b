// Reads firewall configuration files into network.firewall resources: detects each file's vendor
// from its content, hands it to the vendor's parser in src/providers/, and turns every parsed
// rulebase (chain, ACL, security rulebase) into one resource with its shadowed rules marked.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { markShadowed } from '../../kit/firewall-shadow.ts';
import type { DeviceRulebase, NetworkFirewallProps } from '../../model/kinds.ts';
import type { Gap, Provider, Resource } from '../../model/resource.ts';
import { parseCiscoConfig } from '../../providers/cisco/acl.ts';
import { iosDeviceSettings } from '../../providers/cisco/hardening.ts';
import { parseFortiosConfig } from '../../providers/fortinet/config.ts';
import { parseJunosConfig } from '../../providers/juniper/config.ts';
import { parseIptablesSave, parseNftJson } from '../../providers/linux/netfilter.ts';
import { parsePanosXml } from '../../providers/paloalto/rulebase.ts';
import { parsePanosSet } from '../../providers/paloalto/set-format.ts';
import type { CollectorResult } from '../contract.ts';
import { detectVendor, type Vendor } from './detect.ts';

export type ParsedRulebase = DeviceRulebase;

const PROVIDERS: Record<Vendor, Provider> = {
  iptables: 'linux',
  nftables: 'linux',
  'cisco-ios': 'cisco',
  'cisco-asa': 'cisco',
  panos: 'paloalto',
  'panos-set': 'paloalto',
  junos: 'juniper',
  fortios: 'fortinet',
};

function parse(vendor: Vendor, text: string, file: string): { rulebases: ParsedRulebase[]; gaps: Gap[] } {
  switch (vendor) {
    case 'iptables':
    case 'nftables': {
      const result = vendor === 'iptables' ? parseIptablesSave(text, file) : parseNftJson(text, file);
      return {
        gaps: result.gaps,
        rulebases: result.firewalls.map((c) => ({
          id: `${c.family}/${c.table}/${c.chain}`,
          name: `${c.table}/${c.chain}`,
          nativeType: vendor === 'iptables' ? 'iptables chain' : 'nftables chain',
          line: c.line,
          rules: c.rules,
          direction: c.direction,
          ...(c.policy ? { defaultAction: c.policy } : {}),
          attachedTo: c.calledFrom,
          binding: [{ table: c.table, chain: c.chain, ...(c.hook ? { hook: c.hook } : {}) }],
        })),
      };
    }
    case 'cisco-ios':
    case 'cisco-asa':
      return parseCiscoConfig(text, file, vendor === 'cisco-asa' ? 'asa' : 'ios');
    case 'panos':
      return parsePanosXml(text, file);
    case 'panos-set':
      return parsePanosSet(text, file);
    case 'junos':
      return parseJunosConfig(text, file);
    case 'fortios':
      return parseFortiosConfig(text, file);
  }
}

function toResource(
  rulebase: ParsedRulebase,
  vendor: Vendor,
  file: string,
  sourceId: string,
): Resource<'network.firewall'> {
  markShadowed(rulebase.rules);
  const props: NetworkFirewallProps = {
    rules: rulebase.rules,
    ...(rulebase.direction === 'ingress' && rulebase.defaultAction
      ? { defaultIngressAction: rulebase.defaultAction }
      : {}),
    attachedTo: rulebase.attachedTo,
    firstMatch: true,
    direction: rulebase.direction,
    binding: rulebase.binding,
  };
  return {
    uid: `firewall:${file}:${rulebase.id}`,
    kind: 'network.firewall',
    provider: PROVIDERS[vendor],
    nativeType: rulebase.nativeType,
    name: rulebase.name,
    location: { file, line: rulebase.line },
    props,
    sourceId,
  };
}

const toPosix = (p: string) => p.split(path.sep).join('/');

export function collectFirewalls(files: string[], root: string, now: () => Date): CollectorResult {
  const startedAt = now().toISOString();
  const sourceId = 'firewall';
  const gaps: Gap[] = [];
  const resources: Resource[] = [];
  const hashes: { path: string; sha256: string }[] = [];
  const vendors = new Set<string>();
  for (const absolute of files) {
    const file = toPosix(path.relative(root, absolute));
    let text: string;
    try {
      text = readFileSync(absolute, 'utf8');
    } catch (error) {
      gaps.push({ reason: 'unreadable', file, message: (error as Error).message, kinds: ['network.firewall'] });
      continue;
    }
    hashes.push({ path: file, sha256: createHash('sha256').update(text).digest('hex') });
    const detected = detectVendor(text);
    if (!detected.vendor) {
      // Either way the file was not read: a gap that makes the exit status say so.
      gaps.push({
        reason: detected.known ? 'other' : 'parse-error',
        file,
        message: detected.reason,
        kinds: ['network.firewall'],
      });
      continue;
    }
    vendors.add(detected.vendor);
    const parsed = parse(detected.vendor, text, file);
    gaps.push(...parsed.gaps);
    for (const rb of parsed.rulebases) resources.push(toResource(rb, detected.vendor, file, sourceId));
    if (detected.vendor === 'cisco-ios') {
      // The management-plane settings that are not traffic rules: one network.device per file
      // (the running configuration lists every community and enable password that is set).
      const props = iosDeviceSettings(text);
      resources.push({
        uid: `device:${file}`,
        kind: 'network.device',
        provider: 'cisco',
        nativeType: 'cisco-ios device',
        name: /^hostname (\S+)/m.exec(text)?.[1] ?? file,
        location: { file, line: 1 },
        props,
        sourceId,
      });
    }
  }
  const unread =
    files.length -
    hashes.length +
    gaps.filter((g) => !g.line && (g.reason === 'parse-error' || g.reason === 'other')).length;
  return {
    source: {
      id: sourceId,
      collector: 'firewall',
      target: files.map((f) => toPosix(path.relative(root, f))).join(', '),
      startedAt,
      finishedAt: now().toISOString(),
      status: gaps.length === 0 ? 'ok' : unread >= files.length ? 'failed' : 'partial',
      itemCount: hashes.length,
      files: hashes,
      method: `Read ${hashes.length} configuration file(s) (${[...vendors].sort().join(', ') || 'no vendor detected'}); every filtering chain, ACL and security rulebase became one network.firewall resource, rules in evaluation order. NAT-only tables and rules are not read; Junos security policies are one rulebase per zone pair (then global policies, then the default policy), Junos firewall filters one per filter (or filter list) and binding direction, FortiOS one per VDOM policy table.`,
    },
    resources,
    gaps,
  };
}
