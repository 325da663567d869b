// Dispatches Terraform records to the mapper of their provider, by resource type prefix.
// Records of a provider without a mapper are left out here; the collector reports them.

import { isUnknown } from '../../../../kit/unknown.ts';
import { attachVariants } from '../../../../kit/variants.ts';
import type { Gap, Resource } from '../../../../model/resource.ts';
import type { TfResourceRecord } from '../records.ts';
import { mapAwsRecords } from './aws.ts';
import { mapAzurermRecords } from './azurerm.ts';
import { mapKubernetesRecords } from './kubernetes.ts';

export type ProviderMapper = (records: TfResourceRecord[], sourceId: string) => { resources: Resource[]; gaps: Gap[] };

const MAPPERS: [prefix: string, mapper: ProviderMapper][] = [
  ['aws_', mapAwsRecords],
  ['azurerm_', mapAzurermRecords],
  ['kubernetes_', mapKubernetesRecords],
];

/** Whether a provider mapper exists for this type; each mapper records the types it does not read. */
export function isMappedType(type: string): boolean {
  // Asked once per record: a plain loop, without a closure destructuring each entry.
  for (const mapper of MAPPERS) if (type.startsWith(mapper[0])) return true;
  return false;
}

/** The resources of the records, each with its variants where a conditional's condition is unknown. */
export function mapTerraformRecords(
  records: TfResourceRecord[],
  sourceId: string,
): { resources: Resource[]; gaps: Gap[] } {
  const mapped = mapEach(records, sourceId);
  // Most configurations hold no conditional on an unknown condition: then there is nothing to
  // vary, and attachVariants (which lists the alternatives of every record) is not called.
  if (!records.some((record) => hasAlternatives(record.values))) return mapped;
  attachVariants(
    {
      items: records,
      valuesOf: (record) => record.values,
      withValues: (record, values) => ({ ...record, values: values as TfResourceRecord['values'] }),
      map: (items) => mapEach(items, sourceId).resources,
    },
    mapped.resources,
  );
  return mapped;
}

/**
 * Whether a value holds an unknown with alternatives, where unknownsWithAlternatives would find
 * one: the same walk, stopping at the first, without the lists it builds for every object. An
 * unknown is recognised by its own `__unknown__` key (Object.hasOwn) before the key is read: read
 * on objects of thousands of shapes, the key misses V8's property caches every time. Lists are
 * never unknowns (no reader gives a list that key).
 */
function hasAlternatives(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (hasAlternatives(item)) return true;
    return false;
  }
  if (Object.hasOwn(value, '__unknown__') && isUnknown(value)) return Boolean(value.alternatives);
  for (const item of Object.values(value)) if (hasAlternatives(item)) return true;
  return false;
}

function mapEach(records: TfResourceRecord[], sourceId: string): { resources: Resource[]; gaps: Gap[] } {
  const resources: Resource[] = [];
  const gaps: Gap[] = [];
  for (const [prefix, mapper] of MAPPERS) {
    const mine = records.filter((r) => r.type.startsWith(prefix));
    if (mine.length === 0) continue;
    let result: { resources: Resource[]; gaps: Gap[] };
    try {
      result = mapper(mine, sourceId);
    } catch (error) {
      // A mapper failure (a bug) loses that provider's resources only, each file named in a gap.
      for (const file of new Set(mine.map((r) => r.file)))
        gaps.push({
          reason: 'other',
          file,
          message: `${file}: the ${prefix}* resources could not be mapped: ${(error as Error).message}`,
        });
      continue;
    }
    for (const item of result.resources) resources.push(item);
    for (const item of result.gaps) gaps.push(item);
  }
  return { resources, gaps };
}
