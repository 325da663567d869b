// AWS::S3::Bucket (+ AWS::S3::BucketPolicy linked by its Bucket property) -> the S3 bucket facts
// (src/providers/aws/s3-bucket.ts) -> storage.bucket, with the defaults S3 applies to a new bucket.
import { markUnknown, UNKNOWN } from '../../../../kit/unknown.ts';
import { str } from '../../../../kit/values.ts';
import type { StorageBucketProps } from '../../../../model/kinds.ts';
import type { Resource } from '../../../../model/resource.ts';
import {
  bucketProps,
  PUBLIC_ACCESS_BLOCK_FLAGS,
  type PublicAccessBlockFlag,
  type S3BucketFacts,
  UNDECLARED_BLOCK_UNKNOWN,
  undeclaredBucketBlock,
} from '../../../../providers/aws/s3-bucket.ts';
import { arr, bool, type MapContext, obj, stated, writtenProp } from '../context.ts';
import { parsePolicy } from '../policy-document.ts';

/** BlockPublicAcls -> blockPublicAcls. */
const nativeFlag = (flag: PublicAccessBlockFlag) => `${flag[0]?.toUpperCase()}${flag.slice(1)}`;

/** CloudFormation's canned ACL names as S3 spells them: PublicReadWrite -> public-read-write. */
const cannedAcl = (name: string) => name.replace(/(?<=[a-z0-9])(?=[A-Z])/g, '-').toLowerCase();

export function mapS3(ctx: MapContext): Resource[] {
  const policies = ctx.ofType('AWS::S3::BucketPolicy');
  return ctx.ofType('AWS::S3::Bucket').map((bucket) => {
    const p = bucket.props;
    const facts: S3BucketFacts = {};
    const lines: Record<string, number | undefined> = {};

    if (stated(p, 'BucketEncryption')) {
      const rule = obj(arr(obj(p.BucketEncryption)?.ServerSideEncryptionConfiguration)[0]);
      const byDefault = obj(rule?.ServerSideEncryptionByDefault);
      if (byDefault)
        facts.encryption = { algorithm: str(byDefault.SSEAlgorithm), kmsKeyId: ctx.idText(byDefault.KMSMasterKeyID) };
      lines['encryption.enabled'] = ctx.lineOf(p, 'BucketEncryption');
    }
    const objectLock = bool(p.ObjectLockEnabled) === true;
    if (objectLock) {
      // S3 turns versioning on for a bucket with Object Lock, and it cannot be suspended.
      facts.versioning = { status: 'Enabled' };
      lines['versioning.enabled'] = ctx.lineOf(p, 'ObjectLockEnabled');
    } else if (stated(p, 'VersioningConfiguration')) {
      const status = str(obj(p.VersioningConfiguration)?.Status);
      if (status) facts.versioning = { status };
      lines['versioning.enabled'] = ctx.lineOf(p, 'VersioningConfiguration');
    }
    if (stated(p, 'LoggingConfiguration')) {
      const logging = obj(p.LoggingConfiguration);
      if (logging) facts.logging = { targetBucket: ctx.idText(logging.DestinationBucketName) };
      lines['accessLogging.enabled'] = ctx.lineOf(p, 'LoggingConfiguration');
    }
    // A setting left out of a stated configuration is off, as S3 stores it; one not known is unknown.
    const unknownFlags: PublicAccessBlockFlag[] = [];
    const leftOut: string[] = [];
    if (stated(p, 'PublicAccessBlockConfiguration')) {
      const block = obj(p.PublicAccessBlockConfiguration);
      facts.publicAccessBlock = {};
      for (const flag of PUBLIC_ACCESS_BLOCK_FLAGS) {
        const raw = block ? block[nativeFlag(flag)] : UNKNOWN;
        const value = raw === undefined ? false : bool(raw);
        if (value === undefined) unknownFlags.push(flag);
        if (raw === undefined) leftOut.push(`publicAccess.${flag}`);
        facts.publicAccessBlock[flag] = value;
        lines[`publicAccess.${flag}`] =
          ctx.lineOf(block, nativeFlag(flag)) ?? ctx.lineOf(p, 'PublicAccessBlockConfiguration');
      }
    }
    if (stated(p, 'AccessControl')) {
      const acl = str(p.AccessControl);
      facts.acl = { canned: acl === undefined ? UNKNOWN : cannedAcl(acl) };
      lines['publicAccess.aclPublic'] = ctx.lineOf(p, 'AccessControl');
    }
    const linked = policies.filter((policy) =>
      ctx.refersTo(policy.props.Bucket, bucket, 'BucketName', writtenProp(policy, 'Bucket')),
    );
    const documents = linked.map((policy) => parsePolicy(policy.props.PolicyDocument));
    const policyKnown = linked.length > 0 && documents.every((doc) => doc.status === 'ok');
    if (policyKnown) {
      facts.policy = documents.flatMap((doc) => (doc.status === 'ok' ? doc.statements : []));
      const policyLine = ctx.lineOf(linked[0]?.props, 'PolicyDocument') ?? linked[0]?.line;
      lines['publicAccess.policyPublic'] = policyLine;
      lines['tls.required'] = policyLine;
    }

    const props = bucketProps(facts);
    const defaulted: string[] = [...leftOut];
    if (!stated(p, 'BucketEncryption')) {
      // Since 2023-01-05 S3 encrypts every new object with SSE-S3 (AES256) when nothing else is set.
      props.encryption = { enabled: true, algorithm: 'AES256' };
      defaulted.push('encryption.enabled', 'encryption.algorithm');
    }
    if (!stated(p, 'VersioningConfiguration') && !objectLock) {
      // Buckets are unversioned until versioning is enabled.
      props.versioning = { enabled: false };
      defaulted.push('versioning.enabled');
    }
    if (!stated(p, 'LoggingConfiguration')) {
      props.accessLogging = { enabled: false };
      defaulted.push('accessLogging.enabled');
    }
    const publicAccess: NonNullable<StorageBucketProps['publicAccess']> = props.publicAccess ?? {};
    const undeclared = stated(p, 'PublicAccessBlockConfiguration') ? false : undeclaredBucketBlock(publicAccess);
    if (undeclared) {
      // Since April 2023 S3 turns on all four Block Public Access settings for new buckets.
      for (const flag of PUBLIC_ACCESS_BLOCK_FLAGS) {
        publicAccess[flag] = true;
        defaulted.push(`publicAccess.${flag}`);
      }
    } else if (undeclared === undefined) unknownFlags.push(...PUBLIC_ACCESS_BLOCK_FLAGS);
    if (!stated(p, 'AccessControl')) {
      // The canned ACL of a new bucket is "private".
      publicAccess.aclPublic = false;
      defaulted.push('publicAccess.aclPublic');
    }
    if (linked.length === 0) {
      // Without a policy that denies aws:SecureTransport=false, S3 accepts plain HTTP.
      props.tls = { required: false };
      defaulted.push('tls.required');
    }
    props.publicAccess = publicAccess;

    const built = ctx.build(bucket, 'storage.bucket', props, { defaulted, propLines: lines });
    for (const flag of unknownFlags) {
      const why = stated(p, 'PublicAccessBlockConfiguration')
        ? `PublicAccessBlockConfiguration.${nativeFlag(flag)} is not known from the template`
        : UNDECLARED_BLOCK_UNKNOWN;
      markUnknown(built, `publicAccess.${flag}`, why);
    }
    return built;
  });
}
