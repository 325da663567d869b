// azurerm_storage_account -> storage.bucket, azurerm_storage_container -> storage.container.
//
// Defaults: a default is filled (and listed in `defaulted`) only when azurerm v3, v4 and the v5
// documentation agree on it; v2 (retired 2022) is not considered. So:
// - https_traffic_only_enabled (v3: enable_https_traffic_only): true in every version -> filled.
// - min_tls_version: TLS1_2 since v3 (TLS1_0 in v2) -> filled.
// - allow_nested_items_to_be_public: true in v3/v4, false in v5 (v2's allow_blob_public_access:
//   false) -> depends on the provider version, left absent when not written.
// - Azure Storage always encrypts data at rest (AES-256, platform-managed keys, no opt-out):
//   encryption.enabled is true and defaulted unless a customer-managed key is configured.
// - public_network_access_enabled: true in v3, v4 and v5 -> filled; network_rules absent: the
//   account admits every network (default_action Allow) -> filled.

import { isUnknown, markUnknown, unknownReason } from '../../../../../kit/unknown.ts';
import { compact, str } from '../../../../../kit/values.ts';
import type { StorageBucketProps, StorageContainerProps } from '../../../../../model/kinds.ts';
import type { Gap, Resource } from '../../../../../model/resource.ts';
import { tlsVersion } from '../../../../../providers/azure/settings.ts';
import { networkAccessWithDefaults, unreadableReason } from '../../../../../providers/azure/storage-network.ts';
import type { TfResourceRecord } from '../../records.ts';
import { blocks, bool, buildResource, firstBlock, gapAt, isKnown, type Values } from '../common.ts';
import { boolOrDefault, firstWritten, isAbsent, linkedRecord, linkedRecords, pointerText, type Scan } from './scan.ts';

const ACCOUNT_TYPES = ['azurerm_storage_account'];

/**
 * azurerm_storage_account_network_rules whose account is not in the scanned files: which networks
 * reach that account also depends on its public_network_access_enabled, so it is not judged; a gap says so.
 */
export function unlinkedNetworkRules(scan: Scan): Gap[] {
  const accounts = scan.ofType(...ACCOUNT_TYPES);
  return scan
    .ofType('azurerm_storage_account_network_rules')
    .filter(
      (rules) =>
        linkedRecords(rules.values.storage_account_id, rules, accounts, 'id').length === 0 &&
        linkedRecords(rules.values.storage_account_name, rules, accounts, 'name').length === 0,
    )
    .map((rules) =>
      gapAt(
        rules,
        'unresolved-reference',
        'its storage account is not in the scanned files; the account was not evaluated for network access',
      ),
    );
}

function encryptionOf(record: TfResourceRecord, scan: Scan, defaulted: string[]): StorageBucketProps['encryption'] {
  const inline = firstBlock(record.values.customer_managed_key);
  const [separate] = scan.pointingAt(record, 'customer keys', ['azurerm_storage_account_customer_managed_key'], (cmk) =>
    linkedRecords(cmk.values.storage_account_id, cmk, scan.records, 'id'),
  );
  const keyHolder = inline ?? separate?.values;
  if (keyHolder) {
    const keyRecords = scan.ofType('azurerm_key_vault_key');
    const keyId = keyHolder.key_vault_key_id ?? keyHolder.managed_hsm_key_id;
    const from = separate ?? record;
    const kmsKeyId = pointerText(keyId, linkedRecord(keyId, from, keyRecords, 'id'));
    return kmsKeyId === undefined ? { enabled: true } : { enabled: true, kmsKeyId };
  }
  defaulted.push('encryption.enabled');
  return { enabled: true };
}

/** Storage Analytics logging of the queue service: on when any of read/write/delete is logged. */
function queueLogging(values: Values): boolean | undefined {
  const queue = firstBlock(values.queue_properties);
  const logging = queue ? firstBlock(queue.logging) : undefined;
  if (!logging) return undefined;
  const flags = [logging.read, logging.write, logging.delete].map(bool);
  if (flags.some((flag) => flag === true)) return true;
  return flags.every((flag) => flag === false) ? false : undefined;
}

const STORAGE_LOG_CATEGORIES = new Set(['storageread', 'storagewrite', 'storagedelete']);

function hasAccessLogs(setting: Values): boolean {
  const logs = [...blocks(setting.enabled_log), ...blocks(setting.log)];
  return logs.some((log) => {
    if (bool(log.enabled) === false) return false;
    const category = str(log.category)?.toLowerCase();
    const group = str(log.category_group)?.toLowerCase();
    return (category !== undefined && STORAGE_LOG_CATEGORIES.has(category)) || group === 'alllogs' || group === 'audit';
  });
}

