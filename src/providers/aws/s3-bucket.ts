// An S3 bucket as S3 itself describes it, whoever states it: Terraform (the bucket and its
// companion resources), CloudFormation (AWS::S3::Bucket and its BucketPolicy), and next AWS
// Config (the bucket's supplementaryConfiguration). Each source fills the facts it states;
// bucketProps turns them into storage.bucket props and leaves the others absent, so the source
// can apply the defaults it documents.
import { isUnknown, type Unknown } from '../../kit/unknown.ts';
import { compact } from '../../kit/values.ts';
import type { StorageBucketProps, StoragePublicAccess } from '../../model/kinds.ts';
import { deniesInsecureTransport, grantsPublicAccess, type Statement } from './policy-document.ts';

export const PUBLIC_ACCESS_BLOCK_FLAGS = [
  'blockPublicAcls',
  'ignorePublicAcls',
  'blockPublicPolicy',
  'restrictPublicBuckets',
] as const;

export type PublicAccessBlockFlag = (typeof PUBLIC_ACCESS_BLOCK_FLAGS)[number];

export interface S3BucketFacts {
  /** The default encryption rule (ServerSideEncryptionByDefault). */
  encryption?: { algorithm?: string; kmsKeyId?: string };
  /** Versioning as S3 reports it: status "Enabled" or "Suspended", MFA delete "Enabled" or "Disabled". */
  versioning?: { status: string; mfaDelete?: string };
  /** Object Lock is enabled: S3 turns versioning on with it, and it cannot be suspended. */
  objectLock?: boolean;
  /** Server access logging is configured, to this target bucket when known. */
  logging?: { targetBucket?: string };
  /** The bucket's public access block, flag by flag. */
  publicAccessBlock?: Partial<Record<PublicAccessBlockFlag, boolean>>;
  /** Canned ACL as S3 names it ("private", "public-read"...) and the grantee group URIs of the grants. */
  acl?: { canned?: string | Unknown; granteeUris?: string[] };
  /** The statements of the bucket policy that are known. */
  policy?: Statement[];
  /** Statements of the policy that are not known (left out of `policy`): what they say is not decided. */
  policyUnread?: number;
}

const PUBLIC_CANNED_ACLS = new Set(['public-read', 'public-read-write', 'authenticated-read']);
const PUBLIC_GRANTEES = new Set([
  'http://acs.amazonaws.com/groups/global/AllUsers',
  'http://acs.amazonaws.com/groups/global/AuthenticatedUsers',
]);

/** The facts a source states, as storage.bucket props; what it does not state stays absent. */
export function bucketProps(facts: S3BucketFacts): StorageBucketProps {
  const props: StorageBucketProps = {};
  const { encryption, versioning, logging, publicAccessBlock, acl, policy } = facts;
  if (encryption && (encryption.algorithm || encryption.kmsKeyId)) props.encryption = { enabled: true, ...encryption };
  if (versioning) {
    const mfa = versioning.mfaDelete;
    props.versioning = {
      enabled: versioning.status === 'Enabled' || facts.objectLock === true,
      mfaDelete: mfa === undefined ? undefined : mfa === 'Enabled',
    };
  } else if (facts.objectLock === true) props.versioning = { enabled: true };
  if (logging) props.accessLogging = { enabled: true, target: logging.targetBucket };
  const publicAccess: NonNullable<StorageBucketProps['publicAccess']> = { ...publicAccessBlock };
  if (acl) publicAccess.aclPublic = aclPublic(acl);
  if (policy) {
    // What a known statement says decides; otherwise an unread statement leaves it undecided.
    const unread = (facts.policyUnread ?? 0) > 0 ? [undefined] : [];
    publicAccess.policyPublic = anyOf([...policy.map(grantsPublicAccess), ...unread]);
    const tls = anyOf([...policy.map(deniesInsecureTransport), ...unread]);
    if (tls !== undefined) props.tls = { required: tls };
  }
  if (Object.keys(compact(publicAccess)).length > 0) props.publicAccess = publicAccess;
  return compact(props);
}

/**
 * The bucket-level Block Public Access settings of a bucket declared without any (Terraform
 * without aws_s3_bucket_public_access_block, CloudFormation without PublicAccessBlockConfiguration):
 * since April 2023 S3 turns all four on for every new bucket, whichever API creates it. A bucket
 * with them on refuses a public ACL and a public bucket policy (403), so a declaration that grants
 * public access describes a bucket created before then, or one whose settings are changed outside
 * it: there the settings are not known (undefined).
 */
export function undeclaredBucketBlock(publicAccess: StoragePublicAccess): boolean | undefined {
  return publicAccess.aclPublic === true || publicAccess.policyPublic === true ? undefined : true;
}

/** Why undeclaredBucketBlock could not tell: for the resource's unknown reasons. */
export const UNDECLARED_BLOCK_UNKNOWN =
  'the bucket declares no Block Public Access settings but grants public access, which S3 refuses for a bucket created since April 2023 (all four settings on): it was created before then, or its settings are changed elsewhere';

/**
 * One setting as S3 applies it, from the bucket's and the account's levels: the most restrictive,
 * so on when any level is on, off when every level is known to be off, otherwise not known.
 */
export function effectiveBlockFlag(levels: (boolean | undefined)[]): boolean | undefined {
  return anyOf(levels);
}

/** True when any is true, else undefined when any is undefined, else false. */
function anyOf(values: (boolean | undefined)[]): boolean | undefined {
  return values.includes(true) ? true : values.includes(undefined) ? undefined : false;
}

/** A grant to everyone or to any authenticated AWS user makes the ACL public; undefined when unknown. */
function aclPublic(acl: NonNullable<S3BucketFacts['acl']>): boolean | undefined {
  const grantees = acl.granteeUris ?? [];
  if (grantees.some((uri) => PUBLIC_GRANTEES.has(uri))) return true;
  if (typeof acl.canned === 'string') return PUBLIC_CANNED_ACLS.has(acl.canned);
  if (isUnknown(acl.canned)) return undefined;
  return grantees.length > 0 ? false : undefined;
}
