// An ARM deployment template -> a flat list of its resources, nested child resources included
// with their full type ("Microsoft.Sql/servers/firewallRules") and full name ("server/rule").

import { type ParseOutcome, type PositionIndex, parseLocated } from '../../../kit/located.ts';
import type { Gap } from '../../../model/resource.ts';
import type { AzureResource } from '../../../providers/azure/resources.ts';
import { ArmEvaluator } from './expressions.ts';

export type Obj = Record<string, unknown>;

/**
 * A template's resource: the Azure resource (full type; full name evaluated, unknown parts keeping
 * their source text, see ArmEvaluator.name; `properties` with expressions evaluated) and where it is.
 */
export interface ArmResource extends AzureResource {
  /** Full name as written, segments joined with "/" (nested children: parent's name + own). */
  nameExpr: string;
  /** `properties` as written, kept as evidence. */
  written: unknown;
  line: number;
  endLine?: number;
}

export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function obj(value: unknown): Obj | undefined {
  return isObj(value) ? value : undefined;
}

/** The template inside a deployment (`properties.template`), if any. */
export function innerTemplate(value: unknown): Obj | undefined {
  const template = obj(obj(obj(value)?.properties)?.template);
  return template && (Array.isArray(template.resources) || isObj(template.resources)) ? template : undefined;
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
  const containerLine = (container: unknown) => {
    const at = positions.get(container as object);
    return at?.keys.resources ?? at?.line ?? 1;
  };
  const walk = (list: unknown, parent: ArmResource | undefined, container: unknown) => {
    // languageVersion 2.0 templates keep resources in an object keyed by symbolic name.
    const symbolic = isObj(list) && (parent !== undefined || String(template.languageVersion ?? '').startsWith('2.'));
    if (list !== undefined && !Array.isArray(list) && !symbolic) {
      const why = isObj(list)
        ? 'an object, which only languageVersion 2.0 templates allow'
        : `a ${typeof list}, not a list`;
      gaps.push({
        reason: 'parse-error',
        message: `resources is ${why}; not read`,
        file,
        line: containerLine(container),
      });
      return;
    }
    const items = Array.isArray(list) ? list : isObj(list) ? Object.values(list) : [];
    for (const item of items) {
      if (!isObj(item)) {
        const message = `a resource is ${item === null ? 'null' : typeof item}, not an object; not read`;
        gaps.push({ reason: 'parse-error', message, file, line: containerLine(container) });
        continue;
      }
      const at = positions.get(item);
      const line = at?.keys.name ?? at?.line ?? 1;
      const rawType = item.type;
      if (typeof rawType !== 'string' || (typeof item.name !== 'string' && item.name !== undefined)) {
        gaps.push({ reason: 'parse-error', message: 'resource without a type or name', file, line: at?.line ?? line });
        continue;
      }
      // A nested child's type is relative ("firewallRules", "blobServices/containers") unless it
      // starts with a resource provider namespace ("Microsoft.Sql/...").
      const type = parent && !/^[^/]+\.[^/]+\//.test(rawType) ? `${parent.type}/${rawType}` : rawType;
      const rawName = typeof item.name === 'string' ? item.name : '';
      const name = evaluator.name(rawName);
      const props = evaluator.resolve(item.properties ?? {});
      const resource: ArmResource = {
        type,
        nameExpr: parent ? `${parent.nameExpr}/${rawName}` : rawName,
        name: parent ? `${parent.name}/${name}` : name,
        apiVersion: typeof item.apiVersion === 'string' ? item.apiVersion : undefined,
        properties: isObj(props) ? props : {},
        written: item.properties,
        line,
        endLine: at?.endLine,
      };
      resources.push(resource);
      walk(item.resources, resource, item);
      // A nested deployment carries a whole template of its own.
      const inner = innerTemplate(item);
      if (inner) {
        const scopeInner = obj(obj(item.properties)?.expressionEvaluationOptions)?.scope === 'inner';
        const nested = flattenResources(
          inner,
          positions,
          scopeInner ? new ArmEvaluator(inner, positions) : evaluator,
          file,
        );
        for (const item of nested.resources) resources.push(item);
        for (const item of nested.gaps) gaps.push(item);
      }
    }
  };
  walk(template.resources, undefined, template);
  return { resources, gaps };
}
