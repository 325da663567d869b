// Cisco IOS management access to the device itself, as one ingress rulebase to the device (as the
// ASA's `telnet`/`ssh`/`http ADDRESS MASK IF` lines are): the protocols `line vty` lines accept
// (`transport input telnet|ssh|rlogin|all|none`) from the sources their `access-class` ACL
// permits (any address without one), and the web server (`ip http server` on TCP 80, or `ip http
// port`; `ip http secure-server` on TCP 443), restricted by `ip http access-class`.
//
// A vty line that states no `transport input` accepts the release's default, which Cisco changed
// over the years (all protocols on older releases, none or SSH only on newer ones): that is a gap,
// never read as either. Lines with `no exec` give no shell and are not management access.
// Console, aux and async lines (reverse telnet) are not read.
import type { FirewallRule } from '../../model/kinds.ts';
import type { Gap } from '../../model/resource.ts';

export interface ConfigBlock {
  name: string;
  line: number;
  children: { tokens: string[]; line: number; text: string }[];
}

export interface TopLine {
  tokens: string[];
  line: number;
  text: string;
}

const TRANSPORTS: Record<string, number[]> = { telnet: [23], ssh: [22], rlogin: [513], all: [23, 22, 513] };
const TRANSPORT_NAMES: Record<number, string> = { 23: 'telnet', 22: 'ssh', 513: 'rlogin' };

/**
 * `aclSources(name)` is what an ACL permits as sources (undefined when the ACL is not defined,
 * with `unresolved` when its entries could not all be read).
 */
export function iosManagementAccess(
  vty: ConfigBlock[],
  topLines: TopLine[],
  aclSources: (name: string) => { sources: string[]; unresolved: string[] } | undefined,
  file: string,
): { rules: FirewallRule[]; gaps: Gap[] } {
  const rules: FirewallRule[] = [];
  const gaps: Gap[] = [];
  const restrict = (acl: string | undefined, v6: boolean) => {
    if (!acl) return { sources: [v6 ? '::/0' : '0.0.0.0/0'], unresolved: [], conditions: [] };
    const resolved = aclSources(acl);
    if (!resolved) return { sources: [], unresolved: [`access-class ${acl} (not defined)`], conditions: [] };
    return { ...resolved, conditions: [] };
  };
  const add = (
    name: string,
    port: number,
    line: number,
    text: string,
    peers: { sources: string[]; unresolved: string[] },
  ) =>
    rules.push({
      name,
      direction: 'ingress',
      action: 'allow',
      protocol: 'tcp',
      ports: [{ from: port, to: port }],
      sources: peers.sources,
      destinations: ['device'],
      priority: rules.length + 1,
      line,
      enabled: true,
      text,
      ...(peers.unresolved.length ? { unresolved: peers.unresolved } : {}),
    });

  for (const block of vty) {
    const find = (...words: string[]) => block.children.find((c) => words.every((w, i) => c.tokens[i] === w));
    if (find('no', 'exec')) continue;
    const transport = find('transport', 'input');
    if (!transport) {
      gaps.push({
        reason: 'other',
        file,
        line: block.line,
        message: `line vty ${block.name} states no "transport input": the protocols it accepts are the IOS release's default, which differs between releases; not judged`,
        kinds: ['network.firewall'],
      });
      continue;
    }
    const v4 = restrict(find('access-class')?.tokens[1], false);
    const v6acl = find('ipv6', 'access-class')?.tokens[2];
    const v6 = v6acl ? restrict(v6acl, true) : undefined;
    const peers = {
      sources: [...v4.sources, ...(v6?.sources ?? [])],
      unresolved: [...v4.unresolved, ...(v6?.unresolved ?? [])],
    };
    const ports = new Set(transport.tokens.slice(2).flatMap((t) => TRANSPORTS[t] ?? []));
    for (const port of ports)
      add(
        `vty ${block.name} ${TRANSPORT_NAMES[port]}`,
        port,
        transport.line,
        `line vty ${block.name}: ${transport.text}`,
        peers,
      );
  }

  let http: TopLine | undefined;
  let https: TopLine | undefined;
  let httpPort = 80;
  let httpsPort = 443;
  let httpAcl: string | undefined;
  for (const t of topLines) {
    const [a, b, c, d, e] = t.tokens;
    if (a === 'ip' && b === 'http' && c === 'server') http = t;
    else if (a === 'no' && b === 'ip' && c === 'http' && d === 'server') http = undefined;
    else if (a === 'ip' && b === 'http' && c === 'secure-server') https = t;
    else if (a === 'no' && b === 'ip' && c === 'http' && d === 'secure-server') https = undefined;
    else if (a === 'ip' && b === 'http' && c === 'port' && /^\d+$/.test(d ?? '')) httpPort = Number(d);
    else if (a === 'ip' && b === 'http' && c === 'secure-port' && /^\d+$/.test(d ?? '')) httpsPort = Number(d);
    else if (a === 'ip' && b === 'http' && c === 'access-class' && d) httpAcl = d === 'ipv4' ? e : d;
  }
  const webPeers = restrict(httpAcl, false);
  if (http) add('http server', httpPort, http.line, http.text, webPeers);
  if (https) add('http secure-server', httpsPort, https.line, https.text, webPeers);
  return { rules, gaps };
}
