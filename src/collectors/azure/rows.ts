// One Azure resource as Resource Graph (`resources` table), `az resource show|list` and ARM GETs
// return it: an `id` that names the whole path, a `type` (lower-case in Resource Graph), a `name`
// (the last segment only, for a child), `properties` with every value resolved. The full type and
// full name the Azure mappers expect are read from the id, so children and parents line up
// whatever case or shape each source uses.
import type { Gap } from '../../model/resource.ts';
import type { AzureResource } from '../../providers/azure/resources.ts';

type Obj = Record<string, unknown>;

export interface GraphResource extends AzureResource {
  id: string;
  subscriptionId?: string;
  resourceGroup?: string;
  location?: string;
  tags?: Record<string, string>;
  /** The row as read, kept as evidence. */
  row: Obj;
  /** Where it was read: a file, or the query's endpoint. */
  where: Pick<Gap, 'file' | 'endpoint'>;
}

export type ReadRow = { ok: true; resource: GraphResource } | { ok: false; message: string };

function asObj(value: unknown): Obj | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : undefined;
}

/**
 * `/subscriptions/s/resourceGroups/g/providers/Ns/t1/n1/t2/n2` -> type `Ns/t1/t2`, name `n1/n2`.
 * Extension resources (`.../providers/Ns/t/n/providers/Microsoft.Insights/diagnosticSettings/x`)
 * are named by their last provider segment. Undefined when the id names no provider resource.
 */
export function typeAndName(id: string): { type: string; name: string } | undefined {
  const parts = id.split('/').filter((part) => part !== '');
  const at = parts.map((p) => p.toLowerCase()).lastIndexOf('providers');
  if (at < 0) return undefined;
  const rest = parts.slice(at + 1);
  const namespace = rest[0];
  if (!namespace || rest.length < 3 || rest.length % 2 === 0) return undefined;
  const types = [namespace];
  const names: string[] = [];
  for (let i = 1; i < rest.length; i += 2) {
    types.push(rest[i]!);
    names.push(rest[i + 1]!);
  }
  return { type: types.join('/'), name: names.join('/') };
}

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

function tagsOf(value: unknown): Record<string, string> | undefined {
  const tags = Object.entries(asObj(value) ?? {}).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string',
  );
  return tags.length > 0 ? Object.fromEntries(tags) : undefined;
}

/** `/subscriptions/<id>/...` -> `<id>`. */
function subscriptionOf(id: string): string | undefined {
  return /^\/subscriptions\/([^/]+)/i.exec(id)?.[1];
}

function resourceGroupOf(id: string): string | undefined {
  return /\/resourceGroups\/([^/]+)/i.exec(id)?.[1];
}

export function readRow(value: unknown, where: GraphResource['where']): ReadRow {
  const row = asObj(value);
  const id = text(row?.id);
  if (!row || !id) return { ok: false, message: 'a row without an id' };
  const parsed = typeAndName(id);
  if (!parsed) return { ok: false, message: `${id}: the id names no resource type and name` };
  const properties = row.properties ?? {};
  if (!asObj(properties)) return { ok: false, message: `${id}: properties is not an object` };
  return {
    ok: true,
    resource: {
      id,
      type: parsed.type,
      name: parsed.name,
      properties: properties as Obj,
      subscriptionId: text(row.subscriptionId) ?? subscriptionOf(id),
      resourceGroup: text(row.resourceGroup) ?? resourceGroupOf(id),
      location: text(row.location),
      tags: tagsOf(row.tags),
      row,
      where,
    },
  };
}
