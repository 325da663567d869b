// aws_s3_bucket joined with its companion resources (versioning, encryption, logging,
// public access block, policy, ACL) into the S3 bucket facts (src/providers/aws/s3-bucket.ts),
// then one storage.bucket per bucket with the defaults the provider documents.

import { isUnknown, markUnknown } from '../../../../../kit/unknown.ts';
import { str } from '../../../../../kit/values.ts';
import type { StorageBucketProps } from '../../../../../model/kinds.ts';
import type { Resource } from '../../../../../model/resource.ts';
import {
  bucketProps,
  effectiveBlockFlag,
  type PublicAccessBlockFlag,
  type S3BucketFacts,
  UNDECLARED_BLOCK_UNKNOWN,
  undeclaredBucketBlock,
} from '../../../../../providers/aws/s3-bucket.ts';
import type { TfResourceRecord } from '../../records.ts';
import { blocks, bool, buildResource, firstBlock, gapAt, refOf, type Values } from '../common.ts';
import type { AwsContext } from './context.ts';
import { rootOf } from './link.ts';
import { resolvePolicy } from './policy-docs.ts';

const COMPANIONS = [
  'aws_s3_bucket_versioning',
  'aws_s3_bucket_server_side_encryption_configuration',
  'aws_s3_bucket_logging',
  'aws_s3_bucket_public_access_block',
  'aws_s3_bucket_policy',
  'aws_s3_bucket_acl',
] as const;

interface BucketParts {
  bucket: TfResourceRecord;
  companions: Map<string, TfResourceRecord>;
}

/** A value that names a KMS key: a known string or a reference (unknown at plan time, but set). */
function keyId(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (isUnknown(value)) return value.ref ?? '(known after apply)';
  return undefined;
}

function encryptionFrom(config: Values | undefined): S3BucketFacts['encryption'] {
  const rule = firstBlock(config?.rule);
  const byDefault = firstBlock(rule?.apply_server_side_encryption_by_default);
  if (!byDefault) return undefined;
  return { algorithm: str(byDefault.sse_algorithm), kmsKeyId: keyId(byDefault.kms_master_key_id) };
}

/** The grantee group URIs of ACL grant blocks (`grantee { uri }`, or `uri` on the grant itself). */
function granteeUris(grants: Values[]): string[] {
  return grants.flatMap((g) => str((firstBlock(g.grantee) ?? g).uri) ?? []);
}

export function mapS3(ctx: AwsContext): Resource[] {
  const buckets = ctx.index.ofType('aws_s3_bucket');
  const parts = new Map<TfResourceRecord, BucketParts>(buckets.map((b) => [b, { bucket: b, companions: new Map() }]));
  for (const companion of ctx.index.ofType(...COMPANIONS)) {
    const bucket = ctx.index.link(companion, companion.values.bucket, ['aws_s3_bucket'], 'bucket');
    const target = bucket ? parts.get(bucket) : undefined;
    if (!target) {
      const what = refOf(companion.values.bucket) ?? str(companion.values.bucket) ?? 'an unknown value';
      ctx.gaps.push(
        gapAt(
          companion,
          'unresolved-reference',
          `bucket ${what} is not defined in the scanned files; this ${companion.type} was not applied to any bucket`,
        ),
      );
      continue;
    }
    target.companions.set(companion.type, companion);
  }
  const accountBlocks = ctx.index.ofType('aws_s3_account_public_access_block');
  return [...parts.values()].map((p) => bucketResource(ctx, p, accountBlocks));
}

