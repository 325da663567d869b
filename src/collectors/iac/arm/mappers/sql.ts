// Microsoft.Sql/servers (+ firewallRules children) -> database.instance.

import { str } from '../../../../kit/values.ts';
import type { DatabaseInstanceProps } from '../../../../model/kinds.ts';
import type { Resource } from '../../../../model/resource.ts';
import type { ArmContext } from '../context.ts';
import type { ArmResource } from '../template.ts';

const SERVER = 'Microsoft.Sql/servers';
const FIREWALL_RULE = 'Microsoft.Sql/servers/firewallRules';

type Rule = NonNullable<DatabaseInstanceProps['firewallRules']>[number];

function ruleOf(ctx: ArmContext, child: ArmResource): Rule | undefined {
  const startIp = str(child.props.startIpAddress);
  const endIp = str(child.props.endIpAddress);
  const line = ctx.lineOf(child.props, 'endIpAddress') ?? child.line;
  if (!startIp || !endIp) {
    ctx.gap(child, 'unresolved-reference', 'firewall rule with unknown start or end address; not evaluated', line);
    return undefined;
  }
  return { name: child.name.split('/').pop(), startIp, endIp, line };
}

export function mapSql(ctx: ArmContext): Resource[] {
  const out: Resource[] = [];
  const rules = ctx.ofType(FIREWALL_RULE);
  const claimed = new Set<ArmResource>();
  for (const server of ctx.ofType(SERVER)) {
    const p = server.props;
    const defaulted: string[] = [];
    const access = str(p.publicNetworkAccess);
    const minimal = str(p.minimalTlsVersion);
    const mine = rules.filter((rule) => ctx.ancestor(rule, SERVER) === server);
    for (const rule of mine) claimed.add(rule);
    const props: DatabaseInstanceProps = {
      engine: 'sqlserver',
      // publicNetworkAccess unset: reachability is decided by the firewall rules alone, so left absent.
      publiclyAccessible: access === undefined ? undefined : access.toLowerCase() === 'enabled',
      // Azure SQL always requires encrypted (TLS) connections; minimalTlsVersion sets the floor.
      tls: { required: true, minVersion: minimal && /^1\.\d$/.test(minimal) ? minimal : undefined },
      // Transparent data encryption is on by default for every new Azure SQL database.
      encryption: { enabled: true },
      firewallRules: mine.flatMap((rule) => ruleOf(ctx, rule) ?? []),
    };
    defaulted.push('tls.required', 'encryption.enabled');
    out.push(
      ctx.build(server, 'database.instance', props, {
        defaulted,
        propLines: {
          publiclyAccessible: ctx.lineOf(p, 'publicNetworkAccess'),
          'tls.minVersion': ctx.lineOf(p, 'minimalTlsVersion'),
        },
      }),
    );
  }
  // Rules of a server outside this template: one resource per server name, so they are evaluated.
  const orphans = new Map<string, ArmResource[]>();
  for (const rule of rules.filter((r) => !claimed.has(r))) {
    const parent = ctx.parentNameExpr(rule);
    orphans.set(parent, [...(orphans.get(parent) ?? []), rule]);
  }
  for (const [parentExpr, children] of orphans) {
    const first = children[0] as ArmResource;
    out.push(
      ctx.build(
        first,
        'database.instance',
        { engine: 'sqlserver', firewallRules: children.flatMap((c) => ruleOf(ctx, c) ?? []) },
        {
          type: SERVER,
          nameExpr: parentExpr,
          name: first.name.split('/').slice(0, -1).join('/'),
        },
      ),
    );
  }
  return out;
}
