// Microsoft.Sql/servers (+ firewallRules children and the encryptionProtector) -> database.instance.
// Its databases are mapped in ./sql-database.ts.
import { str } from '../../kit/values.ts';
import type { DatabaseInstanceProps } from '../../model/kinds.ts';
import type { Resource } from '../../model/resource.ts';
import type { AzureResource, AzureResources } from './resources.ts';
import { firewallRule } from './server-firewall.ts';
import { publicNetworkAccess, tlsVersion } from './settings.ts';

const SERVER = 'Microsoft.Sql/servers';
const FIREWALL_RULE = 'Microsoft.Sql/servers/firewallRules';
const PROTECTOR = 'Microsoft.Sql/servers/encryptionProtector';

/** The customer key (Key Vault key URI) the server's encryption protector names; none for service-managed. */
export function protectorKey<R extends AzureResource>(source: AzureResources<R>, server: R): string | undefined {
  const protector = source.ofType(PROTECTOR).find((p) => source.ancestor(p, SERVER) === server);
  const p = protector?.properties;
  return str(p?.serverKeyType)?.toLowerCase() === 'azurekeyvault' ? str(p?.uri) : undefined;
}

/** What a server states (its databases are reached through it). Firewall gaps are recorded once, by mapSql. */
export function serverProps<R extends AzureResource>(
  source: AzureResources<R>,
  server: R,
  rules: R[] = source.ofType(FIREWALL_RULE).filter((rule) => source.ancestor(rule, SERVER) === server),
  record = false,
): DatabaseInstanceProps {
  const p = server.properties;
  const kmsKeyId = protectorKey(source, server);
  return {
    engine: 'sqlserver',
    // publicNetworkAccess unset: reachability is decided by the firewall rules alone, so left absent.
    publiclyAccessible: publicNetworkAccess(p.publicNetworkAccess),
    // Azure SQL always requires encrypted (TLS) connections; minimalTlsVersion sets the floor.
    tls: { required: true, minVersion: tlsVersion(p.minimalTlsVersion) },
    // Transparent data encryption is on by default for every new Azure SQL database.
    encryption: kmsKeyId ? { enabled: true, kmsKeyId } : { enabled: true },
    firewallRules: rules.flatMap((rule) => firewallRule(source, rule, record)),
  };
}

export function mapSql<R extends AzureResource>(source: AzureResources<R>): Resource[] {
  const out: Resource[] = [];
  const rules = source.ofType(FIREWALL_RULE);
  const claimed = new Set<R>();
  for (const server of source.ofType(SERVER)) {
    const p = server.properties;
    const mine = rules.filter((rule) => source.ancestor(rule, SERVER) === server);
    for (const rule of mine) claimed.add(rule);
    const props = serverProps(source, server, mine, true);
    out.push(
      source.build(server, 'database.instance', props, {
        defaulted: ['tls.required', 'encryption.enabled'],
        propLines: {
          publiclyAccessible: source.lineOf(p, 'publicNetworkAccess'),
          'tls.minVersion': source.lineOf(p, 'minimalTlsVersion'),
        },
      }),
    );
  }
  // Rules of a server the source does not hold: one resource per server, so they are evaluated.
  const orphans = new Map<string, R[]>();
  for (const rule of rules.filter((r) => !claimed.has(r))) {
    const parent = source.parentKey(rule);
    orphans.set(parent, [...(orphans.get(parent) ?? []), rule]);
  }
  for (const children of orphans.values()) {
    out.push(
      source.buildParent(children[0] as R, SERVER, 'database.instance', {
        engine: 'sqlserver',
        firewallRules: children.flatMap((c) => firewallRule(source, c)),
      }),
    );
  }
  return out;
}
