// AWS::S3::Bucket (+ AWS::S3::BucketPolicy linked by its Bucket property) -> storage.bucket.

import { str } from '../../../../kit/values.ts';
import type { StorageBucketProps } from '../../../../model/kinds.ts';
import type { Resource } from '../../../../model/resource.ts';
import { arr, bool, type MapContext, obj, stated } from '../context.ts';
import { allowsPublic, deniesInsecureTransport, parsePolicy } from '../policy-document.ts';

const PUBLIC_ACLS = ['PublicRead', 'PublicReadWrite', 'AuthenticatedRead'];
const BLOCK_FLAGS = [
  ['BlockPublicAcls', 'blockPublicAcls'],
  ['IgnorePublicAcls', 'ignorePublicAcls'],
  ['BlockPublicPolicy', 'blockPublicPolicy'],
  ['RestrictPublicBuckets', 'restrictPublicBuckets'],
] as const;

export function mapS3(ctx: MapContext): Resource[] {
  const policies = ctx.ofType('AWS::S3::BucketPolicy');
  return ctx.ofType('AWS::S3::Bucket').map((bucket) => {
    const p = bucket.props;
    const props: StorageBucketProps = {};
    const defaulted: string[] = [];
    const lines: Record<string, number | undefined> = {};

    if (stated(p, 'BucketEncryption')) {
      const rule = obj(arr(obj(p.BucketEncryption)?.ServerSideEncryptionConfiguration)[0]);
      const byDefault = obj(rule?.ServerSideEncryptionByDefault);
      const algorithm = str(byDefault?.SSEAlgorithm);
      if (algorithm) props.encryption = { enabled: true, algorithm, kmsKeyId: ctx.idText(byDefault?.KMSMasterKeyID) };
      lines['encryption.enabled'] = ctx.lineOf(p, 'BucketEncryption');
    } else {
      // Since 2023-01-05 S3 encrypts every new object with SSE-S3 (AES256) when nothing else is set.
      props.encryption = { enabled: true, algorithm: 'AES256' };
      defaulted.push('encryption.enabled', 'encryption.algorithm');
    }

    if (stated(p, 'VersioningConfiguration')) {
      const status = str(obj(p.VersioningConfiguration)?.Status);
      if (status) props.versioning = { enabled: status === 'Enabled' };
      lines['versioning.enabled'] = ctx.lineOf(p, 'VersioningConfiguration');
    } else {
      // Buckets are unversioned until versioning is enabled.
      props.versioning = { enabled: false };
      defaulted.push('versioning.enabled');
    }

    if (stated(p, 'LoggingConfiguration')) {
      const logging = obj(p.LoggingConfiguration);
      if (logging) props.accessLogging = { enabled: true, target: ctx.idText(logging.DestinationBucketName) };
      lines['accessLogging.enabled'] = ctx.lineOf(p, 'LoggingConfiguration');
    } else {
      props.accessLogging = { enabled: false };
      defaulted.push('accessLogging.enabled');
    }

    const publicAccess: NonNullable<StorageBucketProps['publicAccess']> = {};
    const acl = str(p.AccessControl);
    const aclPublic = acl === undefined ? undefined : PUBLIC_ACLS.includes(acl);
    if (stated(p, 'PublicAccessBlockConfiguration')) {
      const block = obj(p.PublicAccessBlockConfiguration);
      for (const [native, prop] of BLOCK_FLAGS) {
        const value = bool(block?.[native]);
        if (value !== undefined) publicAccess[prop] = value;
        lines[`publicAccess.${prop}`] = ctx.lineOf(block, native) ?? ctx.lineOf(p, 'PublicAccessBlockConfiguration');
      }
    } else if (!aclPublic) {
      // Since April 2023 S3 turns on all four Block Public Access settings for new buckets. A new
      // bucket with those settings refuses a public canned ACL, so a template that sets one only
      // describes a bucket created before then: there the settings are unknown, not defaulted.
      for (const [, prop] of BLOCK_FLAGS) {
        publicAccess[prop] = true;
        defaulted.push(`publicAccess.${prop}`);
      }
    }
    if (stated(p, 'AccessControl')) {
      if (aclPublic !== undefined) publicAccess.aclPublic = aclPublic;
      lines['publicAccess.aclPublic'] = ctx.lineOf(p, 'AccessControl');
    } else {
      // The canned ACL of a new bucket is "private".
      publicAccess.aclPublic = false;
      defaulted.push('publicAccess.aclPublic');
    }

    const linked = policies.filter((policy) => ctx.refersTo(policy.props.Bucket, bucket, 'BucketName'));
    const documents = linked.map((policy) => parsePolicy(ctx, policy.props.PolicyDocument));
    const known = documents.filter((doc) => doc !== undefined);
    if (linked.length > 0 && known.length === linked.length) {
      const statements = known.flatMap((doc) => doc.raw);
      publicAccess.policyPublic = statements.some(allowsPublic);
      props.tls = { required: statements.some(deniesInsecureTransport) };
      const policyLine = ctx.lineOf(linked[0]?.props, 'PolicyDocument') ?? linked[0]?.line;
      lines['publicAccess.policyPublic'] = policyLine;
      lines['tls.required'] = policyLine;
    } else if (linked.length === 0) {
      // Without a policy that denies aws:SecureTransport=false, S3 accepts plain HTTP.
      props.tls = { required: false };
      defaulted.push('tls.required');
    }
    props.publicAccess = publicAccess;

    return ctx.build(bucket, 'storage.bucket', props, { defaulted, propLines: lines });
  });
}
