// An Azure resource as an ARM template declares it and Azure Resource Graph returns it (type, name,
// properties), and what the Azure mappers need from whoever holds such resources: an ARM template
// (with lines, and values its expressions could not resolve) or, next, Resource Graph (every value
// known, no lines). The mappers only read through this, so one set of them serves both.
import { isUnknown } from '../../kit/unknown.ts';
import type { Kind, KindProps } from '../../model/kinds.ts';
import type { Gap, Resource } from '../../model/resource.ts';

type Obj = Record<string, unknown>;

export interface AzureResource {
  /** Full type, e.g. "Microsoft.Network/networkSecurityGroups/securityRules". */
  type: string;
  /** Full name, segments joined with "/", e.g. "nsg1/AllowSsh". */
  name: string;
  apiVersion?: string;
  /** `properties`; a value that is not known is an Unknown, a link to another resource an AzureRef. */
  properties: Obj;
}

/** A link to another resource by type and name (an ARM resourceId()), known before any id exists. */
export interface AzureRef {
  /** Resource type without leading or trailing slashes. */
  __ref__: string;
  /** Name segments joined with "/". */
  name: string;
}

export function isAzureRef(value: unknown): value is AzureRef {
  return typeof value === 'object' && value !== null && typeof (value as AzureRef).__ref__ === 'string';
}

export interface BuildExtras {
  defaulted?: string[];
  propLines?: Record<string, number | undefined>;
}

export interface AzureResources<R extends AzureResource = AzureResource> {
  /**
   * The resources were read from a live estate (Resource Graph, saved az output): a child resource
   * absent was not read, so no platform default may stand in for it. Absent or false: a template,
   * where a child left out is not declared and the platform default applies.
   */
  readonly live?: boolean;
  ofType(type: string): R[];
  /** The ancestor of `resource` of the given type (same leading name segments), when present. */
  ancestor(resource: R, type: string): R | undefined;
  /** The value (a reference or an id) points at `target`. */
  refersTo(value: unknown, target: R): boolean;
  uid(resource: R): string;
  /** A key naming the parent of a child resource, equal for children of the same parent. */
  parentKey(child: R): string;
  /** Lines where the source has them: of a resource, of `key` in an object, of an item of a list, where a value starts. */
  lineOfResource(resource: R): number | undefined;
  lineOf(container: unknown, key: string): number | undefined;
  itemLine(list: unknown, index: number): number | undefined;
  startLine(value: unknown): number | undefined;
  gap(resource: R, reason: Gap['reason'], message: string, line?: number): void;
  build<K extends Kind>(resource: R, kind: K, props: KindProps[K], extras?: BuildExtras): Resource<K>;
  /** A resource for the parent of `child`, which the source does not hold (rules of an NSG declared elsewhere). */
  buildParent<K extends Kind>(child: R, parentType: string, kind: K, props: KindProps[K]): Resource<K>;
}

// ---- value readers: an Unknown or an AzureRef never passes as a plain value ----

export function obj(value: unknown): Obj | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isUnknown(value) && !isAzureRef(value)
    ? (value as Obj)
    : undefined;
}

/** ARM accepts "true"/"false" in any case for booleans. */
export function bool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  return undefined;
}

/** A reference or a literal id as text; undefined when unknown. */
export function idText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isAzureRef(value)) return `${value.__ref__}/${value.name}`;
  return undefined;
}
