// azurerm_kubernetes_cluster -> k8s.cluster, through the AKS knowledge in src/providers/azure:
// `private_cluster_enabled`, `api_server_access_profile.authorized_ip_ranges` (before provider 3.x
// the top-level `api_server_authorized_ip_ranges`) and the 3.x `public_network_access_enabled`.

import { isUnknown, markUnknown, unknownReason } from '../../../../../kit/unknown.ts';
import { compact, stated, statedStrings } from '../../../../../kit/values.ts';
import type { Resource } from '../../../../../model/resource.ts';
import { aksApiAccess } from '../../../../../providers/azure/kubernetes.ts';
import type { TfResourceRecord } from '../../records.ts';
import { bool, buildResource, firstBlock } from '../common.ts';
import type { Scan } from './scan.ts';

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
  const rangesLine = record.attrLines?.[rangesAttr.split('.')[0] ?? rangesAttr];
  const privateLine = record.attrLines?.private_cluster_enabled;
  const resource = buildResource(record, scan.sourceId, 'k8s.cluster', access.props, {
    defaulted: access.defaulted,
    propLines: compact({
      privateEndpoint: privateLine,
      publicEndpoint: record.attrLines?.public_network_access_enabled ?? privateLine,
      publicAccessCidrs: rangesLine,
    }) as Record<string, number>,
  });
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
