// AWS::EKS::Cluster -> k8s.cluster: who can reach the API server, from ResourcesVpcConfig, control-
// plane log types (Logging.ClusterLogging.EnabledTypes) and secrets encryption (EncryptionConfig),
// with EKS's defaults (src/providers/aws/eks.ts) where the template says nothing.

import { firstUnknownIn, isUnknown, markUnknown, type Unknown, unknownReason } from '../../../../kit/unknown.ts';
import { stated, statedStrings } from '../../../../kit/values.ts';
import type { Resource } from '../../../../model/resource.ts';
import { eksEndpointAccess, eksHardening, secretsKeyOf } from '../../../../providers/aws/eks.ts';
import { bool, type MapContext, obj } from '../context.ts';

const ATTRS: Record<string, string> = {
  publicEndpoint: 'EndpointPublicAccess',
  privateEndpoint: 'EndpointPrivateAccess',
  publicAccessCidrs: 'PublicAccessCidrs',
};

export function mapEksClusters(ctx: MapContext): Resource[] {
  return ctx.ofType('AWS::EKS::Cluster').map((cluster) => {
    const p = cluster.props;
    const vpcValue = p.ResourcesVpcConfig;
    const vpc = obj(vpcValue);
    const whole = vpcValue !== undefined && vpc === undefined;
    const access = eksEndpointAccess(
      whole
        ? { publicAccess: null, privateAccess: null, publicAccessCidrs: null }
        : {
            publicAccess: stated(vpc?.EndpointPublicAccess, bool),
            privateAccess: stated(vpc?.EndpointPrivateAccess, bool),
            publicAccessCidrs: statedStrings(vpc?.PublicAccessCidrs),
          },
    );
    const hardening = eksHardening({ logTypes: logTypesOf(p.Logging), secretsKey: secretsKeyIn(p.EncryptionConfig) });
    const vpcLine = ctx.lineOf(p, 'ResourcesVpcConfig');
    const logLine = ctx.lineOf(p, 'Logging');
    const encryptionLine = ctx.lineOf(p, 'EncryptionConfig');
    const built = ctx.build(
      cluster,
      'k8s.cluster',
      { ...access.props, ...hardening.props },
      {
        defaulted: [...access.defaulted, ...hardening.defaulted],
        propLines: {
          ...Object.fromEntries(Object.entries(ATTRS).map(([prop, key]) => [prop, ctx.lineOf(vpc, key) ?? vpcLine])),
          auditLogging: logLine,
          logTypes: logLine,
          secretsCustomerKey: encryptionLine,
        },
      },
    );
    for (const prop of hardening.unknown) {
      const key = prop === 'secretsCustomerKey' ? 'EncryptionConfig' : 'Logging';
      const found = firstUnknownIn(p[key]);
      markUnknown(built, prop, found ? unknownReason(key, found) : `${key} could not be resolved from the template`);
    }
    for (const prop of access.unknown) {
      const key = ATTRS[prop] ?? prop;
      const written = whole ? vpcValue : vpc?.[key];
      const found = Array.isArray(written) ? written.find((item) => typeof item !== 'string') : written;
      const what = whole ? 'ResourcesVpcConfig' : `ResourcesVpcConfig.${key}`;
      markUnknown(
        built,
        prop,
        isUnknown(found) ? unknownReason(what, found as Unknown) : `${what} could not be resolved from the template`,
      );
    }
    return built;
  });
}

/** Logging.ClusterLogging.EnabledTypes[].Type; an intrinsic anywhere on the way leaves them unknown. */
function logTypesOf(logging: unknown): string[] | null | undefined {
  if (logging === undefined) return undefined;
  const clusterLogging = obj(logging)?.ClusterLogging;
  if (obj(logging) === undefined || (clusterLogging !== undefined && obj(clusterLogging) === undefined)) return null;
  const enabled = obj(clusterLogging)?.EnabledTypes;
  if (enabled === undefined) return [];
  if (!Array.isArray(enabled)) return null;
  const types = enabled.map((entry) => obj(entry)?.Type);
  return types.every((t): t is string => typeof t === 'string') ? types : null;
}

/** EncryptionConfig: [{ Resources: [secrets], Provider: { KeyArn } }]. */
function secretsKeyIn(config: unknown): boolean | null | undefined {
  if (config === undefined) return undefined;
  if (!Array.isArray(config)) return null;
  const entries = config.map(obj);
  if (entries.some((e) => e === undefined)) return null;
  return secretsKeyOf(entries.map((e) => ({ resources: e?.Resources, keyArn: obj(e?.Provider)?.KeyArn })));
}
