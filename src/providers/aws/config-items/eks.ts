// AWS::EKS::Cluster -> k8s.cluster. Config records the cluster as EKS describes it, in the
// CloudFormation shape (ResourcesVpcConfig.EndpointPublicAccess...) or the API's (resourcesVpcConfig.
// endpointPublicAccess...): both are read. Nothing is defaulted: a setting Config does not state
// is unknown (the cluster is not evaluated, never passed or failed on it) and named as a problem.
import { secretsKeyOf } from '../eks.ts';
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
  const logTypes = logTypesOf(c);
  if (logTypes === undefined) {
    unknown.auditLogging = 'the item states no control-plane logging';
    unknown.logTypes = unknown.auditLogging;
  }
  const encryption = c.EncryptionConfig ?? c.encryptionConfig;
  const secretsCustomerKey =
    encryption === undefined ? undefined : (secretsKeyOf(arr(encryption).map(encryptionEntry)) ?? undefined);
  if (secretsCustomerKey === undefined)
    unknown.secretsCustomerKey =
      encryption === undefined
        ? 'the item states no EncryptionConfig'
        : "the item's EncryptionConfig could not be read";
  return {
    resources: [
      {
        kind: 'k8s.cluster',
        props: {
          publicEndpoint,
          privateEndpoint,
          publicAccessCidrs: cidrs.length > 0 ? cidrs : undefined,
          logTypes,
          auditLogging: logTypes?.includes('audit'),
          secretsCustomerKey,
        },
        ...(Object.keys(unknown).length > 0 ? { unknown } : {}),
      },
    ],
    problems: [...new Set(Object.values(unknown))],
  };
}

/**
 * Enabled log types, from the CloudFormation shape (Logging.ClusterLogging.EnabledTypes[].Type) or
 * the API's (logging.clusterLogging[]: { types, enabled }); undefined when the item has neither.
 */
function logTypesOf(c: Record<string, unknown>): string[] | undefined {
  const cfn = obj(obj(c.Logging)?.ClusterLogging);
  if (cfn) return arr(cfn.EnabledTypes).flatMap((entry) => strings([obj(entry)?.Type]));
  const api = obj(c.logging)?.clusterLogging;
  if (!Array.isArray(api)) return undefined;
  return api.flatMap((setup) => (bool(obj(setup)?.enabled) === true ? strings(arr(obj(setup)?.types)) : []));
}

function encryptionEntry(entry: unknown): { resources: unknown; keyArn: unknown } {
  const e = obj(entry) ?? {};
  const provider = obj(e.Provider ?? e.provider);
  return { resources: e.Resources ?? e.resources, keyArn: provider?.KeyArn ?? provider?.keyArn };
}

const strings = (values: unknown[]): string[] => values.filter((v): v is string => typeof v === 'string');
