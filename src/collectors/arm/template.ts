// An ARM deployment template -> a flat list of its resources, nested child resources included
// with their full type ("Microsoft.Sql/servers/firewallRules") and full name ("server/rule").
import type { Gap } from '../../model/resource.ts';
import { type ParseOutcome, type PositionIndex, parseLocated } from '../cloudformation/located.ts';
import { ArmEvaluator } from './expressions.ts';

export type Obj = Record<string, unknown>;

export interface ArmResource {
  /** Full type, e.g. "Microsoft.Storage/storageAccounts/blobServices/containers". */
  type: string;
  /** Full name as written, segments joined with "/" (nested children: parent's name + own). */
  nameExpr: string;
  /** Full name evaluated; unknown parts keep their source text (see ArmEvaluator.name). */
  name: string;
  apiVersion?: string;
  /** `properties` with expressions evaluated. */
  props: Obj;
  /** `properties` as written, kept as evidence. */
  written: unknown;
  line: number;
  endLine?: number;
}

export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseArm(content: string): ParseOutcome {
  return parseLocated(content);
}

export function flattenResources(
  template: Obj,
  positions: PositionIndex,
  evaluator: ArmEvaluator,
  file: string,
): { resources: ArmResource[]; gaps: Gap[] } {
  const resources: ArmResource[] = [];
  const gaps: Gap[] = [];
  const walk = (list: unknown, parent: ArmResource | undefined) => {
    // languageVersion 2.0 templates keep resources in an object keyed by symbolic name.
    const items = Array.isArray(list) ? list : isObj(list) ? Object.values(list) : [];
    for (const item of items) {
      if (!isObj(item)) continue;
      const at = positions.get(item);
      const line = at?.keys.name ?? at?.line ?? 1;
      const rawType = item.type;
      if (typeof rawType !== 'string' || (typeof item.name !== 'string' && item.name !== undefined)) {
        gaps.push({ reason: 'parse-error', message: 'resource without a type or name', file, line: at?.line ?? line });
        continue;
      }
      const type = parent && !rawType.includes('/') ? `${parent.type}/${rawType}` : rawType;
      const rawName = typeof item.name === 'string' ? item.name : '';
      const name = evaluator.name(rawName);
      const props = evaluator.resolve(item.properties ?? {});
      const resource: ArmResource = {
        type,
        nameExpr: parent ? `${parent.nameExpr}/${rawName}` : rawName,
        name: parent ? `${parent.name}/${name}` : name,
        apiVersion: typeof item.apiVersion === 'string' ? item.apiVersion : undefined,
        props: isObj(props) ? props : {},
        written: item.properties,
        line,
        endLine: at?.endLine,
      };
      resources.push(resource);
      walk(item.resources, resource);
    }
  };
  walk(template.resources, undefined);
  return { resources, gaps };
}
