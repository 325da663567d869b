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
    const hardening = armHardening(p);
    const propertiesLine = source.startLine(p);
    const addonLine = (name: string): number | undefined =>
      source.lineOf(obj(entryOf(obj(p.addonProfiles), name)), 'enabled') ?? source.lineOf(p, 'addonProfiles');
    const profileLine = source.lineOf(p, 'apiServerAccessProfile');
    const built = source.build(
      cluster,
      'k8s.cluster',
      { ...access.props, ...hardening.settings.props },
      {
        defaulted: [...access.defaulted, ...hardening.settings.defaulted],
        // A setting left out points at `properties`, where it would be written.
        propLines: {
          rbac: source.lineOf(p, 'enableRBAC') ?? propertiesLine,
          networkPolicy:
            source.lineOf(obj(p.networkProfile), 'networkPolicy') ??
            source.lineOf(p, 'networkProfile') ??
            propertiesLine,
          policyEnforcement: addonLine('azurepolicy') ?? propertiesLine,
          monitoring: addonLine('omsagent') ?? source.lineOf(p, 'azureMonitorProfile') ?? propertiesLine,
          secretsCustomerKey: source.lineOf(p, 'securityProfile') ?? propertiesLine,
          privateEndpoint: source.lineOf(profile, 'enablePrivateCluster') ?? profileLine,
          publicEndpoint:
            source.lineOf(p, 'publicNetworkAccess') ?? source.lineOf(profile, 'enablePrivateCluster') ?? profileLine,
          publicAccessCidrs: source.lineOf(profile, 'authorizedIPRanges') ?? profileLine,
        },
      },
    );
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
    for (const prop of hardening.settings.unknown)
      markUnknown(built, prop, hardening.reasons[prop] ?? `${prop} could not be resolved from the source`);
    return built;
  });
}

function reasonFor(prop: string, value: unknown): string {
  const what = `apiServerAccessProfile (${prop})`;
  const found = Array.isArray(value) ? value.find(isUnknown) : value;
  return isUnknown(found) ? unknownReason(what, found as Unknown) : `${what} could not be resolved from the source`;
}

export interface AksHardeningSettings {
  /** Kubernetes RBAC (enableRBAC / role_based_access_control_enabled). */
  rbac: Stated<boolean>;
  /** What an absent RBAC setting means: the source's documented default, or null where none is documented. */
  rbacDefault: boolean | null;
  /** networkProfile.networkPolicy (azure, calico, cilium, none). */
  networkPolicy: Stated<string>;
  /** networkProfile.networkDataplane: with cilium, Cilium enforces network policies. */
  networkDataplane: Stated<string>;
  /** The Azure Policy add-on. */
  policyAddon: Stated<boolean>;
  /** Container insights (the omsagent add-on, azureMonitorProfile.containerInsights). */
  monitoring: Stated<boolean>;
  /** KMS etcd encryption with a Key Vault key (securityProfile.azureKeyVaultKms). */
  secretsKey: Stated<boolean>;
  /** A diagnostic setting sends the kube-audit (or kube-audit-admin) log; null where settings are not read. */
  auditLogging: Stated<boolean>;
}

/**
 * RBAC, network policy, add-ons, KMS and audit logging with AKS's defaults where the source says
 * nothing: no network policy engine (unless the Cilium data plane enforces one), no Azure Policy
 * add-on, no Container insights, secrets without a customer-managed KMS key, and no audit log (an
 * AKS cluster keeps control-plane logs only through a diagnostic setting).
 */
export function aksHardening(settings: AksHardeningSettings): AksApiAccess {
  const props: K8sClusterProps = {};
  const defaulted: string[] = [];
  const unknown: string[] = [];
  const take = <K extends keyof K8sClusterProps>(
    prop: K,
    value: Stated<K8sClusterProps[K]>,
    fallback: K8sClusterProps[K] | null,
  ): void => {
    if (value === null || (value === undefined && fallback === null)) unknown.push(prop);
    else if (value === undefined) {
      props[prop] = fallback as K8sClusterProps[K];
      defaulted.push(prop);
    } else props[prop] = value;
  };
  take('rbac', settings.rbac, settings.rbacDefault);
  take('policyEnforcement', settings.policyAddon, false);
  take('monitoring', settings.monitoring, false);
  take('secretsCustomerKey', settings.secretsKey, false);
  take('auditLogging', settings.auditLogging, false);
  const plane = settings.networkDataplane;
  const policy = settings.networkPolicy;
  const named = typeof policy === 'string' && policy !== '' && policy.toLowerCase() !== 'none';
  if (plane?.toLowerCase() === 'cilium') props.networkPolicy = 'cilium';
  else if (!named && (policy === null || plane === null)) unknown.push('networkPolicy');
  else take('networkPolicy', policy?.toLowerCase(), 'none');
  return { props, defaulted, unknown };
}

