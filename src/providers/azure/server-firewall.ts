// A server-level firewall rule (Microsoft.Sql/servers, PostgreSQL and MySQL flexibleServers
// firewallRules share the shape: startIpAddress, endIpAddress) -> a database.instance firewall rule.
import { str } from '../../kit/values.ts';
import type { DatabaseInstanceProps } from '../../model/kinds.ts';
import type { AzureResource, AzureResources } from './resources.ts';

type Rule = NonNullable<DatabaseInstanceProps['firewallRules']>[number];

/** The last segment of a resource's full name. */
export function leaf(resource: AzureResource): string {
  return resource.name.split('/').pop() ?? '';
}

/** The rule, or none with a gap (unless `recordGap` is false: already recorded) when an address is not known. */
export function firewallRule<R extends AzureResource>(source: AzureResources<R>, child: R, recordGap = true): Rule[] {
  const startIp = str(child.properties.startIpAddress);
  const endIp = str(child.properties.endIpAddress);
  const line = source.lineOf(child.properties, 'endIpAddress') ?? source.lineOfResource(child);
  if (!startIp || !endIp) {
    if (recordGap)
      source.gap(child, 'unresolved-reference', 'firewall rule with unknown start or end address; not evaluated', line);
    return [];
  }
  return [{ name: leaf(child), startIp, endIp, line }];
}
