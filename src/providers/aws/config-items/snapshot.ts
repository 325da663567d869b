// AWS::RDS::DBSnapshot and AWS::RDS::DBClusterSnapshot -> storage.snapshot. Who may restore a
// snapshot is its `restore` attribute (DescribeDBSnapshotAttributes), which Config keeps in
// supplementaryConfiguration; "all" there makes the snapshot public. An item without it leaves
// `public` unknown (not evaluated, never passed or failed) and names the gap as a problem.
import { str } from '../../../kit/values.ts';
import { snapshotSharing } from '../snapshot.ts';
import { arr, bool, type ConfigItem, type MapResult, obj } from './item.ts';

function restoreGrantees(item: ConfigItem): string[] | undefined {
  const supp = item.supplementaryConfiguration;
  const attributes = supp.DBSnapshotAttributes ?? supp.DBClusterSnapshotAttributes;
  if (!Array.isArray(attributes)) return undefined;
  const restore = attributes.map(obj).find((a) => str(a?.attributeName ?? a?.AttributeName) === 'restore');
  return arr(restore?.attributeValues ?? restore?.AttributeValues).filter((v): v is string => typeof v === 'string');
}

export function mapDbSnapshot(item: ConfigItem): MapResult {
  const c = item.configuration;
  const grantees = restoreGrantees(item);
  const encrypted = bool(c.encrypted ?? c.storageEncrypted);
  const missing = 'the item has no restore attribute (who may restore the snapshot)';
  return {
    resources: [
      {
        kind: 'storage.snapshot',
        props: {
          snapshotOf: 'database',
          ...(grantees ? snapshotSharing(grantees) : {}),
          encryption: encrypted === undefined ? undefined : { enabled: encrypted, kmsKeyId: str(c.kmsKeyId) },
        },
        ...(grantees ? {} : { unknown: { public: missing } }),
      },
    ],
    problems: grantees ? [] : [missing],
  };
}
