// AWS::EKS::Cluster -> k8s.cluster. Config records the cluster as EKS describes it, in the
// CloudFormation shape (ResourcesVpcConfig.EndpointPublicAccess...) or the API's (resourcesVpcConfig.
// endpointPublicAccess...): both are read. Nothing is defaulted: a setting Config does not state
// is unknown (the cluster is not evaluated, never passed or failed on it) and named as a problem.
import { arr, bool, type ConfigItem, type MapResult, obj } from './item.ts';

export function mapEksCluster(item: ConfigItem): MapResult {
  const c = item.configuration;
  const vpc = obj(c.ResourcesVpcConfig) ?? obj(c.resourcesVpcConfig) ?? {};
  const publicEndpoint = bool(vpc.EndpointPublicAccess ?? vpc.endpointPublicAccess);
  const privateEndpoint = bool(vpc.EndpointPrivateAccess ?? vpc.endpointPrivateAccess);
  const cidrs = arr(vpc.PublicAccessCidrs ?? vpc.publicAccessCidrs).filter((v): v is string => typeof v === 'string');
  const unknown: Record<string, string> = {};
  if (publicEndpoint === undefined) unknown.publicEndpoint = 'the item states no EndpointPublicAccess';
  if (publicEndpoint === true && cidrs.length === 0) unknown.publicAccessCidrs = 'the item states no PublicAccessCidrs';
  return {
    resources: [
      {
        kind: 'k8s.cluster',
        props: { publicEndpoint, privateEndpoint, publicAccessCidrs: cidrs.length > 0 ? cidrs : undefined },
        ...(Object.keys(unknown).length > 0 ? { unknown } : {}),
      },
    ],
    problems: Object.values(unknown),
  };
}
