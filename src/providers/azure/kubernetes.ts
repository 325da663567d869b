// Microsoft.ContainerService/managedClusters (AKS) -> k8s.cluster: who can reach the API server.
// What decides it, read the same from ARM, Resource Graph and Terraform's azurerm_kubernetes_cluster:
// - a private cluster's API server has only an internal address (its optional public FQDN resolves
//   to that address), and publicNetworkAccess "Disabled" closes the public endpoint too;
// - otherwise the endpoint is public, open to every address unless authorized IP ranges are set
//   (an empty list admits every address, as AKS documents).

import { isUnknown, markUnknown, type Unknown, unknownReason } from '../../kit/unknown.ts';
import { type Stated, stated, statedStrings } from '../../kit/values.ts';
import type { K8sClusterProps } from '../../model/kinds.ts';
import type { Resource } from '../../model/resource.ts';
import { type AzureResource, type AzureResources, bool, obj } from './resources.ts';
import { publicNetworkAccess } from './settings.ts';

export interface AksApiSettings {
  privateCluster: Stated<boolean>;
  authorizedIpRanges: Stated<string[]>;
  /** false when public network access is disabled. */
  publicNetworkAccess: Stated<boolean>;
}

export interface AksApiAccess {
  props: K8sClusterProps;
  defaulted: string[];
  /** Props stated but not known. */
  unknown: string[];
}

const EVERY_ADDRESS = ['0.0.0.0/0'];

export function aksApiAccess(settings: AksApiSettings): AksApiAccess {
  const props: K8sClusterProps = {};
  const defaulted: string[] = [];
  const unknown: string[] = [];
  // enablePrivateCluster defaults to false.
  if (settings.privateCluster === null) unknown.push('privateEndpoint');
  else if (settings.privateCluster === undefined) {
    props.privateEndpoint = false;
    defaulted.push('privateEndpoint');
  } else props.privateEndpoint = settings.privateCluster;

  if (settings.publicNetworkAccess === false || props.privateEndpoint === true) props.publicEndpoint = false;
  else if (settings.privateCluster === null || settings.publicNetworkAccess === null) unknown.push('publicEndpoint');
  else {
    props.publicEndpoint = true;
    if (settings.privateCluster === undefined) defaulted.push('publicEndpoint');
  }

  const ranges = settings.authorizedIpRanges;
  if (ranges === null) unknown.push('publicAccessCidrs');
  else if (ranges === undefined || ranges.length === 0) {
    props.publicAccessCidrs = [...EVERY_ADDRESS];
    defaulted.push('publicAccessCidrs');
  } else props.publicAccessCidrs = ranges;
  return { props, defaulted, unknown };
}

/** "Enabled"/"Disabled"; "SecuredByPerimeter" leaves the endpoint to the perimeter's rules (not known here). */
const statedNetworkAccess = (value: unknown) => stated(value, publicNetworkAccess);

const MANAGED_CLUSTER = 'Microsoft.ContainerService/managedClusters';

export function mapManagedClusters<R extends AzureResource>(source: AzureResources<R>): Resource[] {
  return source.ofType(MANAGED_CLUSTER).map((cluster) => {
    const p = cluster.properties;
    const profileValue = p.apiServerAccessProfile;
    const profile = obj(profileValue);
    const profileUnknown = profileValue !== undefined && profile === undefined;
    const access = aksApiAccess(
      profileUnknown
        ? {
            privateCluster: null,
            authorizedIpRanges: null,
            publicNetworkAccess: statedNetworkAccess(p.publicNetworkAccess),
          }
        : {
            privateCluster: stated(profile?.enablePrivateCluster, bool),
            authorizedIpRanges: statedStrings(profile?.authorizedIPRanges),
            publicNetworkAccess: statedNetworkAccess(p.publicNetworkAccess),
          },
    );
    const profileLine = source.lineOf(p, 'apiServerAccessProfile');
    const built = source.build(cluster, 'k8s.cluster', access.props, {
      defaulted: access.defaulted,
      propLines: {
        privateEndpoint: source.lineOf(profile, 'enablePrivateCluster') ?? profileLine,
        publicEndpoint:
          source.lineOf(p, 'publicNetworkAccess') ?? source.lineOf(profile, 'enablePrivateCluster') ?? profileLine,
        publicAccessCidrs: source.lineOf(profile, 'authorizedIPRanges') ?? profileLine,
      },
    });
    const written: Record<string, unknown> = {
      privateEndpoint: profileUnknown ? profileValue : profile?.enablePrivateCluster,
      publicEndpoint: isUnknown(p.publicNetworkAccess)
        ? p.publicNetworkAccess
        : profileUnknown
          ? profileValue
          : profile?.enablePrivateCluster,
      publicAccessCidrs: profileUnknown ? profileValue : profile?.authorizedIPRanges,
    };
    for (const prop of access.unknown) markUnknown(built, prop, reasonFor(prop, written[prop]));
    return built;
  });
}

function reasonFor(prop: string, value: unknown): string {
  const what = `apiServerAccessProfile (${prop})`;
  const found = Array.isArray(value) ? value.find(isUnknown) : value;
  return isUnknown(found) ? unknownReason(what, found as Unknown) : `${what} could not be resolved from the source`;
}
