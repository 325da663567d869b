// A CloudTrail trail joined to the S3 bucket it delivers to: the bucket's public access and
// versioning are copied onto the trail, so the rule on the audit-log bucket reads one resource (the
// engine evaluates resources in batches; a trail and its bucket may land in different ones). A
// trail whose bucket is not among the resources is marked unknown there: never passed unseen.
import type { LoggingTrailProps, StorageBucketProps } from '../../model/kinds.ts';
import type { Resource } from '../../model/resource.ts';

/**
 * For every AWS trail among `resources`: finds its bucket by `bucket.uid` (set by a format that
 * resolved the reference) or by `destination` equal to a bucket's uid or name, and copies the facts.
 */
export function linkTrailBuckets(resources: Resource[]): void {
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
      continue;
    }
    delete props.bucket;
    const why =
      wanted === undefined
        ? 'the trail states no bucket it delivers to'
        : `the bucket it delivers to (${wanted}) is not among the resources read`;
    trail.unknown = [...new Set([...(trail.unknown ?? []), 'bucket'])];
    trail.unknownReasons = { ...trail.unknownReasons, bucket: why };
  }
}