function bucketResource(
  ctx: AwsContext,
  { bucket, companions }: BucketParts,
  accountBlocks: TfResourceRecord[],
): Resource<'storage.bucket'> {
  const v = bucket.values;
  const defaulted: string[] = [];
  const propLines: Record<string, number> = {};
  const lineOf = (record: TfResourceRecord, attr?: string): number => (attr && record.attrLines?.[attr]) || record.line;

  const facts: S3BucketFacts = {};
  // Encryption: the companion wins over the legacy inline block.
  const sse = companions.get('aws_s3_bucket_server_side_encryption_configuration');
  facts.encryption = sse
    ? encryptionFrom(sse.values)
    : encryptionFrom(firstBlock(v.server_side_encryption_configuration));

  const versioningCompanion = companions.get('aws_s3_bucket_versioning');
  const inlineVersioning = firstBlock(v.versioning);
  if (versioningCompanion) {
    const config = firstBlock(versioningCompanion.values.versioning_configuration);
    const status = str(config?.status);
    if (status) facts.versioning = { status, mfaDelete: str(config?.mfa_delete) };
  } else if (inlineVersioning) {
    // The legacy inline block says it with booleans.
    const enabled = bool(inlineVersioning.enabled);
    const mfa = bool(inlineVersioning.mfa_delete);
    if (enabled !== undefined) {
      facts.versioning = {
        status: enabled ? 'Enabled' : 'Suspended',
        mfaDelete: mfa === undefined ? undefined : mfa ? 'Enabled' : 'Disabled',
      };
    }
  }

  // Object Lock: the bucket's flag, or the legacy inline object_lock_configuration.
  const legacyLock = str(firstBlock(v.object_lock_configuration)?.object_lock_enabled);
  if (bool(v.object_lock_enabled) === true || legacyLock === 'Enabled') facts.objectLock = true;

  const loggingCompanion = companions.get('aws_s3_bucket_logging');
  const logging = loggingCompanion?.values ?? firstBlock(v.logging);
  if (logging) facts.logging = { targetBucket: str(logging.target_bucket) ?? refOf(logging.target_bucket) };

  const aclCompanion = companions.get('aws_s3_bucket_acl');
  const acl = aclCompanion ? aclCompanion.values.acl : v.acl;
  const grants = aclCompanion ? blocks(firstBlock(aclCompanion.values.access_control_policy)?.grant) : blocks(v.grant);
  if (acl !== undefined || grants.length > 0 || aclCompanion) {
    facts.acl = { canned: isUnknown(acl) ? acl : str(acl), granteeUris: granteeUris(grants) };
  }

  const policyCompanion = companions.get('aws_s3_bucket_policy');
  // A null policy (plans write unset attributes as null) is no policy.
  const policyOwner = policyCompanion ?? (v.policy !== undefined && v.policy !== null ? bucket : undefined);
  if (policyOwner) {
    const { parse, document } = resolvePolicy(ctx.index, policyOwner, 'policy', {
      partial: true,
      used: ctx.usedDocuments,
    });
    if (document) ctx.usedDocuments.add(document);
    if (parse.status === 'ok') {
      facts.policy = parse.statements;
      if (parse.unread) facts.policyUnread = parse.unread;
    } else if (parse.status === 'error') ctx.gaps.push(gapAt(policyOwner, 'parse-error', parse.message));
  }

  const props = bucketProps(facts);
  const publicAccess: NonNullable<StorageBucketProps['publicAccess']> = props.publicAccess ?? {};
  if (props.encryption) propLines.encryption = sse ? sse.line : lineOf(bucket, 'server_side_encryption_configuration');
  else if (!sse && v.server_side_encryption_configuration === undefined) {
    // S3 has encrypted every new bucket with SSE-S3 since January 2023, as the CloudFormation mapper says too.
    props.encryption = { enabled: true, algorithm: 'AES256' };
    defaulted.push('encryption.enabled', 'encryption.algorithm');
  }

  // Versioning: S3 buckets are unversioned until configured (inline `enabled` defaults to false),
  // unless Object Lock turned it on.
  if (facts.objectLock && !versioningCompanion && !inlineVersioning) {
    propLines.versioning = lineOf(
      bucket,
      v.object_lock_enabled !== undefined ? 'object_lock_enabled' : 'object_lock_configuration',
    );
  } else if (versioningCompanion) propLines.versioning = versioningCompanion.line;
  else if (inlineVersioning) {
    if (inlineVersioning.enabled === undefined && !facts.objectLock) {
      props.versioning = { enabled: false };
      defaulted.push('versioning.enabled');
    }
    propLines.versioning = lineOf(bucket, 'versioning');
  } else if (!isUnknown(v.versioning)) {
    props.versioning = { enabled: false };
    defaulted.push('versioning.enabled');
  }

  // Access logging: off unless a logging block or companion names a target bucket.
  if (logging) propLines.accessLogging = loggingCompanion ? loggingCompanion.line : lineOf(bucket, 'logging');
  else if (!isUnknown(v.logging)) {
    props.accessLogging = { enabled: false };
    defaulted.push('accessLogging.enabled');
  }

  if (publicAccess.aclPublic !== undefined) {
    propLines['publicAccess.aclPublic'] = aclCompanion ? aclCompanion.line : lineOf(bucket, v.grant ? 'grant' : 'acl');
  } else if (!facts.acl) {
    // The provider's documented default canned ACL is "private".
    publicAccess.aclPublic = false;
    defaulted.push('publicAccess.aclPublic');
  }

  if (facts.policy && policyOwner) {
    const line = lineOf(policyOwner, 'policy');
    propLines['publicAccess.policyPublic'] = line;
    propLines['tls.required'] = line;
  } else if (!policyOwner) {
    // No bucket policy at all: nothing grants public access and nothing refuses plain HTTP.
    publicAccess.policyPublic = false;
    props.tls = { required: false };
  }

  const unknownBlock = applyPublicAccessBlock(
    publicAccess,
    companions.get('aws_s3_bucket_public_access_block'),
    accountBlocks.filter((a) => rootOf(a) === rootOf(bucket)),
    defaulted,
    propLines,
  );
  if (Object.keys(publicAccess).length > 0) props.publicAccess = publicAccess;

  const resource = buildResource(bucket, ctx.sourceId, 'storage.bucket', props, { defaulted, propLines });
  // A policy whose deciding statements are not known: neither a pass nor a failure.
  if (policyOwner) {
    const why = `the bucket policy of ${policyOwner.address} is only partly known before apply`;
    if (props.tls?.required === undefined) markUnknown(resource, 'tls.required', why);
    if (publicAccess.policyPublic === undefined) markUnknown(resource, 'publicAccess.policyPublic', why);
  }
  for (const [path, why] of Object.entries(unknownBlock)) markUnknown(resource, path, why);
  return resource;
}

