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
