// Azure resources read live (Resource Graph rows, ARM resource exports) as the Azure mappers read
// them (src/providers/azure/resources.ts): uids are the ARM ids, links between resources are ids
// compared without case (ARM ids are case-insensitive and sources disagree on case), parents are
// found by id prefix, and there are no lines: the location is subscription, group and region.
import { attachEvidence } from '../../kit/evidence.ts';
import { maskSecretValues } from '../../kit/secrets.ts';
import { compact } from '../../kit/values.ts';
import type { Kind, KindProps } from '../../model/kinds.ts';
import type { Gap, Resource } from '../../model/resource.ts';
import type { AzureResources, BuildExtras } from '../../providers/azure/resources.ts';
import type { GraphResource } from './rows.ts';

const key = (id: string) => id.toLowerCase().replace(/\/+$/, '');

export class GraphResources implements AzureResources<GraphResource> {
  readonly gaps: Gap[] = [];
  /** A child absent from the rows was not read: it stays unknown, no default stands in. */
  readonly live = true;
  private readonly byType = new Map<string, GraphResource[]>();
  private readonly byId = new Map<string, GraphResource>();

  constructor(
    resources: GraphResource[],
    readonly sourceId: string,
  ) {
    for (const resource of resources) {
      const type = resource.type.toLowerCase();
      this.byType.set(type, [...(this.byType.get(type) ?? []), resource]);
      this.byId.set(key(resource.id), resource);
    }
  }

  ofType(type: string): GraphResource[] {
    return this.byType.get(type.toLowerCase()) ?? [];
  }

  /** The parent's id: the child's id without its last `type/name` pair per level below `type`. */
  private ancestorId(resource: GraphResource, type: string): string | undefined {
    const drop = resource.type.split('/').length - type.split('/').length;
    if (drop <= 0) return undefined;
    const parts = resource.id.replace(/\/+$/, '').split('/');
    return parts.slice(0, parts.length - 2 * drop).join('/');
  }

  ancestor(resource: GraphResource, type: string): GraphResource | undefined {
    const id = this.ancestorId(resource, type);
    const found = id === undefined ? undefined : this.byId.get(key(id));
    return found && found.type.toLowerCase() === type.toLowerCase() ? found : undefined;
  }

  refersTo(value: unknown, target: GraphResource): boolean {
    return typeof value === 'string' && key(value) === key(target.id);
  }

  uid(resource: GraphResource): string {
    return resource.id;
  }

  parentKey(child: GraphResource): string {
    return key(child.id.replace(/\/+$/, '').split('/').slice(0, -2).join('/'));
  }

  lineOfResource(): undefined {
    return undefined;
  }

  lineOf(): undefined {
    return undefined;
  }

  itemLine(): undefined {
    return undefined;
  }

  startLine(): undefined {
    return undefined;
  }

  gap(resource: GraphResource, reason: Gap['reason'], message: string): void {
    this.gaps.push({ reason, message: `${resource.id}: ${message}`, ...resource.where });
  }

  private location(resource: GraphResource): Resource['location'] {
    return compact({
      subscription: resource.subscriptionId,
      resourceGroup: resource.resourceGroup,
      region: resource.location,
    });
  }

  build<K extends Kind>(resource: GraphResource, kind: K, props: KindProps[K], extras: BuildExtras = {}): Resource<K> {
    const built: Resource<K> = compact({
      uid: resource.id,
      kind,
      provider: 'azure',
      nativeType: resource.type,
      name: resource.name,
      location: this.location(resource),
      tags: resource.tags,
      props: compact(props),
      raw: maskSecretValues(resource.row),
      sourceId: this.sourceId,
    });
    attachEvidence(built, extras.defaulted, undefined);
    return built;
  }

  buildParent<K extends Kind>(child: GraphResource, parentType: string, kind: K, props: KindProps[K]): Resource<K> {
    const id = child.id.replace(/\/+$/, '').split('/').slice(0, -2).join('/');
    return compact({
      uid: id,
      kind,
      provider: 'azure' as const,
      nativeType: parentType,
      name: child.name.split('/').slice(0, -1).join('/'),
      location: this.location(child),
      props: compact(props),
      sourceId: this.sourceId,
    });
  }
}
