// AWS::S3::Bucket: the bucket's supplementaryConfiguration (encryption, public access block,
// versioning, logging, ACL, policy) -> the S3 bucket facts -> storage.bucket, as Terraform and
// CloudFormation do. Config states what S3 returned, so a setting Config records as off is off;
// one it did not record stays absent (unknown), never defaulted.
import { str } from '../../../kit/values.ts';
import { parsePolicyDocument } from '../policy-document.ts';
import {
  bucketProps,
  PUBLIC_ACCESS_BLOCK_FLAGS,
  type PublicAccessBlockFlag,
  type S3BucketFacts,
} from '../s3-bucket.ts';
import { arr, bool, type ConfigItem, type MapResult, obj } from './item.ts';

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

  const block = obj(supp.PublicAccessBlockConfiguration);
  if (block) {
    facts.publicAccessBlock = {};
    for (const flag of PUBLIC_ACCESS_BLOCK_FLAGS) facts.publicAccessBlock[flag] = bool(block[flag]);
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
  return { resources: [{ kind: 'storage.bucket', props: props as Record<string, unknown> }], problems };
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
 */
export function applyAccountBlock(props: Record<string, unknown>, account: AccountBlock): void {
  const publicAccess = (obj(props.publicAccess) ?? {}) as Record<string, unknown>;
  for (const flag of PUBLIC_ACCESS_BLOCK_FLAGS) {
    const own = bool(publicAccess[flag]);
    if (own === true) continue;
    if (account[flag] === true) publicAccess[flag] = true;
  }
  if (Object.keys(publicAccess).length > 0) props.publicAccess = publicAccess;
}
