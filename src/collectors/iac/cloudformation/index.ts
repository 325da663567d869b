// CloudFormation collector: templates (YAML or JSON) -> normalized resources with file and line.

import type { IacCollector, IacFile } from '../../../kit/format-contract.ts';
import { issueGaps } from '../../../kit/located.ts';
import { collectEachFile } from '../../../kit/per-file.ts';
import { attachVariants } from '../../../kit/variants.ts';
import type { Gap, Resource } from '../../../model/resource.ts';
import { linkTrailBuckets } from '../../../providers/aws/trail-bucket.ts';
import { type CfnResource, MapContext } from './context.ts';
import { Resolver } from './intrinsics.ts';
import { mapSecurityGroups, mapVolumes, mapVpcs } from './mappers/ec2.ts';
import { mapClassicListeners, mapListeners } from './mappers/elb.ts';
import { mapIamPolicies, mapIamUsers } from './mappers/iam.ts';
import { mapKmsKeys } from './mappers/kms.ts';
import { bucketExpirationRules, mapLogGroups, mapTrails } from './mappers/logging.ts';
import { mapRds } from './mappers/rds.ts';
import { mapS3 } from './mappers/s3.ts';
import { parseTemplate } from './template.ts';

export { looksLikeCloudFormation } from './detect.ts';

const MAPPERS = [
  mapS3,
  mapVolumes,
  mapRds,
  mapKmsKeys,
  mapSecurityGroups,
  mapVpcs,
  mapListeners,
  mapClassicListeners,
  mapIamPolicies,
  mapIamUsers,
  mapTrails,
  mapLogGroups,
];

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function collectFile(file: IacFile, sourceId: string): { resources: Resource[]; gaps: Gap[] } {
  const gaps: Gap[] = [];
  const parsed = parseTemplate(file.content);
  if (!parsed.ok) {
    return {
      resources: [],
      gaps: [
        { reason: parsed.reason ?? 'parse-error', message: parsed.message, file: file.relPath, line: parsed.line },
      ],
    };
  }
  for (const item of issueGaps(file.relPath, parsed.issues)) gaps.push(item);
  const template = parsed.value;
  if (!isObj(template) || !isObj(template.Resources)) {
    return {
      resources: [],
      gaps: [{ reason: 'parse-error', message: 'template has no Resources section', file: file.relPath, line: 1 }],
    };
  }
  const resolver = new Resolver(template, parsed.positions);
  const keyLines = parsed.positions.get(template.Resources)?.keys ?? {};
  const resources: CfnResource[] = [];
  for (const [logicalId, definition] of Object.entries(template.Resources)) {
    const line = keyLines[logicalId] ?? 1;
    if (!isObj(definition) || typeof definition.Type !== 'string') {
      gaps.push({ reason: 'parse-error', message: `resource ${logicalId} has no Type`, file: file.relPath, line });
      continue;
    }
    // A resource whose condition is decidably false is not created.
    if (typeof definition.Condition === 'string' && resolver.condition(definition.Condition) === false) continue;
    const props = resolver.resolve(definition.Properties ?? {});
    resources.push({
      logicalId,
      type: definition.Type,
      props: isObj(props) ? props : {},
      written: definition.Properties,
      line,
      endLine: parsed.positions.get(definition)?.endLine,
    });
  }
  const ctx = new MapContext(file.relPath, sourceId, resources, parsed.positions);
  const out = MAPPERS.flatMap((map) => map(ctx));
  const expiration = bucketExpirationRules(ctx);
  linkTrailBuckets(out, (uid) => expiration.get(uid));
  attachVariants(
    {
      items: resources,
      valuesOf: (resource) => resource.props,
      withValues: (resource, props) => ({ ...resource, props: props as CfnResource['props'] }),
      map: (items) => {
        const variantCtx = new MapContext(file.relPath, sourceId, items, parsed.positions);
        return MAPPERS.flatMap((map) => map(variantCtx));
      },
    },
    out,
  );
  return { resources: out, gaps: [...gaps, ...ctx.gaps] };
}

export const collectCloudFormation: IacCollector = collectEachFile('CloudFormation', collectFile);