/** A literal resource id naming the account, or one of its services below it. */
function literalTargets(id: string | undefined, accountName: string | undefined): boolean {
  if (id === undefined || accountName === undefined) return false;
  const marker = `/storageaccounts/${accountName.toLowerCase()}`;
  const at = id.toLowerCase().indexOf(marker);
  if (at < 0) return false;
  const next = id.charAt(at + marker.length);
  return next === '' || next === '/';
}

/** A diagnostic setting on the account or one of its services (`${account.id}/blobServices/default`). */
/** Accounts by lower-case name, for the literal ids a diagnostic setting targets. */
function accountsByName(scan: Scan): Map<string, TfResourceRecord[]> {
  return scan.memo('storage accounts by name', () => {
    const map = new Map<string, TfResourceRecord[]>();
    for (const account of scan.ofType(...ACCOUNT_TYPES)) {
      const name = str(account.values.name)?.toLowerCase();
      if (name !== undefined) map.set(name, [...(map.get(name) ?? []), account]);
    }
    return map;
  });
}

/** What a diagnostic setting with access logs targets: the resource it references, or accounts its literal id names. */
function diagnosticTargets(setting: TfResourceRecord, scan: Scan): TfResourceRecord[] {
  if (!hasAccessLogs(setting.values)) return [];
  const target = setting.values.target_resource_id;
  const id = str(target);
  const named = [...(id ?? '').toLowerCase().matchAll(/\/storageaccounts\/([^/]+)/g)].flatMap(
    (m) => accountsByName(scan).get(m[1] ?? '') ?? [],
  );
  return [
    ...linkedRecords(target, setting, scan.records, 'id'),
    ...named.filter((account) => literalTargets(id, str(account.values.name))),
  ];
}

function diagnosticLogging(record: TfResourceRecord, scan: Scan): { enabled: boolean; target?: string } | undefined {
  const [setting] = scan.pointingAt(record, 'diagnostic settings', ['azurerm_monitor_diagnostic_setting'], (s) =>
    diagnosticTargets(s, scan),
  );
  if (!setting) return undefined;
  const destination =
    setting.values.storage_account_id ??
    setting.values.log_analytics_workspace_id ??
    setting.values.eventhub_authorization_rule_id;
  const targetText = pointerText(destination, linkedRecord(destination, setting, scan.records, 'id'));
  return targetText === undefined ? { enabled: true } : { enabled: true, target: targetText };
}

function accessLoggingOf(
  record: TfResourceRecord,
  scan: Scan,
  defaulted: string[],
): StorageBucketProps['accessLogging'] {
  const diagnostic = diagnosticLogging(record, scan);
  if (diagnostic) return diagnostic;
  const queue = queueLogging(record.values);
  if (queue !== undefined) return { enabled: queue };
  // An unknown queue_properties/logging block may still log: say nothing rather than "off".
  const queueBlock = record.values.queue_properties;
  if (!isAbsent(queueBlock) && !isKnown(queueBlock)) return undefined;
  const first = firstBlock(queueBlock);
  if (first && !isAbsent(first.logging) && !isKnown(first.logging)) return undefined;
  // No logging is configured by default; a diagnostic setting outside the scanned files would not be seen.
  defaulted.push('accessLogging.enabled');
  return { enabled: false };
}

function versioningOf(values: Values, defaulted: string[]): StorageBucketProps['versioning'] {
  const blob = values.blob_properties;
  if (!isAbsent(blob) && !isKnown(blob)) return undefined;
  const first = firstBlock(blob);
  const written = first?.versioning_enabled;
  if (isAbsent(written)) {
    defaulted.push('versioning.enabled');
    return { enabled: false };
  }
  const enabled = bool(written);
  return enabled === undefined ? undefined : { enabled };
}

/**
 * Which networks reach the account. azurerm_storage_account_network_rules, where one names the
 * account, replaces the inline network_rules block (the provider says to use one or the other);
 * without either the account admits every network (default_action Allow), and
 * public_network_access_enabled defaults to true. Returns the value and the attribute it came from.
 */
