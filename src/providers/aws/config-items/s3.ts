// AWS::S3::Bucket: the bucket's supplementaryConfiguration (encryption, public access block,
// versioning, logging, ACL, policy) -> the S3 bucket facts -> storage.bucket, as Terraform and
// CloudFormation do. Config states what S3 returned, so a setting Config records as off is off;
// one it did not record stays absent (unknown), never defaulted. Block Public Access is the one
// exception: Config records a bucket's configuration whenever S3 has one (docs/aws.md).
import { str } from '../../../kit/values.ts';
import type { Resource } from '../../../model/resource.ts';
import { parsePolicyDocument } from '../policy-document.ts';
import {
  bucketProps,
  PUBLIC_ACCESS_BLOCK_FLAGS,
  type PublicAccessBlockFlag,
  type S3BucketFacts,
} from '../s3-bucket.ts';
import { arr, bool, type ConfigItem, type MappedItem, type MapResult, obj } from './item.ts';

const GROUP_URIS: Record<string, string> = {
  AllUsers: 'http://acs.amazonaws.com/groups/global/AllUsers',
  AuthenticatedUsers: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers',
};

export function mapBucket(item: ConfigItem): MapResult {
  const supp = item.supplementaryConfiguration;
  const problems: string[] = [];
  const facts: S3BucketFacts = {};

  const sse = obj(supp.ServerSideEncryptionConfiguration);
  const rule = obj(obj(arr(sse?.rules)[0])?.applyServerSideEncryptionByDefault);
  if (rule) facts.encryption = { algorithm: str(rule.sseAlgorithm), kmsKeyId: str(rule.kmsMasterKeyID) ?? undefined };

  const versioning = obj(supp.BucketVersioningConfiguration);
  // Config reports a never-versioned bucket as status "Off".
  if (typeof versioning?.status === 'string') {
    const mfa = bool(versioning.isMfaDeleteEnabled);
    facts.versioning = {
      status: versioning.status,
      mfaDelete: mfa === undefined ? undefined : mfa ? 'Enabled' : 'Disabled',
    };
  }

  const logging = obj(supp.BucketLoggingConfiguration);
  const target = str(logging?.destinationBucketName);
  if (target) facts.logging = { targetBucket: target };

  // Config records the bucket's Block Public Access configuration when S3 has one; S3 has none for
  // a bucket created before April 2023 that was never given one: then its four settings are off.
  const block = obj(supp.PublicAccessBlockConfiguration);
  const defaulted: string[] = [];
  const unknown: Record<string, string> = {};
  facts.publicAccessBlock = {};
  for (const flag of PUBLIC_ACCESS_BLOCK_FLAGS) {
    const value = block ? bool(block[flag]) : false;
    if (!block) defaulted.push(`publicAccess.${flag}`);
    else if (value === undefined)
      unknown[`publicAccess.${flag}`] = `the item records no ${flag} in PublicAccessBlockConfiguration`;
    facts.publicAccessBlock[flag] = value;
  }

  const acl = obj(supp.AccessControlList);
  if (acl) {
    const granteeUris = arr(acl.grantList).flatMap((grant) => {
      const grantee = obj(grant)?.grantee;
      const name =
        typeof grantee === 'string' ? grantee : str(obj(grantee)?.uri ?? obj(grantee)?.identifier ?? obj(grantee)?.id);
      if (name === undefined) return [];
      return [GROUP_URIS[name] ?? name];
    });
    facts.acl = { granteeUris };
  }

  const policyText = obj(supp.BucketPolicy)?.policyText;
  if (obj(supp.BucketPolicy)) {
    if (policyText === null || policyText === undefined) facts.policy = [];
    else {
      const parsed = parsePolicyDocument(policyText);
      if (parsed.status === 'ok') facts.policy = parsed.statements;
      else problems.push(`bucket policy ${parsed.status === 'error' ? parsed.message : 'is unknown'}`);
    }
  }

  const props = bucketProps(facts);
  // Config recorded the logging settings: no target bucket means server access logging is off.
  if (logging && !target) props.accessLogging = { enabled: false };
  const mapped: MappedItem = { kind: 'storage.bucket', props: props as Record<string, unknown>, defaulted, unknown };
  return { resources: [mapped], problems };
}

export type AccountBlock = Partial<Record<PublicAccessBlockFlag, boolean>>;

/** AWS::S3::AccountPublicAccessBlock: the flags S3 applies to every bucket of the account. */
export function accountBlockOf(item: ConfigItem): AccountBlock {
  const block: AccountBlock = {};
  for (const flag of PUBLIC_ACCESS_BLOCK_FLAGS) {
    const value = bool(item.configuration[flag]);
    if (value !== undefined) block[flag] = value;
  }
  return block;
}

/**
 * S3 applies the most restrictive of the bucket's and the account's settings: a flag is on when
 * either turns it on, off only when both are known to be off, and stays as the bucket had it otherwise.
 * A flag the account turns on is neither defaulted nor unknown any more.
 */
export function applyAccountBlock(bucket: Resource, account: AccountBlock): void {
  const props = bucket.props as Record<string, unknown>;
  const publicAccess = (obj(props.publicAccess) ?? {}) as Record<string, unknown>;
  for (const flag of PUBLIC_ACCESS_BLOCK_FLAGS) {
    const own = bool(publicAccess[flag]);
    if (own === true || account[flag] !== true) continue;
    publicAccess[flag] = true;
    const path = `publicAccess.${flag}`;
    bucket.defaulted = bucket.defaulted?.filter((p) => p !== path);
    if (bucket.defaulted?.length === 0) delete bucket.defaulted;
    clearUnknown(bucket, path);
  }
  if (Object.keys(publicAccess).length > 0) props.publicAccess = publicAccess;
}

function clearUnknown(resource: Resource, path: string): void {
  if (!resource.unknown?.includes(path)) return;
  resource.unknown = resource.unknown.filter((p) => p !== path);
  if (resource.unknownReasons) delete resource.unknownReasons[path];
  if (resource.unknown.length === 0) {
    delete resource.unknown;
    delete resource.unknownReasons;
  }
}
