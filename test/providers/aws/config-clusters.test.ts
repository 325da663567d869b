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
        Logging: { ClusterLogging: { EnabledTypes: [{ Type: 'api' }, { Type: 'audit' }] } },
        EncryptionConfig: [
          { Resources: ['secrets'], Provider: { KeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/k' } },
        ],
      }),
    );
    expect(cfn).toEqual({
      resources: [
        {
          kind: 'k8s.cluster',
          props: {
            publicEndpoint: true,
            privateEndpoint: false,
            publicAccessCidrs: ['0.0.0.0/0'],
            logTypes: ['api', 'audit'],
            auditLogging: true,
            secretsCustomerKey: true,
          },
        },
      ],
      problems: [],
    });
    // The API's shape: logging.clusterLogging lists setups, each with its types and whether they are on.
    const api = mapConfigItem(
      item('AWS::EKS::Cluster', {
        resourcesVpcConfig: { endpointPublicAccess: false, endpointPrivateAccess: true, publicAccessCidrs: [] },
        logging: {
          clusterLogging: [
            { types: ['api', 'authenticator'], enabled: true },
            { types: ['audit', 'scheduler', 'controllerManager'], enabled: false },
          ],
        },
        encryptionConfig: [{ resources: ['secrets'] }],
      }),
    );
    expect(api?.resources[0]?.props).toMatchObject({
      publicEndpoint: false,
      privateEndpoint: true,
      logTypes: ['api', 'authenticator'],
      auditLogging: false,
      secretsCustomerKey: false,
    });
    expect(api?.problems).toEqual([]);
  });

  it('EKS: an item without the endpoint, logging or encryption settings is a problem, never a default', () => {
    const result = mapConfigItem(item('AWS::EKS::Cluster', { Name: 'c' }));
    expect(result?.resources[0]?.props.publicEndpoint).toBeUndefined();
    expect(result?.resources[0]?.props.auditLogging).toBeUndefined();
    expect(result?.resources[0]?.props.secretsCustomerKey).toBeUndefined();
    expect(result?.resources[0]?.unknown).toMatchObject({
      auditLogging: 'the item states no control-plane logging',
      secretsCustomerKey: 'the item states no EncryptionConfig',
    });
    expect(result?.problems).toEqual([
      'the item states no EndpointPublicAccess',
      'the item states no control-plane logging',
      'the item states no EncryptionConfig',
    ]);
  });

  it('EKS: malformed logging and encryption entries are read as far as they go, never as a pass', () => {
    const result = mapConfigItem(
      item('AWS::EKS::Cluster', {
        ResourcesVpcConfig: { EndpointPublicAccess: false },
        Logging: { ClusterLogging: { EnabledTypes: ['audit', { Type: 42 }, null] } },
        EncryptionConfig: [{ Resources: 'secrets' }],
      }),
    );
    expect(result?.resources[0]?.props).toMatchObject({ logTypes: [], auditLogging: false });
    expect(result?.resources[0]?.props.secretsCustomerKey).toBeUndefined();
    expect(result?.problems).toEqual(["the item's EncryptionConfig could not be read"]);
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
