// AWS::EKS::Cluster -> k8s.cluster: who can reach the API server, from ResourcesVpcConfig with
// EKS's defaults (src/providers/aws/eks.ts) where the template says nothing.

import { isUnknown, markUnknown, type Unknown, unknownReason } from '../../../../kit/unknown.ts';
import { stated, statedStrings } from '../../../../kit/values.ts';
import type { Resource } from '../../../../model/resource.ts';
import { eksEndpointAccess } from '../../../../providers/aws/eks.ts';
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
    const vpcLine = ctx.lineOf(p, 'ResourcesVpcConfig');
    const built = ctx.build(cluster, 'k8s.cluster', access.props, {
      defaulted: access.defaulted,
      propLines: Object.fromEntries(
        Object.entries(ATTRS).map(([prop, key]) => [prop, ctx.lineOf(vpc, key) ?? vpcLine]),
      ),
    });
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
