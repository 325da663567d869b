// Dispatches Terraform records to the mapper of their provider, by resource type prefix.
// Records of a provider without a mapper are left out here; the collector reports them.
import type { Gap, Resource } from '../../../model/resource.ts';
import type { TfResourceRecord } from '../records.ts';
import { mapAwsRecords } from './aws.ts';

export type ProviderMapper = (records: TfResourceRecord[], sourceId: string) => { resources: Resource[]; gaps: Gap[] };

/**
 * The azurerm mapper is written separately; it is loaded by path so this module works before it
 * lands. Replace with a static import once `./azurerm.ts` exists.
 */
async function optionalMapper(path: string, name: string): Promise<ProviderMapper | undefined> {
  try {
    const module = (await import(path)) as Record<string, unknown>;
    return typeof module[name] === 'function' ? (module[name] as ProviderMapper) : undefined;
  } catch {
    return undefined;
  }
}

const azurerm = await optionalMapper('./azurerm.ts', 'mapAzurermRecords');

const MAPPERS: [prefix: string, mapper: ProviderMapper | undefined][] = [
  ['aws_', mapAwsRecords],
  ['azurerm_', azurerm],
];

/** Whether a registered mapper handles this resource type (callers record the others). */
export function isMappedType(type: string): boolean {
  return MAPPERS.some(([prefix, mapper]) => mapper !== undefined && type.startsWith(prefix));
}

export function mapTerraformRecords(records: TfResourceRecord[], sourceId: string): { resources: Resource[]; gaps: Gap[] } {
  const resources: Resource[] = [];
  const gaps: Gap[] = [];
  for (const [prefix, mapper] of MAPPERS) {
    if (!mapper) continue;
    const mine = records.filter((r) => r.type.startsWith(prefix));
    if (mine.length === 0) continue;
    const result = mapper(mine, sourceId);
    resources.push(...result.resources);
    gaps.push(...result.gaps);
  }
  return { resources, gaps };
}
