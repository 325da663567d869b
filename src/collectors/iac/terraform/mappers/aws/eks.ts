// aws_eks_cluster -> k8s.cluster: who can reach the API server, from `vpc_config` with EKS's
// defaults (public endpoint on, open to 0.0.0.0/0) where it says nothing; control-plane log types
// (`enabled_cluster_log_types`) and secrets encryption (`encryption_config`), none by default.

import { firstUnknownIn, isUnknown, markUnknown, unknownReason } from '../../../../../kit/unknown.ts';
import { stated } from '../../../../../kit/values.ts';
import type { Resource } from '../../../../../model/resource.ts';
import { eksEndpointAccess, eksHardening, secretsKeyOf } from '../../../../../providers/aws/eks.ts';
import type { TfResourceRecord } from '../../records.ts';
import { blocks, bool, buildResource, firstBlock } from '../common.ts';
import type { AwsContext } from './context.ts';

/** The known items of a list, and whether every item is known. */
function knownStrings(value: unknown): { items: string[]; complete: boolean } | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) return { items: [], complete: false };
  const items = value.filter((item): item is string => typeof item === 'string');
  return { items, complete: items.length === value.length };
}

export function mapEksClusters(ctx: AwsContext): Resource[] {
  return ctx.index.ofType('aws_eks_cluster').map((r) => {
    const vpcAttr = r.values.vpc_config;
    const vpc = firstBlock(vpcAttr);
    // A dynamic vpc_config (known only at apply): every endpoint setting is unknown.
    const whole = isUnknown(vpcAttr) || (Array.isArray(vpcAttr) && vpcAttr.some(isUnknown));
    const cidrs = knownStrings(vpc?.public_access_cidrs);
    const access = eksEndpointAccess(
      whole
        ? { publicAccess: null, privateAccess: null, publicAccessCidrs: null }
        : {
            publicAccess: stated(vpc?.endpoint_public_access, bool),
            privateAccess: stated(vpc?.endpoint_private_access, bool),
            publicAccessCidrs: cidrs === undefined ? undefined : cidrs.complete ? cidrs.items : null,
          },
    );
    // Keep the known CIDRs of a partly unknown list: one open to every address decides alone.
    if (cidrs && !cidrs.complete && cidrs.items.length > 0) access.props.publicAccessCidrs = cidrs.items;
    const hardening = eksHardeningOf(r);
    const line = r.attrLines?.vpc_config;
    const logLine = r.attrLines?.enabled_cluster_log_types;
    const encryptionLine = r.attrLines?.encryption_config;
    const resource = buildResource(
      r,
      ctx.sourceId,
      'k8s.cluster',
      { ...access.props, ...hardening.props },
      {
        defaulted: [...access.defaulted, ...hardening.defaulted],
        propLines: {
          ...(line === undefined ? {} : { publicEndpoint: line, privateEndpoint: line, publicAccessCidrs: line }),
          ...(logLine === undefined ? {} : { auditLogging: logLine, logTypes: logLine }),
          ...(encryptionLine === undefined ? {} : { secretsCustomerKey: encryptionLine }),
        },
      },
    );
    for (const prop of hardening.unknown) {
      const [attr, value] =
        prop === 'secretsCustomerKey'
          ? ['encryption_config', r.values.encryption_config]
          : ['enabled_cluster_log_types', r.values.enabled_cluster_log_types];
      const found = firstUnknownIn(value);
      markUnknown(resource, prop, isUnknown(found) ? unknownReason(attr, found) : `${attr} is not known until apply`);
    }
    const attrs: Record<string, string> = {
      publicEndpoint: 'endpoint_public_access',
      privateEndpoint: 'endpoint_private_access',
      publicAccessCidrs: 'public_access_cidrs',
    };
    for (const prop of access.unknown) {
      const written = whole ? vpcAttr : vpc?.[attrs[prop] ?? ''];
      const value = Array.isArray(written) ? written.find(isUnknown) : written;
      const what = whole ? 'vpc_config' : `vpc_config.${attrs[prop]}`;
      markUnknown(resource, prop, isUnknown(value) ? unknownReason(what, value) : `${what} is not known until apply`);
    }
    return resource;
  });
}

/** Log types and secrets encryption as written; lists and blocks known only at apply stay unknown. */
function eksHardeningOf(r: TfResourceRecord): ReturnType<typeof eksHardening> {
  const types = r.values.enabled_cluster_log_types;
  const known = knownStrings(types);
  const encryption = r.values.encryption_config;
  const entries = blocks(encryption);
  const encryptionUnknown = isUnknown(encryption) || (Array.isArray(encryption) && encryption.some(isUnknown));
  return eksHardening({
    logTypes: known === undefined ? undefined : known.complete || known.items.length > 0 ? known.items : null,
    someLogTypesUnknown: known !== undefined && !known.complete,
    secretsKey:
      encryption === undefined || encryption === null
        ? undefined
        : encryptionUnknown
          ? null
          : secretsKeyOf(entries.map((e) => ({ resources: e.resources, keyArn: firstBlock(e.provider)?.key_arn }))),
  });
}
