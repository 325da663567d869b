// ARM collector: Azure Resource Manager JSON templates -> their Azure resources, with file and line,
// read by the Azure mappers (src/providers/azure/).

import type { IacCollector, IacFile } from '../../../kit/format-contract.ts';
import { issueGaps } from '../../../kit/located.ts';
import { collectEachFile } from '../../../kit/per-file.ts';
import { attachVariants } from '../../../kit/variants.ts';
import type { Gap, Resource } from '../../../model/resource.ts';
import { mapAzureResources } from '../../../providers/azure/index.ts';
import { ArmTemplate } from './context.ts';
import { ArmEvaluator } from './expressions.ts';
import { type ArmResource, flattenResources, innerTemplate, isObj, parseArm } from './template.ts';

export { looksLikeArm } from './detect.ts';

function collectFile(file: IacFile, sourceId: string): { resources: Resource[]; gaps: Gap[] } {
  const parsed = parseArm(file.content);
  if (!parsed.ok) {
    return {
      resources: [],
      gaps: [
        { reason: parsed.reason ?? 'parse-error', message: parsed.message, file: file.relPath, line: parsed.line },
      ],
    };
  }
  // A deployment body ({"properties": {"template": ...}}) wraps the template itself.
  const template =
    isObj(parsed.value) && parsed.value.resources === undefined
      ? (innerTemplate(parsed.value) ?? parsed.value)
      : parsed.value;
  if (!isObj(template) || (!Array.isArray(template.resources) && !isObj(template.resources))) {
    return {
      resources: [],
      gaps: [{ reason: 'parse-error', message: 'template has no resources', file: file.relPath, line: 1 }],
    };
  }
  const evaluator = new ArmEvaluator(template, parsed.positions);
  const flat = flattenResources(template, parsed.positions, evaluator, file.relPath);
  const armTemplate = new ArmTemplate(file.relPath, sourceId, flat.resources, parsed.positions);
  const resources = mapAzureResources(armTemplate);
  // if() on a condition the template cannot decide, both branches known: each branch is evaluated.
  attachVariants(
    {
      items: flat.resources,
      valuesOf: (resource) => resource.properties,
      withValues: (resource, properties) => ({ ...resource, properties: properties as ArmResource['properties'] }),
      map: (items) => mapAzureResources(new ArmTemplate(file.relPath, sourceId, items, parsed.positions)),
    },
    resources,
  );
  return { resources, gaps: [...issueGaps(file.relPath, parsed.issues), ...flat.gaps, ...armTemplate.gaps] };
}

export const collectArm: IacCollector = collectEachFile('ARM', collectFile);
