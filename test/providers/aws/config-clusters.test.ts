// AWS Config items of EKS clusters and RDS snapshots: what Config states decides, nothing defaulted,
// and an item that omits the deciding part says so (a problem) and leaves the prop absent.
import { describe, expect, it } from 'vitest';
import { type ConfigItem, EVALUATED_TYPES, mapConfigItem } from '../../../src/providers/aws/config-items/index.ts';

const item = (resourceType: string, configuration: Record<string, unknown>, supplementaryConfiguration = {}) =>
  ({ resourceType, resourceId: 'id-1', configuration, supplementaryConfiguration }) as ConfigItem;

describe('Config items: EKS clusters and RDS snapshots', () => {
  it('asks Config for the new types', () => {
    expect(EVALUATED_TYPES).toEqual(
      expect.arrayContaining(['AWS::EKS::Cluster', 'AWS::RDS::DBSnapshot', 'AWS::RDS::DBClusterSnapshot']),
    );
  });

  it('EKS: reads the CloudFormation shape and the API shape alike', () => {
    const cfn = mapConfigItem(
      item('AWS::EKS::Cluster', {
        ResourcesVpcConfig: {
          EndpointPublicAccess: true,
          EndpointPrivateAccess: false,
          PublicAccessCidrs: ['0.0.0.0/0'],
        },
      }),
    );
    expect(cfn).toEqual({
      resources: [
        {
          kind: 'k8s.cluster',
          props: { publicEndpoint: true, privateEndpoint: false, publicAccessCidrs: ['0.0.0.0/0'] },
        },
      ],
      problems: [],
    });
    const api = mapConfigItem(
      item('AWS::EKS::Cluster', {
        resourcesVpcConfig: { endpointPublicAccess: false, endpointPrivateAccess: true, publicAccessCidrs: [] },
      }),
    );
    expect(api?.resources[0]?.props).toMatchObject({ publicEndpoint: false, privateEndpoint: true });
    expect(api?.problems).toEqual([]);
  });

  it('EKS: an item without the endpoint settings is a problem, never a default', () => {
    const result = mapConfigItem(item('AWS::EKS::Cluster', { Name: 'c' }));
    expect(result?.resources[0]?.props.publicEndpoint).toBeUndefined();
    expect(result?.problems).toEqual(['the item states no EndpointPublicAccess']);
  });

  it('RDS snapshots: "all" in the restore attribute is public; named accounts are shared', () => {
    const open = mapConfigItem(
      item(
        'AWS::RDS::DBSnapshot',
        { encrypted: false },
        { DBSnapshotAttributes: [{ attributeName: 'restore', attributeValues: ['all'] }] },
      ),
    );
    expect(open?.resources[0]?.props).toMatchObject({
      snapshotOf: 'database',
      public: true,
      sharedWith: ['all'],
      encryption: { enabled: false },
    });
    const shared = mapConfigItem(
      item(
        'AWS::RDS::DBClusterSnapshot',
        {},
        {
          DBClusterSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: ['123456789012'] }],
        },
      ),
    );
    expect(shared?.resources[0]?.props).toMatchObject({ public: false, sharedWith: ['123456789012'] });
  });

  it('RDS snapshots: no restore attribute leaves `public` absent and names the problem', () => {
    const result = mapConfigItem(item('AWS::RDS::DBSnapshot', {}, { DBSnapshotAttributes: 'garbled' }));
    expect(result?.resources[0]?.props.public).toBeUndefined();
    expect(result?.problems).toEqual(['the item has no restore attribute (who may restore the snapshot)']);
  });
});
