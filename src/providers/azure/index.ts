// Azure resources (from an ARM template, next from Resource Graph) -> normalized resources.
import type { Resource } from '../../model/resource.ts';
import { mapDisks } from './compute.ts';
import { mapNetwork } from './network.ts';
import type { AzureResource, AzureResources } from './resources.ts';
import { mapSql } from './sql.ts';
import { mapStorage } from './storage.ts';

const MAPPERS = [mapStorage, mapNetwork, mapSql, mapDisks];

export function mapAzureResources<R extends AzureResource>(source: AzureResources<R>): Resource[] {
  return MAPPERS.flatMap((map) => map(source));
}
