// aws_s3_bucket joined with its companion resources (versioning, encryption, logging,
// public access block, policy, ACL) into one storage.bucket per bucket.

import { isUnknown } from '../../../../../kit/unknown.ts';
import { compact, str, strList } from '../../../../../kit/values.ts';
import type { StorageBucketProps } from '../../../../../model/kinds.ts';
import type { Resource } from '../../../../../model/resource.ts';
import type { TfResourceRecord } from '../../records.ts';
import { blocks, bool, buildResource, firstBlock, gapAt, rawStatements, refOf, type Values } from '../common.ts';
import type { AwsContext } from './context.ts';
import { scopeOf } from './link.ts';
import { resolvePolicy } from './policy-docs.ts';

const COMPANIONS = [
  'aws_s3_bucket_versioning',
  'aws_s3_bucket_server_side_encryption_configuration',
  'aws_s3_bucket_logging',
  'aws_s3_bucket_public_access_block',
  'aws_s3_bucket_policy',
  'aws_s3_bucket_acl',
] as const;

const PUBLIC_CANNED_ACLS = new Set(['public-read', 'public-read-write', 'authenticated-read']);
const PUBLIC_GROUP_URIS = [
  'http://acs.amazonaws.com/groups/global/AllUsers',
  'http://acs.amazonaws.com/groups/global/AuthenticatedUsers',
];

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

function encryptionFrom(config: Values | undefined): StorageBucketProps['encryption'] {
  const rule = firstBlock(config?.rule);
  const byDefault = firstBlock(rule?.apply_server_side_encryption_by_default);
  if (!byDefault) return undefined;
  const kmsKeyId = keyId(byDefault.kms_master_key_id);
  const algorithm = str(byDefault.sse_algorithm);
  if (!algorithm && !kmsKeyId) return undefined;
  return compact({ enabled: true, algorithm, kmsKeyId });
}

function versioningFromStatus(config: Values | undefined): StorageBucketProps['versioning'] {
  const status = str(config?.status);
  if (!status) return undefined;
  const mfa = str(config?.mfa_delete);
  return compact({ enabled: status === 'Enabled', mfaDelete: mfa === undefined ? undefined : mfa === 'Enabled' });
}

function grantsPublic(grants: Values[]): boolean {
  return grants.some((g) => {
    const grantee = firstBlock(g.grantee) ?? g;
    return PUBLIC_GROUP_URIS.includes(str(grantee.uri) ?? '');
  });
}

/** ACL public-ness from a canned ACL and grant blocks; undefined when it cannot be known. */
function aclPublicOf(acl: unknown, grants: Values[]): boolean | undefined {
  if (grantsPublic(grants)) return true;
  if (typeof acl === 'string') return PUBLIC_CANNED_ACLS.has(acl);
  if (isUnknown(acl)) return undefined;
  return grants.length > 0 ? false : undefined;
}

function isSecureTransportFalse(value: unknown): boolean {
  const values = Array.isArray(value) ? value : [value];
  return values.some((v) => v === false || v === 'false');
}