/** An entry of a map whose keys ARM compares without case (addonProfiles.azurepolicy / azurePolicy). */
function entryOf(map: Record<string, unknown> | undefined, name: string): unknown {
  if (!map) return undefined;
  const key = Object.keys(map).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : map[key];
}

/** `{ enabled }` of an add-on or profile: absent, a known boolean, or unknown (null). */
function enabledOf(value: unknown): Stated<boolean> {
  if (value === undefined || value === null) return undefined;
  const block = obj(value);
  return block ? (stated(block.enabled, bool) ?? (block.enabled === undefined ? false : null)) : null;
}

/** A written value that is not a readable object (an ARM expression) makes what depends on it unknown. */
const unreadable = (value: unknown): boolean => value !== undefined && value !== null && obj(value) === undefined;

function armHardening(p: Record<string, unknown>) {
  const reasons: Record<string, string> = {};
  const because = (prop: string, what: string, value: unknown): void => {
    reasons[prop] = isUnknown(value) ? unknownReason(what, value) : `${what} could not be resolved from the source`;
  };
  const addons = obj(p.addonProfiles);
  const addonsUnknown = unreadable(p.addonProfiles);
  const network = obj(p.networkProfile);
  const networkUnknown = unreadable(p.networkProfile);
  const security = obj(p.securityProfile);
  const monitorProfile = obj(p.azureMonitorProfile);
  const oms = addonsUnknown ? null : enabledOf(entryOf(addons, 'omsagent'));
  const insights = unreadable(p.azureMonitorProfile) ? null : enabledOf(monitorProfile?.containerInsights);
  const settings = aksHardening({
    rbac: stated(p.enableRBAC, bool),
    // The AKS API documents no default for an absent enableRBAC: not guessed.
    rbacDefault: null,
    networkPolicy: networkUnknown
      ? null
      : stated(network?.networkPolicy, (v) => (typeof v === 'string' ? v : undefined)),
    networkDataplane: networkUnknown
      ? null
      : stated(network?.networkDataplane, (v) => (typeof v === 'string' ? v : undefined)),
    policyAddon: addonsUnknown ? null : enabledOf(entryOf(addons, 'azurepolicy')),
    // Container insights through either the omsagent add-on or the newer azureMonitorProfile.
    monitoring: oms === true || insights === true ? true : oms === null || insights === null ? null : (oms ?? insights),
    secretsKey: unreadable(p.securityProfile) ? null : enabledOf(security?.azureKeyVaultKms),
    // Diagnostic settings are resources of their own (Microsoft.Insights/diagnosticSettings on the cluster), not read here.
    auditLogging: null,
  });
  because('rbac', 'enableRBAC', p.enableRBAC);
  if (p.enableRBAC === undefined) reasons.rbac = 'enableRBAC is not stated and the AKS API documents no default';
  because(
    'networkPolicy',
    'networkProfile',
    network ? (network.networkPolicy ?? network.networkDataplane) : p.networkProfile,
  );
  because(
    'policyEnforcement',
    'addonProfiles.azurepolicy',
    addonsUnknown ? p.addonProfiles : entryOf(addons, 'azurepolicy'),
  );
  because(
    'monitoring',
    'addonProfiles.omsagent / azureMonitorProfile',
    addonsUnknown ? p.addonProfiles : p.azureMonitorProfile,
  );
  because('secretsCustomerKey', 'securityProfile.azureKeyVaultKms', security?.azureKeyVaultKms ?? p.securityProfile);
  reasons.auditLogging =
    "the cluster's audit log is kept through a diagnostic setting (kube-audit), a resource of its own that is not read for AKS clusters";
  return { settings, reasons };
}
