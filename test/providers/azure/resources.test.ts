// The Azure mappers read only through AzureResources, so a source without lines and with every
// value known (what Resource Graph returns) is mapped by the same code as an ARM template.
import { describe, expect, it } from 'vitest';
import type { Kind, KindProps } from '../../../src/model/kinds.ts';
import type { Gap, Resource } from '../../../src/model/resource.ts';
import { mapAzureResources } from '../../../src/providers/azure/index.ts';
import type { AzureResource, AzureResources } from '../../../src/providers/azure/resources.ts';

const SUB = '/subscriptions/s/resourceGroups/rg/providers';

/** Resources as Resource Graph returns them: ids instead of resourceId() references, no lines. */
class GraphResources implements AzureResources {
  readonly gaps: string[] = [];
  constructor(private readonly resources: AzureResource[]) {}
  ofType(type: string) {
    return this.resources.filter((r) => r.type.toLowerCase() === type.toLowerCase());
  }
  ancestor(resource: AzureResource, type: string) {
    const name = resource.name
      .split('/')
      .slice(0, type.split('/').length - 1)
      .join('/');
    return this.ofType(type).find((r) => r.name === name);
  }
  refersTo(value: unknown, target: AzureResource) {
    return typeof value === 'string' && value.toLowerCase() === this.uid(target).toLowerCase();
  }
  uid(resource: AzureResource) {
    return `${SUB}/${resource.type}/${resource.name}`;
  }
  parentKey(child: AzureResource) {
    return child.name.split('/').slice(0, -1).join('/');
  }
  lineOfResource() {
    return undefined;
  }
  lineOf() {
    return undefined;
  }
  itemLine() {
    return undefined;
  }
  startLine() {
    return undefined;
  }
  gap(resource: AzureResource, _reason: Gap['reason'], message: string) {
    this.gaps.push(`${resource.name}: ${message}`);
  }
  build<K extends Kind>(resource: AzureResource, kind: K, props: KindProps[K]): Resource<K> {
    return {
      uid: this.uid(resource),
      kind,
      provider: 'azure',
      nativeType: resource.type,
      name: resource.name,
      location: {},
      props,
      sourceId: 'graph',
    };
  }
  buildParent<K extends Kind>(child: AzureResource, type: string, kind: K, props: KindProps[K]): Resource<K> {
    return this.build({ type, name: this.parentKey(child), properties: {} }, kind, props);
  }
}

describe('mapAzureResources over Resource Graph resources', () => {
  it('maps an NSG with its rules, the network that uses it, and a storage account', () => {
    const nsg = 'Microsoft.Network/networkSecurityGroups';
    const graph = new GraphResources([
      {
        type: nsg,
        name: 'web',
        properties: {
          securityRules: [
            {
              name: 'ssh',
              properties: {
                direction: 'Inbound',
                access: 'Allow',
                protocol: 'Tcp',
                destinationPortRange: '22',
                sourceAddressPrefix: 'Internet',
                priority: 100,
              },
            },
          ],
        },
      },
      {
        type: 'Microsoft.Network/virtualNetworks',
        name: 'vnet',
        properties: { subnets: [{ name: 'a', properties: { networkSecurityGroup: { id: `${SUB}/${nsg}/web` } } }] },
      },
      {
        type: 'Microsoft.Storage/storageAccounts',
        name: 'data',
        apiVersion: '2023-01-01',
        properties: { minimumTlsVersion: 'TLS1_2', supportsHttpsTrafficOnly: true, allowBlobPublicAccess: false },
      },
    ]);
    const byName = Object.fromEntries(mapAzureResources(graph).map((r) => [`${r.kind} ${r.name}`, r.props]));
    expect(byName['network.firewall web']).toEqual({
      rules: [
        {
          name: 'ssh',
          direction: 'ingress',
          action: 'allow',
          protocol: 'tcp',
          ports: [{ from: 22, to: 22 }],
          sources: ['Internet'],
          priority: 100,
        },
      ],
      defaultIngressAction: 'deny',
      attachedTo: [`${SUB}/Microsoft.Network/virtualNetworks/vnet`],
    });
    expect(byName['storage.bucket data']).toMatchObject({
      tls: { required: true, minVersion: '1.2' },
      publicAccess: { anonymousAccessAllowed: false },
    });
    expect(graph.gaps).toEqual([]);
  });
});
