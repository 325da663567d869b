// FortiOS administrative access to the device itself, as one ingress rulebase to the device (as
// the other vendors' management access is): the protocols each interface's `set allowaccess`
// lists (`config system interface`), on the ports `config system global` sets (admin-port for
// HTTP, admin-sport for HTTPS, admin-ssh-port, admin-telnet-port; 80, 443, 22, 23 by default).
// Facts this follows (FortiOS Administration Guide, "Administrative access" and "Trusted hosts"):
// when every administrator has trusted hosts set, the device answers administrative connections
// only from them, so those are the sources; otherwise any address can reach the login.
import type { FirewallRule } from '../../model/kinds.ts';
import { blocksNamed, type FortiBlock, setting } from './blocks.ts';
import { subnetOf } from './objects.ts';

const PORTS: Record<string, { setting: string; port: number }> = {
  http: { setting: 'admin-port', port: 80 },
  https: { setting: 'admin-sport', port: 443 },
  ssh: { setting: 'admin-ssh-port', port: 22 },
  telnet: { setting: 'admin-telnet-port', port: 23 },
};

/** Trusted hosts of every administrator, or undefined when one of them may log in from anywhere. */
function trustedHosts(root: FortiBlock): { sources: string[]; unresolved: string[] } | undefined {
  const admins = blocksNamed(root, 'global')
    .flatMap((g) => blocksNamed(g, 'system admin'))
    .concat(blocksNamed(root, 'system admin'))
    .flatMap((b) => b.entries);
  if (admins.length === 0) return undefined;
  const sources: string[] = [];
  const unresolved: string[] = [];
  for (const admin of admins) {
    const hosts = [...admin.settings.keys()].filter((k) => /^trusthost\d+$/.test(k));
    const values = hosts.map((k) => setting(admin, k)).filter((v) => v.join(' ') !== '0.0.0.0 0.0.0.0');
    if (values.length === 0) return undefined;
    for (const v of values) {
      const cidr = subnetOf(v);
      if (cidr) sources.push(cidr);
      else unresolved.push(`trusthost ${v.join(' ')} of ${admin.name}`);
    }
  }
  return { sources: [...new Set(sources)], unresolved };
}

export function fortiosManagementAccess(root: FortiBlock): FirewallRule[] {
  const containers = [root, ...blocksNamed(root, 'global')];
  // `config system global` may appear more than once (at the top and under `config global`).
  const globals = containers.flatMap((c) => blocksNamed(c, 'system global'));
  const globalSetting = (key: string, fallback: number) =>
    Number(
      [...globals]
        .reverse()
        .find((g) => g.settings.has(key))
        ?.settings.get(key)?.values[0] ?? fallback,
    );
  const interfaces = containers.flatMap((c) => blocksNamed(c, 'system interface')).flatMap((b) => b.entries);
  const peers = trustedHosts(root) ?? { sources: ['0.0.0.0/0', '::/0'], unresolved: [] };
  const rules: FirewallRule[] = [];
  for (const iface of interfaces) {
    const allow = iface.settings.get('allowaccess');
    if (!allow) continue;
    for (const protocol of allow.values) {
      const known = PORTS[protocol];
      if (!known) continue;
      const port = globalSetting(known.setting, known.port);
      rules.push({
        name: `${protocol} on ${iface.name}`,
        direction: 'ingress',
        action: 'allow',
        protocol: 'tcp',
        ports: [{ from: port, to: port }],
        sources: peers.sources,
        destinations: [`device via ${iface.name}`],
        priority: rules.length + 1,
        line: allow.line,
        enabled: true,
        text: `edit ${iface.name}: set allowaccess ${allow.values.join(' ')}`,
        ...(peers.unresolved.length ? { unresolved: peers.unresolved } : {}),
      });
    }
  }
  return rules;
}
