// CloudFormation collector: templates (YAML or JSON) -> normalized resources with file and line.

import type { IacCollector, IacFile } from '../../../kit/format-contract.ts';
import { issueGaps } from '../../../kit/located.ts';
import { collectEachFile } from '../../../kit/per-file.ts';
import { attachVariants } from '../../../kit/variants.ts';
import type { Gap, Resource } from '../../../model/resource.ts';
import { linkTrailBuckets } from '../../../providers/aws/trail-bucket.ts';
import { type CfnResource, MapContext } from './context.ts';
import { expandForEach, hasForEach } from './foreach.ts';
import { Resolver } from './intrinsics.ts';
import { mapInstanceDisks, mapSecurityGroups, mapVolumes, mapVpcs } from './mappers/ec2.ts';
import { mapEksClusters } from './mappers/eks.ts';
import { mapClassicListeners, mapListeners } from './mappers/elb.ts';
import { mapIamPolicies, mapIamUsers } from './mappers/iam.ts';
import { mapKmsKeys } from './mappers/kms.ts';
import { bucketExpirationRules, mapLogGroups, mapTrails } from './mappers/logging.ts';
import { mapNetworkAcls } from './mappers/network-acl.ts';
import { mapRds } from './mappers/rds.ts';
import { mapS3 } from './mappers/s3.ts';
import { parseTemplate } from './template.ts';

export { looksLikeCloudFormation } from './detect.ts';

const MAPPERS = [
  mapS3,
  mapVolumes,
  mapInstanceDisks,
  mapRds,
  mapKmsKeys,
  mapSecurityGroups,
  mapNetworkAcls,
  mapVpcs,
  mapListeners,
  mapClassicListeners,
  mapIamPolicies,
  mapIamUsers,
  mapTrails,
  mapLogGroups,
  mapEksClusters,
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
  let definitions = template.Resources;
  let keyLines = parsed.positions.get(template.Resources)?.keys ?? {};
  if (hasForEach(definitions)) {
    // Parameters and mappings decide a loop's collection; resources never do.
    const loops = new Resolver({ ...template, Resources: {} }, parsed.positions);
    const expanded = expandForEach(definitions, parsed.positions, file.relPath, (value) => {
      const items = loops.resolve(value);
      return Array.isArray(items) ? items : undefined;
    });
    definitions = expanded.resources;
    keyLines = expanded.lines;
    gaps.push(...expanded.gaps);
  }
  const resolver = new Resolver({ ...template, Resources: definitions }, parsed.positions);
  const resources: CfnResource[] = [];
  for (const [logicalId, definition] of Object.entries(definitions)) {
    const line = keyLines[logicalId] ?? 1;
    const rain = isObj(definition) && isObj(definition.Type) ? rainDirective(definition.Type) : undefined;
    if (rain) {
      // Type: !Rain::Module ./x.yml (JSON: {"Rain::Module": "./x.yml"}): rain stamps the module's
      // resources in before deploying; they are not in this file.
      gaps.push({
        reason: 'unsupported',
        message: `resource ${logicalId} is a ${rain}, expanded by the rain CLI before deployment; its resources were not evaluated`,
        file: file.relPath,
        line,
      });
      continue;
    }
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
  gaps.push(...unmappedTypeGaps(resources, ctx.typesRead, file.relPath));
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

/** `Rain::Module (./bucket.yml)` for a Type written as a rain directive, else undefined. */
function rainDirective(type: Obj): string | undefined {
  const [key, value] = Object.entries(type)[0] ?? [];
  if (Object.keys(type).length !== 1 || !key?.startsWith('Rain::')) return undefined;
  return typeof value === 'string' ? `${key} (${value})` : key;
}

/** Resources of types no mapper read are not evaluated: say so, once per type and file (as for Terraform). */
function unmappedTypeGaps(resources: CfnResource[], read: ReadonlySet<string>, file: string): Gap[] {
  const seen = new Map<string, Gap>();
  for (const r of resources) {
    if (read.has(r.type) || seen.has(r.type)) continue;
    seen.set(r.type, {
      reason: 'unsupported',
      message: `${r.type} (${r.logicalId}) is not mapped to a normalized kind; its resources were not evaluated`,
      file,
      line: r.line,
    });
  }
  return [...seen.values()];
}

export const collectCloudFormation: IacCollector = collectEachFile('CloudFormation', collectFile);
