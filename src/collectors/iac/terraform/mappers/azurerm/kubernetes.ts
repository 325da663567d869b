// azurerm_kubernetes_cluster -> k8s.cluster, through the AKS knowledge in src/providers/azure:
// `private_cluster_enabled`, `api_server_access_profile.authorized_ip_ranges` (before provider 3.x
// the top-level `api_server_authorized_ip_ranges`) and the 3.x `public_network_access_enabled`;
// RBAC, network policy, the Azure Policy and OMS agent add-ons (3.x+ attributes, and 2.x's
// `role_based_access_control` and `addon_profile` blocks), KMS etcd encryption, and the audit log
// from an `azurerm_monitor_diagnostic_setting` on the cluster.

import { firstUnknownIn, isUnknown, markUnknown, unknownReason } from '../../../../../kit/unknown.ts';
import { compact, type Stated, stated, statedStrings, str } from '../../../../../kit/values.ts';
import type { Resource } from '../../../../../model/resource.ts';
import { aksApiAccess, aksHardening } from '../../../../../providers/azure/kubernetes.ts';
import type { TfResourceRecord } from '../../records.ts';
import { blocks, bool, buildResource, firstBlock, type Values } from '../common.ts';
import { firstWritten, isAbsent, linkedRecord, type Scan } from './scan.ts';

export function mapKubernetesCluster(record: TfResourceRecord, scan: Scan): Resource<'k8s.cluster'> {
  const v = record.values;
  const profileValue = v.api_server_access_profile;
  const profile = firstBlock(profileValue);
  const profileUnknown = isUnknown(profileValue) || (Array.isArray(profileValue) && profileValue.some(isUnknown));
  const [rangesAttr, rangesValue] =
    profile?.authorized_ip_ranges !== undefined
      ? ['api_server_access_profile.authorized_ip_ranges', profile.authorized_ip_ranges]
      : profileUnknown
        ? ['api_server_access_profile', profileValue]
        : ['api_server_authorized_ip_ranges', v.api_server_authorized_ip_ranges];
  const access = aksApiAccess({
    privateCluster: stated(v.private_cluster_enabled, bool),
    authorizedIpRanges: statedStrings(rangesValue),
    publicNetworkAccess: stated(v.public_network_access_enabled, bool),
  });
  const hardening = hardeningOf(record, scan);
  const rangesLine = record.attrLines?.[rangesAttr.split('.')[0] ?? rangesAttr];
  const privateLine = record.attrLines?.private_cluster_enabled;
  const lines = record.attrLines ?? {};
  const resource = buildResource(
    record,
    scan.sourceId,
    'k8s.cluster',
    { ...access.props, ...hardening.settings.props },
    {
      defaulted: [...access.defaulted, ...hardening.settings.defaulted],
      propLines: compact({
        privateEndpoint: privateLine,
        publicEndpoint: record.attrLines?.public_network_access_enabled ?? privateLine,
        publicAccessCidrs: rangesLine,
        rbac: lines.role_based_access_control_enabled ?? lines.role_based_access_control,
        networkPolicy: lines.network_profile,
        policyEnforcement: lines.azure_policy_enabled ?? lines.addon_profile,
        monitoring: lines.oms_agent ?? lines.addon_profile,
        secretsCustomerKey: lines.key_management_service,
      }) as Record<string, number>,
    },
  );
  for (const prop of hardening.settings.unknown) {
    const [attr, value] = hardening.written[prop] ?? [prop, undefined];
    markUnknown(resource, prop, isUnknown(value) ? unknownReason(attr, value) : `${attr} could not be resolved`);
  }
  const written: Record<string, [string, unknown]> = {
    privateEndpoint: ['private_cluster_enabled', v.private_cluster_enabled],
    publicEndpoint: isUnknown(v.public_network_access_enabled)
      ? ['public_network_access_enabled', v.public_network_access_enabled]
      : ['private_cluster_enabled', v.private_cluster_enabled],
    publicAccessCidrs: [rangesAttr, rangesValue],
  };
  for (const prop of access.unknown) {
    const [attr, value] = written[prop] ?? [prop, undefined];
    const found = Array.isArray(value) ? value.find(isUnknown) : value;
    markUnknown(resource, prop, isUnknown(found) ? unknownReason(attr, found) : `${attr} could not be resolved`);
  }
  return resource;
}

/** A value written as a known boolean, unknown (null), or not written (undefined). */
const statedBool = (value: unknown): Stated<boolean> => stated(value, bool);

/** A nested block written as an unknown value (a `dynamic` block, a variable). */
const blockUnknown = (value: unknown): boolean => isUnknown(value) || (Array.isArray(value) && value.some(isUnknown));

