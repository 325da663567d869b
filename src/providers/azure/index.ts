// Azure resources (from an ARM template, Resource Graph or ARM resource exports) -> normalized resources.
import type { Resource } from '../../model/resource.ts';
import { mapActivityLog } from './activity-log.ts';
import { mapDisks } from './compute.ts';
import { mapFlexibleServers } from './flexible-server.ts';
import { mapKeys } from './key-vault.ts';
import { mapManagedClusters } from './kubernetes.ts';
import { mapNetwork } from './network.ts';
import type { AzureResource, AzureResources } from './resources.ts';
import { mapSql } from './sql.ts';
import { mapSqlDatabases } from './sql-database.ts';
import { mapStorage } from './storage.ts';

const MAPPERS = [
  mapStorage,
  mapNetwork,
  mapSql,
  mapSqlDatabases,
  mapFlexibleServers,
  mapDisks,
  mapKeys,
  mapActivityLog,
  mapManagedClusters,
];

export function mapAzureResources<R extends AzureResource>(source: AzureResources<R>): Resource[] {
  return MAPPERS.flatMap((map) => map(source));
}