const BLOCK_FLAGS: [attr: string, flag: PublicAccessBlockFlag][] = [
  ['block_public_acls', 'blockPublicAcls'],
  ['ignore_public_acls', 'ignorePublicAcls'],
  ['block_public_policy', 'blockPublicPolicy'],
  ['restrict_public_buckets', 'restrictPublicBuckets'],
];

/** One level's setting: a flag left out of a block is false (provider docs), one not known is undefined. */
interface Level {
  value: boolean | undefined;
  /** Left out, or (the bucket without a block) the default S3 applies. */
  absent: boolean;
  line?: number;
  why?: string;
}

function levelOf(record: TfResourceRecord, attr: string): Level {
  const raw = record.values[attr];
  if (raw === undefined) return { value: false, absent: true, line: record.line };
  const value = bool(raw);
  const why = value === undefined ? `${record.address}.${attr} is not known before apply` : undefined;
  return { value, absent: false, line: record.attrLines?.[attr] ?? record.line, why };
}

/**
 * Effective block settings: the bucket's block OR the account's (aws_s3_account_public_access_block
 * in the same configuration, root module or plan, counts for every bucket there). A bucket without
 * a block has the settings S3 gives a new bucket (undeclaredBucketBlock). Returns the settings that
 * are not known, with why.
 */
function applyPublicAccessBlock(
  out: NonNullable<StorageBucketProps['publicAccess']>,
  bucketBlock: TfResourceRecord | undefined,
  accountBlocks: TfResourceRecord[],
  defaulted: string[],
  propLines: Record<string, number>,
): Record<string, string> {
  const unknown: Record<string, string> = {};
  const undeclared = undeclaredBucketBlock(out);
  for (const [attr, prop] of BLOCK_FLAGS) {
    const bucketLevel: Level = bucketBlock
      ? levelOf(bucketBlock, attr)
      : { value: undeclared, absent: true, why: undeclared === undefined ? UNDECLARED_BLOCK_UNKNOWN : undefined };
    const levels = [bucketLevel, ...accountBlocks.map((account) => levelOf(account, attr))];
    const value = effectiveBlockFlag(levels.map((level) => level.value));
    const path = `publicAccess.${prop}`;
    if (value === undefined) {
      unknown[path] = levels.flatMap((level) => (level.value === undefined && level.why ? [level.why] : [])).join('; ');
      continue;
    }
    out[prop] = value;
    // On: where a level turns it on. Off: where the bucket's block (else the account's) leaves it off.
    const deciding = value ? levels.find((level) => level.value === true) : levels.find((level) => level.line);
    if (deciding?.line !== undefined) propLines[path] = deciding.line;
    if (value ? deciding?.absent : levels.every((level) => level.absent)) defaulted.push(path);
  }
  return unknown;
}