function policyFacts(doc: Values): { policyPublic: boolean; tlsRequired: boolean } {
  let policyPublic = false;
  let tlsRequired = false;
  for (const s of rawStatements(doc)) {
    const principal = s.Principal;
    const wildcard =
      principal === '*' || strList((principal as Values | undefined)?.AWS ?? undefined)?.includes('*') === true;
    const hasCondition = typeof s.Condition === 'object' && s.Condition !== null && Object.keys(s.Condition).length > 0;
    if (s.Effect === 'Allow' && wildcard && !hasCondition) policyPublic = true;
    const bools = (s.Condition as Values | undefined)?.Bool as Values | undefined;
    if (s.Effect === 'Deny' && bools && isSecureTransportFalse(bools['aws:SecureTransport'])) tlsRequired = true;
  }
  return { policyPublic, tlsRequired };
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
  const props: StorageBucketProps = {};
  const defaulted: string[] = [];
  const propLines: Record<string, number> = {};
  const lineOf = (record: TfResourceRecord, attr?: string): number => (attr && record.attrLines?.[attr]) || record.line;

  // Encryption: the companion wins over the legacy inline block.
  const sse = companions.get('aws_s3_bucket_server_side_encryption_configuration');
  const encryption = sse
    ? encryptionFrom(sse.values)
    : encryptionFrom(firstBlock(v.server_side_encryption_configuration));
  if (encryption) {
    props.encryption = encryption;
    propLines.encryption = sse ? sse.line : lineOf(bucket, 'server_side_encryption_configuration');
  }

  // Versioning: S3 buckets are unversioned until configured (inline `enabled` defaults to false).
  const versioningCompanion = companions.get('aws_s3_bucket_versioning');
  const inlineVersioning = firstBlock(v.versioning);
  if (versioningCompanion) {
    const versioning = versioningFromStatus(firstBlock(versioningCompanion.values.versioning_configuration));
    if (versioning) props.versioning = versioning;
    propLines.versioning = versioningCompanion.line;
  } else if (inlineVersioning) {
    const enabled = bool(inlineVersioning.enabled);
    if (enabled !== undefined) props.versioning = compact({ enabled, mfaDelete: bool(inlineVersioning.mfa_delete) });
    else if (inlineVersioning.enabled === undefined) {
      props.versioning = { enabled: false };
      defaulted.push('versioning.enabled');
    }
    propLines.versioning = lineOf(bucket, 'versioning');
  } else if (!isUnknown(v.versioning)) {
    props.versioning = { enabled: false };
    defaulted.push('versioning.enabled');
  }

  // Access logging: off unless a logging block or companion names a target bucket.
  const loggingCompanion = companions.get('aws_s3_bucket_logging');
  const inlineLogging = firstBlock(v.logging);
  const logging = loggingCompanion?.values ?? inlineLogging;
  if (logging) {
    const target = str(logging.target_bucket) ?? refOf(logging.target_bucket);
    props.accessLogging = compact({ enabled: true, target });
    propLines.accessLogging = loggingCompanion ? loggingCompanion.line : lineOf(bucket, 'logging');
  } else if (!isUnknown(v.logging)) {
    props.accessLogging = { enabled: false };
    defaulted.push('accessLogging.enabled');
  }

  // Public access: ACL, policy, public access block (bucket-level OR account-level).
  const publicAccess: NonNullable<StorageBucketProps['publicAccess']> = {};
  const aclCompanion = companions.get('aws_s3_bucket_acl');
  const acl = aclCompanion ? aclCompanion.values.acl : v.acl;
  const grants = aclCompanion ? blocks(firstBlock(aclCompanion.values.access_control_policy)?.grant) : blocks(v.grant);
  const aclPublic = aclPublicOf(acl, grants);
  if (aclPublic !== undefined) {
    publicAccess.aclPublic = aclPublic;
    propLines['publicAccess.aclPublic'] = aclCompanion ? aclCompanion.line : lineOf(bucket, v.grant ? 'grant' : 'acl');
  } else if (acl === undefined && grants.length === 0 && !aclCompanion) {
    // The provider's documented default canned ACL is "private".
    publicAccess.aclPublic = false;
    defaulted.push('publicAccess.aclPublic');
  }

  const policyCompanion = companions.get('aws_s3_bucket_policy');
  const policyOwner = policyCompanion ?? (v.policy !== undefined ? bucket : undefined);
  if (policyOwner) {
    const { parse, document } = resolvePolicy(ctx.index, policyOwner, 'policy');
    if (document) ctx.usedDocuments.add(document);
    if (parse.status === 'ok') {
      const facts = policyFacts(parse.document);
      publicAccess.policyPublic = facts.policyPublic;
      props.tls = { required: facts.tlsRequired };
      const line = lineOf(policyOwner, 'policy');
      propLines['publicAccess.policyPublic'] = line;
      propLines['tls.required'] = line;
    } else if (parse.status === 'error') {
      ctx.gaps.push(gapAt(policyOwner, 'parse-error', parse.message));
    }
  } else {
    // No bucket policy at all: nothing grants public access and nothing refuses plain HTTP.
    publicAccess.policyPublic = false;
    props.tls = { required: false };
  }

  applyPublicAccessBlock(
    publicAccess,
    companions.get('aws_s3_bucket_public_access_block'),
    accountBlocks.filter((a) => scopeOf(a) === scopeOf(bucket)),
    defaulted,
    propLines,
  );
  if (Object.keys(publicAccess).length > 0) props.publicAccess = publicAccess;

  return buildResource(bucket, ctx.sourceId, 'storage.bucket', props, { defaulted, propLines });
}

const BLOCK_FLAGS = [
  ['block_public_acls', 'blockPublicAcls'],
  ['ignore_public_acls', 'ignorePublicAcls'],
  ['block_public_policy', 'blockPublicPolicy'],
  ['restrict_public_buckets', 'restrictPublicBuckets'],
] as const;

/**
 * Effective block settings: the bucket's block OR the account's (aws_s3_account_public_access_block
 * in the same module and folder, or plan, counts for every bucket there). A flag absent from a block defaults
 * to false (provider docs); with no block anywhere the flags stay absent.
 */
function applyPublicAccessBlock(
  out: NonNullable<StorageBucketProps['publicAccess']>,
  bucketBlock: TfResourceRecord | undefined,
  accountBlocks: TfResourceRecord[],
  defaulted: string[],
  propLines: Record<string, number>,
): void {
  const sources = [bucketBlock, ...accountBlocks].filter((s): s is TfResourceRecord => s !== undefined);
  if (sources.length === 0) return;
  for (const [attr, prop] of BLOCK_FLAGS) {
    let value: boolean | undefined = false;
    let line: number | undefined;
    let allAbsent = true;
    for (const source of sources) {
      const raw = source.values[attr];
      if (raw !== undefined) allAbsent = false;
      const flag = bool(raw);
      if (flag === true) {
        value = true;
        line = source.attrLines?.[attr] ?? source.line;
        break;
      }
      if (flag === undefined && raw !== undefined) value = undefined; // unknown: cannot say false
    }
    if (value === undefined) continue;
    out[prop] = value;
    if (line !== undefined) propLines[`publicAccess.${prop}`] = line;
    if (!value && allAbsent) defaulted.push(`publicAccess.${prop}`);
  }
}
