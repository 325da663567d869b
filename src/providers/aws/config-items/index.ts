// One adapter per AWS Config resource type, by name. A type not listed here is read but not
// mapped (the collector counts it); KINDS_BY_TYPE also says which kinds a recorder gap hides.
import type { Kind } from '../../../model/kinds.ts';
import { mapFlowLog, mapNetworkAcl, mapSecurityGroup, mapVolume, mapVpc } from './ec2.ts';
import { mapEksCluster } from './eks.ts';
import { mapClassicLoadBalancer, mapListener } from './elb.ts';
import { mapGroup, mapManagedPolicy, mapRole, mapUser } from './iam.ts';
import type { ConfigItem, MapResult } from './item.ts';
import { mapKey } from './kms.ts';
import { mapLogGroup, mapTrail } from './logging.ts';
import { mapDatabase } from './rds.ts';
import { mapBucket } from './s3.ts';
import { mapDbSnapshot } from './snapshot.ts';

export { type Collected, resolveFlowLogs } from './ec2.ts';
export type { ConfigItem, MappedItem, MapResult } from './item.ts';
export { type AccountBlock, accountBlockOf, applyAccountBlock } from './s3.ts';

interface Adapter {
  kinds: Kind[];
  map: (item: ConfigItem) => MapResult;
}

export const ADAPTERS: Readonly<Record<string, Adapter>> = {
  'AWS::S3::Bucket': { kinds: ['storage.bucket'], map: mapBucket },
  // Applied to the account's buckets by the collector (S3 combines both blocks); no resource of its own.
  'AWS::S3::AccountPublicAccessBlock': { kinds: ['storage.bucket'], map: () => ({ resources: [], problems: [] }) },
  'AWS::EC2::SecurityGroup': { kinds: ['network.firewall'], map: mapSecurityGroup },
  'AWS::EC2::NetworkAcl': { kinds: ['network.firewall'], map: mapNetworkAcl },
  'AWS::EC2::Volume': { kinds: ['compute.disk'], map: mapVolume },
  'AWS::EC2::VPC': { kinds: ['network.vpc'], map: mapVpc },
  'AWS::EC2::FlowLog': { kinds: ['network.flow_log', 'network.vpc'], map: mapFlowLog },
  'AWS::RDS::DBInstance': { kinds: ['database.instance'], map: mapDatabase },
  'AWS::RDS::DBCluster': { kinds: ['database.instance'], map: mapDatabase },
  'AWS::IAM::User': { kinds: ['identity.user', 'iam.policy'], map: mapUser },
  'AWS::IAM::Group': { kinds: ['identity.group', 'iam.policy'], map: mapGroup },
  'AWS::IAM::Role': { kinds: ['iam.policy'], map: mapRole },
  'AWS::IAM::Policy': { kinds: ['iam.policy'], map: mapManagedPolicy },
  'AWS::CloudTrail::Trail': { kinds: ['logging.trail'], map: mapTrail },
  'AWS::Logs::LogGroup': { kinds: ['logging.log_group'], map: mapLogGroup },
  'AWS::KMS::Key': { kinds: ['crypto.key'], map: mapKey },
  'AWS::ElasticLoadBalancingV2::Listener': { kinds: ['loadbalancer.listener'], map: mapListener },
  'AWS::ElasticLoadBalancing::LoadBalancer': { kinds: ['loadbalancer.listener'], map: mapClassicLoadBalancer },
  'AWS::EKS::Cluster': { kinds: ['k8s.cluster'], map: mapEksCluster },
  'AWS::RDS::DBSnapshot': { kinds: ['storage.snapshot'], map: mapDbSnapshot },
  'AWS::RDS::DBClusterSnapshot': { kinds: ['storage.snapshot'], map: mapDbSnapshot },
};

/** The Config resource types we evaluate: a recorder that skips one leaves its kinds not evaluated. */
export const EVALUATED_TYPES = Object.keys(ADAPTERS);

/** The item's resources, or undefined when its type is not mapped. */
export function mapConfigItem(item: ConfigItem): MapResult | undefined {
  return ADAPTERS[item.resourceType]?.map(item);
}
