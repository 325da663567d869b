// Terraform AWS provider records -> normalized resources. Each domain lives in ./aws/; joins
// (a bucket and its companions, a security group and its rules, a VPC and its flow logs) are
// resolved here so every resource carries what its rules need.
import type { Gap, Resource } from '../../../../model/resource.ts';
import { linkTrailBuckets } from '../../../../providers/aws/trail-bucket.ts';
import type { TfResourceRecord } from '../records.ts';
import { mapCompute } from './aws/compute.ts';
import type { AwsContext } from './aws/context.ts';
import { mapDatabaseServices, mapDatabases } from './aws/database.ts';
import { mapEksClusters } from './aws/eks.ts';
import { mapFirewalls } from './aws/firewall.ts';
import { mapPasswordPolicies, mapPolicies, mapUnusedPolicyDocuments, mapUsers } from './aws/iam.ts';
import { RecordIndex } from './aws/link.ts';
import { bucketExpirationRules, mapLogging } from './aws/logging.ts';
import { mapListeners, mapVpcs } from './aws/network.ts';
import { mapNetworkAcls } from './aws/network-acl.ts';
import { mapS3 } from './aws/s3.ts';
import { mapSnapshots } from './aws/snapshots.ts';
import { unmappedTypeGaps } from './common.ts';

export function mapAwsRecords(records: TfResourceRecord[], sourceId: string): { resources: Resource[]; gaps: Gap[] } {
  const ctx: AwsContext = { index: new RecordIndex(records), sourceId, gaps: [], usedDocuments: new Set() };
  const resources = [
    ...mapS3(ctx),
    ...mapCompute(ctx),
    ...mapDatabases(ctx),
    ...mapDatabaseServices(ctx),
    ...mapFirewalls(ctx),
    ...mapNetworkAcls(ctx),
    ...mapVpcs(ctx),
    ...mapListeners(ctx),
    ...mapPolicies(ctx),
    ...mapPasswordPolicies(ctx),
    ...mapUsers(ctx),
    ...mapLogging(ctx),
    ...mapEksClusters(ctx),
    ...mapSnapshots(ctx),
    // Last: only documents that no policy attribute above consumed.
    ...mapUnusedPolicyDocuments(ctx),
  ];
  const expiration = bucketExpirationRules(ctx);
  linkTrailBuckets(resources, (uid) => expiration.get(uid));
  const unmapped = unmappedTypeGaps(records, (type) => !type.startsWith('aws_') || ctx.index.readTypes.has(type));
  return { resources, gaps: [...ctx.gaps, ...unmapped] };
}
