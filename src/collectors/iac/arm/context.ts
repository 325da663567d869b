// What the ARM mappers get: the flattened resources, lines, links between parents and children,
// and a builder for normalized resources.

import { attachEvidence } from '../../../kit/evidence.ts';
import type { PositionIndex } from '../../../kit/located.ts';
import { maskSecretValues } from '../../../kit/secrets.ts';
import { isUnknown } from '../../../kit/unknown.ts';
import { compact } from '../../../kit/values.ts';
import type { Kind, KindProps } from '../../../model/kinds.ts';
import type { Gap, Resource } from '../../../model/resource.ts';
import { isArmRef } from './expressions.ts';
import type { ArmResource, Obj } from './template.ts';

export interface BuildExtras {
  defaulted?: string[];
  propLines?: Record<string, number | undefined>;
  /** Override type and name (a parent synthesized from its children). */
  type?: string;
  nameExpr?: string;
  name?: string;
}

export class ArmContext {
  readonly gaps: Gap[] = [];

  constructor(
    readonly relPath: string,
    readonly sourceId: string,
    readonly resources: ArmResource[],
    private readonly positions: PositionIndex,
  ) {}

  ofType(type: string): ArmResource[] {
    const wanted = type.toLowerCase();
    return this.resources.filter((r) => r.type.toLowerCase() === wanted);
  }

  uidOf(type: string, nameExpr: string): string {
    return `arm:${this.relPath}:${type}/${nameExpr}`;
  }

  uid(resource: ArmResource): string {
    return this.uidOf(resource.type, resource.nameExpr);
  }

  /** The ancestor of `resource` of the given type (same leading name segments), if in the template. */
  ancestor(resource: ArmResource, type: string): ArmResource | undefined {
    const depth = type.split('/').length - 1;
    const name = resource.name.split('/').slice(0, depth).join('/').toLowerCase();
    return this.ofType(type).find((candidate) => candidate.name.toLowerCase() === name);
  }

  /** The value is a resourceId() of `target`, or its name written literally. */
  refersTo(value: unknown, target: ArmResource): boolean {
    if (isArmRef(value)) {
      return (
        value.__ref__.toLowerCase() === target.type.toLowerCase() &&
        value.name.toLowerCase() === target.name.toLowerCase()
      );
    }
    return false;
  }

  lineOf(container: unknown, key: string): number | undefined {
    if (typeof container !== 'object' || container === null) return undefined;
    return this.positions.get(container)?.keys[key];
  }

  /** Line where an object or array of the template starts. */
  startLine(value: unknown): number | undefined {
    return typeof value === 'object' && value !== null ? this.positions.get(value)?.line : undefined;
  }

  /** The parent's name as it should appear in a uid: as written, or evaluated when written as an expression. */
  parentNameExpr(resource: ArmResource): string {
    const source = resource.nameExpr.includes('[') ? resource.name : resource.nameExpr;
    return source.split('/').slice(0, -1).join('/');
  }

  itemLine(list: unknown, index: number): number | undefined {
    return Array.isArray(list) ? this.positions.get(list)?.items[index] : undefined;
  }

  gap(resource: ArmResource, reason: Gap['reason'], message: string, line?: number): void {
    this.gaps.push({
      reason,
      message: `${resource.type} ${resource.nameExpr}: ${message}`,
      file: this.relPath,
      line: line ?? resource.line,
    });
  }

  build<K extends Kind>(resource: ArmResource, kind: K, props: KindProps[K], extras: BuildExtras = {}): Resource<K> {
    const type = extras.type ?? resource.type;
    const location: Resource['location'] = { file: this.relPath, line: resource.line };
    if (resource.endLine !== undefined && !extras.type) location.endLine = resource.endLine;
    const built: Resource<K> = {
      uid: this.uidOf(type, extras.nameExpr ?? resource.nameExpr),
      kind,
      provider: 'azure',
      nativeType: type,
      name: extras.name ?? resource.name,
      location,
      props: compact(props),
      raw: extras.type ? undefined : maskSecretValues(resource.written ?? {}),
      sourceId: this.sourceId,
    };
    if (built.raw === undefined) delete built.raw;
    attachEvidence(built, extras.defaulted, extras.propLines);
    return built;
  }
}

export function obj(value: unknown): Obj | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isUnknown(value) && !isArmRef(value)
    ? (value as Obj)
    : undefined;
}

export function bool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  return undefined;
}

/** A resourceId() reference or a literal id as text; undefined when unknown. */
export function idText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isArmRef(value)) return `${value.__ref__}/${value.name}`;
  return undefined;
}
