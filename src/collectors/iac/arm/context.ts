// A template's resources as the Azure mappers read them (src/providers/azure/resources.ts): the
// flattened resources, their lines, links between parents and children, uids within the file,
// and a builder for normalized resources.
import { attachEvidence } from '../../../kit/evidence.ts';
import type { PositionIndex } from '../../../kit/located.ts';
import { maskSecretValues } from '../../../kit/secrets.ts';
import { compact } from '../../../kit/values.ts';
import type { Kind, KindProps } from '../../../model/kinds.ts';
import type { Gap, Resource } from '../../../model/resource.ts';
import { type AzureResources, type BuildExtras, isAzureRef } from '../../../providers/azure/resources.ts';
import type { ArmResource } from './template.ts';

export class ArmTemplate implements AzureResources<ArmResource> {
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

  private uidOf(type: string, nameExpr: string): string {
    return `arm:${this.relPath}:${type}/${nameExpr}`;
  }

  uid(resource: ArmResource): string {
    return this.uidOf(resource.type, resource.nameExpr);
  }

  ancestor(resource: ArmResource, type: string): ArmResource | undefined {
    const depth = type.split('/').length - 1;
    const name = resource.name.split('/').slice(0, depth).join('/').toLowerCase();
    return this.ofType(type).find((candidate) => candidate.name.toLowerCase() === name);
  }

  /** The value is a resourceId() of `target`. */
  refersTo(value: unknown, target: ArmResource): boolean {
    if (isAzureRef(value)) {
      return (
        value.__ref__.toLowerCase() === target.type.toLowerCase() &&
        value.name.toLowerCase() === target.name.toLowerCase()
      );
    }
    return false;
  }

  lineOfResource(resource: ArmResource): number {
    return resource.line;
  }

  lineOf(container: unknown, key: string): number | undefined {
    if (typeof container !== 'object' || container === null) return undefined;
    return this.positions.get(container)?.keys[key];
  }

  startLine(value: unknown): number | undefined {
    return typeof value === 'object' && value !== null ? this.positions.get(value)?.line : undefined;
  }

  /** The parent's name as it should appear in a uid: as written, or evaluated when written as an expression. */
  parentKey(child: ArmResource): string {
    const source = child.nameExpr.includes('[') ? child.name : child.nameExpr;
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
    const location: Resource['location'] = { file: this.relPath, line: resource.line };
    if (resource.endLine !== undefined) location.endLine = resource.endLine;
    const built: Resource<K> = {
      uid: this.uid(resource),
      kind,
      provider: 'azure',
      nativeType: resource.type,
      name: resource.name,
      location,
      props: compact(props),
      raw: maskSecretValues(resource.written ?? {}),
      sourceId: this.sourceId,
    };
    attachEvidence(built, extras.defaulted, extras.propLines);
    return built;
  }

  /** The parent is named from its child's name; it has no properties of its own to keep as raw. */
  buildParent<K extends Kind>(child: ArmResource, parentType: string, kind: K, props: KindProps[K]): Resource<K> {
    return {
      uid: this.uidOf(parentType, this.parentKey(child)),
      kind,
      provider: 'azure',
      nativeType: parentType,
      name: child.name.split('/').slice(0, -1).join('/'),
      location: { file: this.relPath, line: child.line },
      props: compact(props),
      sourceId: this.sourceId,
    };
  }
}
