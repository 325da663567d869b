// Who can reach an EKS cluster's API server, and EKS's defaults when a configuration does not say,
// shared by Terraform (aws_eks_cluster), CloudFormation and AWS Config (AWS::EKS::Cluster).
import type { Stated } from '../../kit/values.ts';
import type { K8sClusterProps } from '../../model/kinds.ts';

export interface EksEndpointSettings {
  publicAccess: Stated<boolean>;
  privateAccess: Stated<boolean>;
  publicAccessCidrs: Stated<string[]>;
}

export interface EksEndpointAccess {
  props: K8sClusterProps;
  /** Props filled from EKS's documented defaults. */
  defaulted: string[];
  /** Props the source states but whose value is not known. */
  unknown: string[];
}

// EKS API (CreateCluster, VpcConfigRequest): endpointPublicAccess defaults to true,
// endpointPrivateAccess to false, publicAccessCidrs to 0.0.0.0/0.
const DEFAULTS = { publicEndpoint: true, privateEndpoint: false, publicAccessCidrs: ['0.0.0.0/0'] } as const;

/** The cluster's endpoint props with EKS's defaults applied where a setting is not written. */
export function eksEndpointAccess(settings: EksEndpointSettings): EksEndpointAccess {
  const props: K8sClusterProps = {};
  const defaulted: string[] = [];
  const unknown: string[] = [];
  const take = <K extends keyof typeof DEFAULTS>(prop: K, value: Stated<K8sClusterProps[K]>): void => {
    if (value === null) unknown.push(prop);
    else if (value === undefined) {
      Object.assign(props, { [prop]: structuredClone(DEFAULTS[prop]) });
      defaulted.push(prop);
    } else Object.assign(props, { [prop]: value });
  };
  take('publicEndpoint', settings.publicAccess);
  take('privateEndpoint', settings.privateAccess);
  // An empty list sends no CIDRs: EKS then applies its default.
  take('publicAccessCidrs', settings.publicAccessCidrs?.length === 0 ? undefined : settings.publicAccessCidrs);
  return { props, defaulted, unknown };
}

export interface EksHardeningSettings {
  /** enabled_cluster_log_types / Logging.ClusterLogging.EnabledTypes. */
  logTypes: Stated<string[]>;
  /** An encryption configuration covering "secrets" with a KMS key (a key given by reference counts). */
  secretsKey: Stated<boolean>;
  /** logTypes holds only the known items of a list with unknown ones. */
  someLogTypesUnknown?: boolean;
}

// The control-plane log type that records every request to the API server with who made it. The
// others are component logs (api, controllerManager, scheduler) or sign-in mapping
// (authenticator): useful, but not the record of who did what.
const AUDIT_LOG_TYPE = 'audit';

/**
 * Logging and secrets encryption with EKS's defaults where a configuration does not say: no
 * control-plane log type is enabled, and secrets get EKS's default envelope encryption with an
 * AWS-owned key (Kubernetes 1.28 and later), not a key the customer manages.
 */
export function eksHardening(settings: EksHardeningSettings): EksEndpointAccess {
  const props: K8sClusterProps = {};
  const defaulted: string[] = [];
  const unknown: string[] = [];
  const types = settings.logTypes;
  if (types === null) unknown.push('auditLogging', 'logTypes');
  else if (settings.someLogTypesUnknown) {
    // Known items of a partly unknown list: "audit" among them decides alone.
    unknown.push('logTypes');
    if (types?.includes(AUDIT_LOG_TYPE)) props.auditLogging = true;
    else unknown.push('auditLogging');
  } else {
    props.logTypes = types ?? [];
    props.auditLogging = props.logTypes.includes(AUDIT_LOG_TYPE);
    if (types === undefined) defaulted.push('auditLogging', 'logTypes');
  }
  if (settings.secretsKey === null) unknown.push('secretsCustomerKey');
  else {
    props.secretsCustomerKey = settings.secretsKey ?? false;
    if (settings.secretsKey === undefined) defaulted.push('secretsCustomerKey');
  }
  return { props, defaulted, unknown };
}

/** Any entry covering secrets with a key decides; else an entry not known leaves it unknown. */
export function secretsKeyOf(entries: { resources: unknown; keyArn: unknown }[]): boolean | null {
  const each = entries.map((entry) => secretsWithKey(entry.resources, entry.keyArn));
  if (each.includes(true)) return true;
  return each.includes(null) ? null : false;
}

/** Whether one encryption configuration entry covers secrets with a key; null when that is not known. */
function secretsWithKey(resources: unknown, keyArn: unknown): boolean | null {
  if (!Array.isArray(resources)) return null;
  const covers = resources.some((r) => r === 'secrets');
  if (!covers) return resources.every((r) => typeof r === 'string') ? false : null;
  // The provider requires a key ARN; one written as a reference (aws_kms_key.x.arn) is still a key.
  if (keyArn === undefined || keyArn === null || keyArn === '') return false;
  return true;
}
