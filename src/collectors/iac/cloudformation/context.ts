// What the CloudFormation mappers get: the template's resources with resolved properties and
// their lines, plus helpers to read values without turning an unknown into a guess and to build
// normalized resources.

import { attachEvidence } from '../../../kit/evidence.ts';
import type { PositionIndex } from '../../../kit/located.ts';
import { maskSecretValues } from '../../../kit/secrets.ts';
import { isUnknown } from '../../../kit/unknown.ts';
import { compact } from '../../../kit/values.ts';
import type { Kind, KindProps } from '../../../model/kinds.ts';
import type { Gap, Resource } from '../../../model/resource.ts';
import { isRef } from './intrinsics.ts';

export type Obj = Record<string, unknown>;

export interface CfnResource {
  logicalId: string;
  type: string;
  /** Properties with intrinsics resolved (UNKNOWN markers and CfnRefs where they could not be). */
  props: Obj;
  /** Properties as written, kept as evidence. */
  written: unknown;
  line: number;
  endLine?: number;
}

export interface BuildExtras {
  defaulted?: string[];
  propLines?: Record<string, number | undefined>;
  /** For resources derived from part of one (a role's inline policy): appended to uid and name. */
  part?: string;
  nativeType?: string;
  line?: number;
}

export class MapContext {
  readonly gaps: Gap[] = [];
  /** Every resource type a mapper asked for: the others are recorded as not evaluated. */
  readonly typesRead = new Set<string>();
  private readonly byId = new Map<string, CfnResource>();

  constructor(
    readonly relPath: string,
    readonly sourceId: string,
    readonly resources: CfnResource[],
    private readonly positions: PositionIndex,
  ) {
    for (const resource of resources) this.byId.set(resource.logicalId, resource);
  }

  ofType(type: string): CfnResource[] {
    return this.ofTypes([type]);
  }

  /** Resources of any of the types, in template order. */
  ofTypes(types: readonly string[]): CfnResource[] {
    for (const type of types) this.typesRead.add(type);
    return this.resources.filter((resource) => types.includes(resource.type));
  }

  get(logicalId: string): CfnResource | undefined {
    return this.byId.get(logicalId);
  }

  uidOf(logicalId: string): string {
    return `cloudformation:${this.relPath}:${logicalId}`;
  }

  /** Line of `key` inside a (resolved) object of the template. */
  lineOf(container: unknown, key: string): number | undefined {
    if (typeof container !== 'object' || container === null) return undefined;
    return this.positions.get(container)?.keys[key];
  }

  /** Line of item `index` of a (resolved) array of the template. */
  itemLine(list: unknown, index: number): number | undefined {
    if (!Array.isArray(list)) return undefined;
    return this.positions.get(list)?.items[index];
  }

  /**
   * A reference as text: a literal string as written, a reference to another resource of the
   * template as that resource's uid; undefined when unknown.
   */
  idText(value: unknown): string | undefined {
    if (typeof value === 'string') return value;
    if (isRef(value)) return this.byId.has(value.__ref__) ? this.uidOf(value.__ref__) : undefined;
    return undefined;
  }

  /**
   * The value points at `target`: a Ref/GetAtt to it, or its name property as the same literal or,
   * given the value as written, as the same expression (`!Sub ${AWS::StackName}-logs` in both
   * evaluates to the same name, known or not).
   */
  refersTo(value: unknown, target: CfnResource, nameProp?: string, written?: unknown): boolean {
    if (isRef(value)) return value.__ref__ === target.logicalId;
    if (!nameProp) return false;
    if (typeof value === 'string') return value === target.props[nameProp];
    const targetWritten = obj(target.written)?.[nameProp];
    return typeof written === 'object' && written !== null && sameValue(written, targetWritten);
  }

  gap(resource: CfnResource, reason: Gap['reason'], message: string, line?: number): void {
    this.gaps.push({
      reason,
      message: `${resource.logicalId} (${resource.type}): ${message}`,
      file: this.relPath,
      line: line ?? resource.line,
    });
  }

  build<K extends Kind>(resource: CfnResource, kind: K, props: KindProps[K], extras: BuildExtras = {}): Resource<K> {
    const part = extras.part ? `/${extras.part}` : '';
    const location: Resource['location'] = { file: this.relPath, line: extras.line ?? resource.line };
    if (resource.endLine !== undefined && extras.line === undefined) location.endLine = resource.endLine;
    const built: Resource<K> = {
      uid: `${this.uidOf(resource.logicalId)}${part}`,
      kind,
      provider: 'aws',
      nativeType: extras.nativeType ?? resource.type,
      name: `${resource.logicalId}${part}`,
      location,
      props: compact(props),
      raw: maskSecretValues(resource.written ?? {}),
      sourceId: this.sourceId,
    };
    const tags = tagsOf(resource.props.Tags);
    if (tags) built.tags = tags;
    attachEvidence(built, extras.defaulted, extras.propLines);
    return built;
  }
}

// ---- value readers: a CfnRef or UNKNOWN never passes as a plain value ----

export function obj(value: unknown): Obj | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isUnknown(value) && !isRef(value)
    ? (value as Obj)
    : undefined;
}

export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** CloudFormation accepts "true"/"false" strings for booleans. */
export function bool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'True') return true;
  if (value === 'false' || value === 'False') return false;
  return undefined;
}

/** A property as the template writes it, intrinsics unresolved. */
export function writtenProp(resource: CfnResource, key: string): unknown {
  return obj(resource.written)?.[key];
}

/** The property was written (possibly as an unknown value), as opposed to left out. */
export function stated(props: Obj, key: string): boolean {
  return props[key] !== undefined;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  if (typeof a === 'object' && a !== null) {
    if (typeof b !== 'object' || b === null || Array.isArray(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => sameValue((a as Obj)[k], (b as Obj)[k]));
  }
  return a === b;
}

function tagsOf(value: unknown): Record<string, string> | undefined {
  if (!Array.isArray(value)) return undefined;
  const tags: Record<string, string> = {};
  for (const item of value) {
    const tag = obj(item);
    if (typeof tag?.Key === 'string' && typeof tag.Value === 'string') tags[tag.Key] = tag.Value;
  }
  return Object.keys(tags).length > 0 ? tags : undefined;
}
