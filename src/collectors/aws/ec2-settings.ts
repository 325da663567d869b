// What EC2 states per account and region that Config does not record: the regions enabled for the
// account (ec2:DescribeRegions, the default set of regions to read) and EBS encryption by default
// (ec2:GetEbsEncryptionByDefault), which decides whether a volume created without the flag is encrypted.
import { DescribeRegionsCommand, type EC2Client, GetEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import type { Gap, Resource } from '../../model/resource.ts';
import { failure } from './calls.ts';

/** The regions enabled for the account, sorted; DescribeRegions leaves out opt-in regions not opted into. */
export async function enabledRegions(ec2: EC2Client, queries: Set<string>): Promise<string[]> {
  queries.add('ec2:DescribeRegions');
  const out = await ec2.send(new DescribeRegionsCommand({ AllRegions: false }));
  return (out.Regions ?? [])
    .filter((r) => r.OptInStatus === undefined || r.OptInStatus !== 'not-opted-in')
    .map((r) => r.RegionName)
    .filter((name): name is string => typeof name === 'string' && name !== '')
    .sort();
}

/** The region's EBS encryption-by-default setting as a resource, or a gap when it cannot be read. */
export async function readEbsDefault(
  ec2: EC2Client,
  account: string,
  region: string,
  sourceId: string,
  gaps: Gap[],
  queries: Set<string>,
): Promise<Resource | undefined> {
  queries.add('ec2:GetEbsEncryptionByDefault');
  const where = `account ${account} region ${region}`;
  let enabled: boolean | undefined;
  try {
    enabled = (await ec2.send(new GetEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault;
  } catch (error) {
    gaps.push({
      ...failure(error, 'ec2:GetEbsEncryptionByDefault', where),
      kinds: ['compute.disk_encryption_default'],
    });
    return undefined;
  }
  if (typeof enabled !== 'boolean') {
    gaps.push({
      reason: 'unreadable',
      message: `ec2:GetEbsEncryptionByDefault in ${where} returned no setting`,
      endpoint: where,
      permission: 'ec2:GetEbsEncryptionByDefault',
      kinds: ['compute.disk_encryption_default'],
    });
    return undefined;
  }
  return {
    uid: `aws:${account}:${region}:ec2:ebs-encryption-by-default`,
    kind: 'compute.disk_encryption_default',
    provider: 'aws',
    nativeType: 'AWS::EC2::EbsEncryptionByDefault',
    name: where,
    location: { account, region },
    props: { enabled },
    raw: { EbsEncryptionByDefault: enabled },
    sourceId,
  };
}
