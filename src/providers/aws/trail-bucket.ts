// A CloudTrail trail joined to the S3 bucket it delivers to: the bucket's public access and
// versioning are copied onto the trail, so the rule on the audit-log bucket reads one resource (the
// engine evaluates resources in batches; a trail and its bucket may land in different ones). A
// trail whose bucket is not among the resources is marked unknown there: never passed unseen.
// The trail's retention is its bucket's: the shortest expiration of the enabled lifecycle rules
// that reach the trail's log files (AWSLogs/ under its key prefix); none means kept indefinitely.
import { isUnknown } from '../../kit/unknown.ts';
import type { LoggingTrailProps, StorageBucketProps } from '../../model/kinds.ts';
import type { Resource } from '../../model/resource.ts';

/** One S3 lifecycle rule, as far as expiration goes, whatever the source's spelling. */
export interface ExpirationRule {
  enabled: boolean;
  /** Expiration of current objects, in days; absent when the rule does not expire them; unknown when unresolved. */
  days?: number | 'unknown';
  /** Key prefix the rule is limited to ("" or absent: the whole bucket). */
  prefix?: string;
  /** The rule is limited to tagged objects, which CloudTrail's log files are not. */
  tagged?: boolean;
}

/**
 * The rules of a bucket by uid: [] when the source states no lifecycle (S3 keeps objects
 * indefinitely), undefined when the source cannot tell (then the trail's retention stays absent).
 */
export type ExpirationRulesOf = (bucketUid: string) => ExpirationRule[] | undefined;

/**
 * For every AWS trail among `resources`: finds its bucket by `bucket.uid` (set by a format that
 * resolved the reference) or by `destination` equal to a bucket's uid or name, and copies the facts.
 */
export function linkTrailBuckets(resources: Resource[], expirationRulesOf?: ExpirationRulesOf): void {
  const buckets = resources.filter((r) => r.kind === 'storage.bucket' && r.provider === 'aws');
  const byUid = new Map(buckets.map((b) => [b.uid, b]));
  const byName = new Map(buckets.map((b) => [b.name, b]));
  for (const trail of resources) {
    if (trail.kind !== 'logging.trail' || trail.provider !== 'aws') continue;
    const props = trail.props as LoggingTrailProps;
    const wanted = props.bucket?.uid ?? props.destination;
    const bucket = wanted === undefined ? undefined : (byUid.get(wanted) ?? byName.get(wanted));
    if (bucket) {
      const facts = bucket.props as StorageBucketProps;
      props.bucket = {
        uid: bucket.uid,
        ...(facts.publicAccess ? { publicAccess: facts.publicAccess } : {}),
        ...(facts.versioning ? { versioning: facts.versioning } : {}),
      };
      const rules = expirationRulesOf?.(bucket.uid);
      if (rules) setRetention(trail, rules);
      continue;
    }
    delete props.bucket;
    const why =
      wanted === undefined
        ? 'the trail states no bucket it delivers to'
        : `the bucket it delivers to (${wanted}) is not among the resources read`;
    markUnknown(trail, 'bucket', why);
  }
}

function setRetention(trail: Resource, rules: ExpirationRule[]): void {
  const props = trail.props as LoggingTrailProps;
  const logs = `${props.destinationPrefix ? `${props.destinationPrefix.replace(/\/+$/, '')}/` : ''}AWSLogs/`;
  const reaching = rules.filter(
    (r) =>
      r.enabled &&
      !r.tagged &&
      r.days !== undefined &&
      (!r.prefix || logs.startsWith(r.prefix) || r.prefix.startsWith(logs)),
  );
  if (reaching.some((r) => r.days === 'unknown')) {
    markUnknown(
      trail,
      'retentionDays',
      'a lifecycle rule of its bucket expires objects after a number of days that could not be resolved',
    );
    return;
  }
  const days = reaching.map((r) => r.days as number);
  props.retentionDays = days.length > 0 ? Math.min(...days) : 0;
  // No expiring rule stated: S3 keeps objects until deleted.
  if (days.length === 0) trail.defaulted = [...new Set([...(trail.defaulted ?? []), 'retentionDays'])];
}

function markUnknown(trail: Resource, path: string, why: string): void {
  trail.unknown = [...new Set([...(trail.unknown ?? []), path])];
  trail.unknownReasons = { ...trail.unknownReasons, [path]: why };
}

/** A days value as sources give it: a number, a numeric string, or an unresolved value. */
export function expirationDays(value: unknown): number | 'unknown' | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  if (isUnknown(value)) return 'unknown';
  return undefined;
}

/**
 * A Config S3 bucket item's expiration rules (supplementaryConfiguration.BucketLifecycleConfiguration):
 * undefined when Config did not record the lifecycle, [] when the bucket has none.
 */
export function configExpirationRules(supplementary: Record<string, unknown>): ExpirationRule[] | undefined {
  if (!('BucketLifecycleConfiguration' in supplementary)) return undefined;
  const config = supplementary.BucketLifecycleConfiguration;
  const rules = config && typeof config === 'object' ? (config as { rules?: unknown }).rules : undefined;
  if (!Array.isArray(rules)) return [];
  return rules.map((value) => {
    const rule = (value ?? {}) as Record<string, unknown>;
    const predicate = ((rule.filter ?? {}) as { predicate?: Record<string, unknown> }).predicate ?? {};
    const operands = Array.isArray(predicate.operands) ? (predicate.operands as Record<string, unknown>[]) : [];
    const prefixed = [predicate, ...operands].find((p) => typeof p.prefix === 'string');
    const expiration = (rule.expiration ?? {}) as Record<string, unknown>;
    return {
      enabled: rule.status !== 'Disabled',
      days: expirationDays(rule.expirationInDays ?? expiration.days),
      prefix:
        typeof prefixed?.prefix === 'string'
          ? prefixed.prefix
          : typeof rule.prefix === 'string'
            ? rule.prefix
            : undefined,
      tagged: [predicate, ...operands].some((p) => typeof p.type === 'string' && p.type.includes('Tag')),
    };
  });
}