function networkAccessOf(
  record: TfResourceRecord,
  scan: Scan,
  defaulted: string[],
): {
  value: StorageBucketProps['networkAccess'];
  action: { holder: TfResourceRecord; value: unknown; attr: string };
  unreadable: string[];
} {
  const [separate] = scan.pointingAt(record, 'network rules', ['azurerm_storage_account_network_rules'], (rules) => [
    ...linkedRecords(rules.values.storage_account_id, rules, scan.records, 'id'),
    ...linkedRecords(rules.values.storage_account_name, rules, scan.records, 'name'),
  ]);
  const block = record.values.network_rules;
  let action: { holder: TfResourceRecord; value: unknown; attr: string };
  if (separate) action = { holder: separate, value: separate.values.default_action, attr: 'default_action' };
  else if (isAbsent(block)) action = { holder: record, value: undefined, attr: 'network_rules' };
  else if (!isKnown(block)) action = { holder: record, value: block, attr: 'network_rules' };
  else action = { holder: record, value: firstBlock(block)?.default_action, attr: 'network_rules.default_action' };
  const unreadable: string[] = [];
  const value = networkAccessWithDefaults(
    { publicEnabled: record.values.public_network_access_enabled, defaultAction: action.value },
    defaulted,
    unreadable,
  );
  return { value, action, unreadable };
}

export function mapStorageAccount(record: TfResourceRecord, scan: Scan): Resource<'storage.bucket'> {
  const values = record.values;
  const defaulted: string[] = [];
  const required = boolOrDefault(
    values,
    ['https_traffic_only_enabled', 'enable_https_traffic_only'],
    true,
    'tls.required',
    defaulted,
  );
  const tlsWritten = firstWritten(values, ['min_tls_version']);
  let minVersion: string | undefined;
  if (tlsWritten) minVersion = tlsVersion(tlsWritten.value);
  else {
    minVersion = '1.2';
    defaulted.push('tls.minVersion');
  }
  const publicWritten = firstWritten(values, ['allow_nested_items_to_be_public', 'allow_blob_public_access']);
  const anonymousAccessAllowed = publicWritten ? bool(publicWritten.value) : undefined;

  const network = networkAccessOf(record, scan, defaulted);
  const props: StorageBucketProps = compact({
    encryption: encryptionOf(record, scan, defaulted),
    publicAccess: anonymousAccessAllowed === undefined ? undefined : { anonymousAccessAllowed },
    versioning: versioningOf(values, defaulted),
    accessLogging: accessLoggingOf(record, scan, defaulted),
    tls: compact({ required, minVersion }),
    networkAccess: network.value,
  });
  const httpsAttr = firstWritten(values, ['https_traffic_only_enabled', 'enable_https_traffic_only'])?.name;
  const built = buildResource(record, scan.sourceId, 'storage.bucket', props, {
    defaulted,
    propLines: compact({
      'networkAccess.defaultAction': network.action.holder === record ? record.attrLines?.network_rules : undefined,
    }) as Record<string, number>,
    propAttrs: compact({
      'tls.required': httpsAttr,
      'tls.minVersion': 'min_tls_version',
      'publicAccess.anonymousAccessAllowed': publicWritten?.name,
      'versioning.enabled': 'blob_properties',
      'accessLogging.enabled': 'queue_properties',
      'encryption.kmsKeyId': 'customer_managed_key',
      'networkAccess.publicEnabled': 'public_network_access_enabled',
    }) as Record<string, string>,
  });
  // A default action known only at deployment (a variable, a dynamic block) is not evaluated.
  const { value, attr, holder } = network.action;
  if (isUnknown(value)) {
    const where = holder === record ? attr : `${holder.address}.${attr}`;
    markUnknown(built, 'networkAccess.defaultAction', unknownReason(where, value));
  }
  for (const path of network.unreadable) markUnknown(built, path, unreadableReason(path));
  return built;
}

const ACCESS_LEVELS: Record<string, StorageContainerProps['anonymousAccess']> = {
  private: 'none',
  blob: 'blob',
  container: 'container',
};

export function mapStorageContainer(record: TfResourceRecord, scan: Scan): Resource<'storage.container'> {
  const values = record.values;
  const defaulted: string[] = [];
  let anonymousAccess: StorageContainerProps['anonymousAccess'];
  if (isAbsent(values.container_access_type)) {
    anonymousAccess = 'none';
    defaulted.push('anonymousAccess');
  } else {
    anonymousAccess = ACCESS_LEVELS[str(values.container_access_type)?.toLowerCase() ?? ''];
  }
  // v4 links by storage_account_id, v3 (and deprecated in v4) by storage_account_name.
  const accounts = scan.ofType(...ACCOUNT_TYPES);
  const byId = values.storage_account_id;
  const byName = values.storage_account_name;
  const account = isAbsent(byId)
    ? linkedRecord(byName, record, accounts, 'name')
    : linkedRecord(byId, record, accounts, 'id');
  const parentValue = isAbsent(byId) ? byName : byId;
  const parent = pointerText(parentValue, account);
  return buildResource(record, scan.sourceId, 'storage.container', compact({ anonymousAccess, parent }), {
    defaulted,
    propAttrs: { anonymousAccess: 'container_access_type' },
  });
}
