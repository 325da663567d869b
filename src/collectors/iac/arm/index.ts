// ARM collector: Azure Resource Manager JSON templates -> normalized resources with file and line.

import type { IacCollector, IacFile } from '../../../kit/format-contract.ts';
import { collectEachFile } from '../../../kit/per-file.ts';
import type { Gap, Resource } from '../../../model/resource.ts';
import { ArmContext } from './context.ts';
import { ArmEvaluator } from './expressions.ts';
import { mapDisks } from './mappers/compute.ts';
import { mapNetwork } from './mappers/network.ts';
import { mapSql } from './mappers/sql.ts';
import { mapStorage } from './mappers/storage.ts';
import { flattenResources, innerTemplate, isObj, parseArm } from './template.ts';

export { looksLikeArm } from './detect.ts';

const MAPPERS = [mapStorage, mapNetwork, mapSql, mapDisks];

function collectFile(file: IacFile, sourceId: string): { resources: Resource[]; gaps: Gap[] } {
  const parsed = parseArm(file.content);
  if (!parsed.ok) {
    return {
      resources: [],
      gaps: [{ reason: 'parse-error', message: parsed.message, file: file.relPath, line: parsed.line }],
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
  const ctx = new ArmContext(file.relPath, sourceId, flat.resources, parsed.positions);
  const resources = MAPPERS.flatMap((map) => map(ctx));
  return { resources, gaps: [...flat.gaps, ...ctx.gaps] };
}

export const collectArm: IacCollector = collectEachFile('ARM', collectFile);
