// What the Azure collector declares without loading the Azure SDK (a second of startup): the
// kinds each resource type becomes and the public Resource Manager endpoint. The registry reads
// the collector's definition at every start; the SDK loads only when a collection runs online.
import type { Kind } from '../../model/kinds.ts';

export const PUBLIC_ARM = 'https://management.azure.com';

/** The kinds a type's resources become: what a gap on that type may hide. */
export const KINDS_OF: Record<string, Kind[]> = {
  'microsoft.storage/storageaccounts': ['storage.bucket', 'storage.container'],
  'microsoft.compute/disks': ['compute.disk'],
  'microsoft.sql/servers': ['database.instance'],
  'microsoft.sql/servers/databases': ['database.instance'],
  'microsoft.dbforpostgresql/flexibleservers': ['database.instance'],
  'microsoft.dbformysql/flexibleservers': ['database.instance'],
  'microsoft.network/networksecuritygroups': ['network.firewall'],
  'microsoft.network/virtualnetworks': ['network.vpc'],
  'microsoft.network/networkwatchers/flowlogs': ['network.flow_log', 'network.vpc'],
  'microsoft.keyvault/vaults': ['crypto.key'],
  'microsoft.containerservice/managedclusters': ['k8s.cluster'],
};
/** Every kind the collector produces: what a subscription it cannot read may hide. */
export const ALL_KINDS: Kind[] = [...new Set(Object.values(KINDS_OF).flat()), 'logging.trail'];