/** An add-on of the 2.x `addon_profile` block: `addon_profile { oms_agent { enabled = true } }`. */
function legacyAddon(v: Values, name: string): { attr: string; value: Stated<boolean> } | undefined {
  const profileValue = v.addon_profile;
  if (isAbsent(profileValue)) return undefined;
  if (blockUnknown(profileValue)) return { attr: 'addon_profile', value: null };
  const addon = firstBlock(profileValue)?.[name];
  if (isAbsent(addon)) return undefined;
  if (blockUnknown(addon)) return { attr: `addon_profile.${name}`, value: null };
  return { attr: `addon_profile.${name}.enabled`, value: statedBool(firstBlock(addon)?.enabled) ?? null };
}

/** A block that switches a feature on by being there (oms_agent, key_management_service). */
function presentBlock(value: unknown, required: string): Stated<boolean> {
  if (isAbsent(value)) return undefined;
  if (blockUnknown(value)) return null;
  const block = firstBlock(value);
  if (!block) return false;
  // The block's required attribute: a workspace or key given (even by reference) turns it on.
  return !isAbsent(block[required]);
}

function hardeningOf(record: TfResourceRecord, scan: Scan) {
  const v = record.values;
  const written: Record<string, [string, unknown]> = {};
  const note = (prop: string, attr: string, value: unknown): void => {
    written[prop] = [attr, firstUnknownIn(value) ?? value];
  };

  // RBAC: 3.x+ role_based_access_control_enabled (default true), 2.x role_based_access_control { enabled }.
  const rbacWritten = firstWritten(v, ['role_based_access_control_enabled', 'role_based_access_control']);
  let rbac: Stated<boolean>;
  if (rbacWritten?.name === 'role_based_access_control') {
    rbac = blockUnknown(rbacWritten.value) ? null : (statedBool(firstBlock(rbacWritten.value)?.enabled) ?? null);
  } else rbac = statedBool(rbacWritten?.value);
  if (rbacWritten) note('rbac', rbacWritten.name, rbacWritten.value);

  const networkValue = v.network_profile;
  const network = firstBlock(networkValue);
  const networkUnknown = blockUnknown(networkValue);
  const policyValue = network?.network_policy;
  // 4.x network_data_plane, 3.x ebpf_data_plane.
  const planeValue = network?.network_data_plane ?? network?.ebpf_data_plane;
  note(
    'networkPolicy',
    'network_profile',
    networkUnknown ? networkValue : isUnknown(policyValue) ? policyValue : planeValue,
  );

  const policyAddon = isAbsent(v.azure_policy_enabled) ? legacyAddon(v, 'azure_policy') : undefined;
  note(
    'policyEnforcement',
    policyAddon?.attr ?? 'azure_policy_enabled',
    policyAddon ? v.addon_profile : v.azure_policy_enabled,
  );
  const omsAddon = isAbsent(v.oms_agent) ? legacyAddon(v, 'oms_agent') : undefined;
  note('monitoring', omsAddon?.attr ?? 'oms_agent', omsAddon ? v.addon_profile : v.oms_agent);
  note('secretsCustomerKey', 'key_management_service', v.key_management_service);

  const audit = auditSetting(record, scan);
  const settings = aksHardening({
    rbac,
    rbacDefault: true,
    networkPolicy: networkUnknown ? null : stated(policyValue, str),
    networkDataplane: networkUnknown ? null : stated(planeValue, str),
    policyAddon: policyAddon ? policyAddon.value : statedBool(v.azure_policy_enabled),
    monitoring: omsAddon ? omsAddon.value : presentBlock(v.oms_agent, 'log_analytics_workspace_id'),
    secretsKey: presentBlock(v.key_management_service, 'key_vault_key_id'),
    auditLogging: audit ? true : undefined,
  });
  return { settings, written };
}

// Control-plane log categories that carry the API server's audit log.
const AUDIT_CATEGORIES = new Set(['kube-audit', 'kube-audit-admin']);
const AUDIT_GROUPS = new Set(['audit', 'alllogs']);

/** A diagnostic setting on this cluster that sends its audit log somewhere. */
function auditSetting(record: TfResourceRecord, scan: Scan): TfResourceRecord | undefined {
  return scan.ofType('azurerm_monitor_diagnostic_setting').find((setting) => {
    if (linkedRecord(setting.values.target_resource_id, setting, [record], 'id') !== record) return false;
    const logs = [...blocks(setting.values.enabled_log), ...blocks(setting.values.log)];
    return logs.some((log) => {
      if (bool(log.enabled) === false) return false;
      const category = str(log.category)?.toLowerCase();
      const group = str(log.category_group)?.toLowerCase();
      return (
        (category !== undefined && AUDIT_CATEGORIES.has(category)) || (group !== undefined && AUDIT_GROUPS.has(group))
      );
    });
  });
}
