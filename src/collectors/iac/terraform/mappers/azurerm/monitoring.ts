// azurerm_monitor_log_profile -> logging.trail, azurerm_log_analytics_workspace -> logging.log_group.
//
// Log profile (the subscription's Activity Log export; removed in azurerm v4):
// - enabled: a log profile exists, so the Activity Log is exported;
// - retentionDays (only with a storage account): retention_policy enabled -> days (provider default 0 = kept forever, listed in
//   `defaulted`); disabled -> Azure deletes nothing -> 0;
// - multiRegion: locations hold "global" (subscription-wide events) and at least one region. This
//   cannot tell whether every region the subscription uses is listed;
// - managementEvents: categories hold Write, Delete and Action.
// Workspace: retention_in_days unset -> Azure keeps data 30 days (7 on the Free tier); the
// provider documents no default, the service does. Data is always encrypted at rest by Azure
// Monitor (Microsoft-managed keys), listed in `defaulted`.

import { compact, num, str } from '../../../../../kit/values.ts';
import type { LoggingLogGroupProps, LoggingTrailProps } from '../../../../../model/kinds.ts';
import type { Resource } from '../../../../../model/resource.ts';
import type { TfResourceRecord } from '../../records.ts';
import { bool, buildResource, firstBlock, isKnown } from '../common.ts';
import { isAbsent, knownStrings, linkedRecord, pointerText, type Scan } from './scan.ts';

function retentionOf(record: TfResourceRecord, defaulted: string[]): number | undefined {
  const policy = firstBlock(record.values.retention_policy);
  if (!policy) return undefined;
  const enabled = bool(policy.enabled);
  if (enabled === false) return 0;
  if (enabled !== true) return undefined;
  if (isAbsent(policy.days)) {
    defaulted.push('retentionDays');
    return 0;
  }
  return num(policy.days);
}

export function mapLogProfile(record: TfResourceRecord, scan: Scan): Resource<'logging.trail'> {
  const values = record.values;
  const defaulted: string[] = [];
  const locations = knownStrings(values.locations)?.map((location) => location.toLowerCase());
  const categories = knownStrings(values.categories)?.map((category) => category.toLowerCase());
  const destinationValue = isAbsent(values.storage_account_id) ? values.servicebus_rule_id : values.storage_account_id;
  const destination = pointerText(
    destinationValue,
    linkedRecord(destinationValue, record, scan.ofType('azurerm_storage_account'), 'id'),
  );
  const props: LoggingTrailProps = compact({
    enabled: true,
    multiRegion: locations ? locations.includes('global') && locations.some((l) => l !== 'global') : undefined,
    // Retention applies to the storage account copy; a profile that only streams keeps nothing.
    retentionDays: isAbsent(values.storage_account_id) ? undefined : retentionOf(record, defaulted),
    managementEvents: categories ? ['write', 'delete', 'action'].every((c) => categories.includes(c)) : undefined,
    destination,
  });
  return buildResource(record, scan.sourceId, 'logging.trail', props, {
    defaulted,
    propAttrs: {
      multiRegion: 'locations',
      retentionDays: 'retention_policy',
      managementEvents: 'categories',
      destination: isAbsent(values.storage_account_id) ? 'servicebus_rule_id' : 'storage_account_id',
    },
  });
}

export function mapLogAnalyticsWorkspace(record: TfResourceRecord, scan: Scan): Resource<'logging.log_group'> {
  const values = record.values;
  const defaulted: string[] = ['encryption.enabled'];
  let retentionDays: number | undefined;
  if (!isAbsent(values.retention_in_days)) retentionDays = num(values.retention_in_days);
  else if (isAbsent(values.sku) || isKnown(values.sku)) {
    retentionDays = str(values.sku)?.toLowerCase() === 'free' ? 7 : 30;
    defaulted.push('retentionDays');
  }
  const props: LoggingLogGroupProps = compact({ retentionDays, encryption: { enabled: true } });
  return buildResource(record, scan.sourceId, 'logging.log_group', props, {
    defaulted,
    propAttrs: { retentionDays: 'retention_in_days' },
  });
}
