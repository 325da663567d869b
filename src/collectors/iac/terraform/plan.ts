// Reads a `terraform show -json` plan into Terraform resource records. Values come from
// planned_values (already evaluated by Terraform); attributes marked unknown in
// resource_changes[].change.after_unknown become unknown(ref), ref from the configuration's
// `references` for that attribute. Lines point at each resource's object in the plan text.

import type { IacFile } from '../../../kit/format-contract.ts';
import { issueGaps, JsonSyntaxError, type PositionIndex, parseLocatedJson } from '../../../kit/located.ts';
import { type Unknown, unknown } from '../../../kit/unknown.ts';
import type { Gap } from '../../../model/resource.ts';
import type { TfResourceRecord } from './records.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export function readTerraformPlan(file: IacFile): { records: TfResourceRecord[]; gaps: Gap[] } {
  let parsed: ReturnType<typeof parseLocatedJson>;
  try {
    parsed = parseLocatedJson(file.content);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    return {
      records: [],
      gaps: [
        {
          reason: 'parse-error',
          file: file.relPath,
          line: error.line,
          message: `${file.relPath}:${error.line}:${error.column}: ${error.message}`,
        },
      ],
    };
  }
  const plan = asObject(parsed.value as Json);
  const root = asObject(asObject(plan?.planned_values)?.root_module);
  if (!plan || !root) {
    return {
      records: [],
      gaps: [
        {
          reason: 'unsupported',
          file: file.relPath,
          line: 1,
          message: `${file.relPath}: not a Terraform plan (no planned_values.root_module)`,
        },
      ],
    };
  }
  const gaps: Gap[] = [];
  const shapeGap = (at: unknown, what: string) =>
    gaps.push({
      reason: 'parse-error',
      file: file.relPath,
      line: parsed.positions.get(at as object)?.line ?? 1,
      message: `${file.relPath}: ${what}; not read`,
    });
  const afterUnknown = new Map<string, Json>();
  if (plan.resource_changes !== undefined && !Array.isArray(plan.resource_changes)) {
    shapeGap(plan, 'resource_changes is not a list, so no attribute is known to be unknown');
  }
  for (const change of asArray(plan.resource_changes)) {
    const c = asObject(change);
    const address = c?.address;
    if (typeof address === 'string') afterUnknown.set(address, asObject(c?.change)?.after_unknown ?? null);
    else shapeGap(c ?? plan, 'an entry of resource_changes has no address');
  }
  const reader = new PlanReader(
    file.relPath,
    parsed.positions,
    afterUnknown,
    asObject(asObject(plan.configuration)?.root_module),
    shapeGap,
  );
  reader.module(root, '');
  // Data sources read while planning live in prior_state, not planned_values.
  const prior = asObject(asObject(asObject(plan.prior_state)?.values)?.root_module);
  if (prior) reader.module(prior, '', 'data');
  for (const gap of issueGaps(file.relPath, parsed.issues)) gaps.push(gap);
  return { records: reader.records, gaps };
}

class PlanReader {
  readonly records: TfResourceRecord[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly file: string,
    private readonly positions: PositionIndex,
    private readonly afterUnknown: Map<string, Json>,
    private readonly configRoot: JsonObject | undefined,
    /** A part of the plan of the wrong shape: a gap, never zero resources in silence. */
    private readonly shapeGap: (at: unknown, what: string) => void,
  ) {}

  module(module: JsonObject, modulePath: string, onlyMode?: 'data'): void {
    const where = modulePath || 'the root module';
    for (const key of ['resources', 'child_modules']) {
      if (module[key] !== undefined && !Array.isArray(module[key]))
        this.shapeGap(module, `${key} of ${where} is not a list`);
    }
    for (const item of asArray(module.resources)) {
      const resource = asObject(item);
      const { address, type, name } = resource ?? {};
      if (!resource || typeof address !== 'string' || typeof type !== 'string' || typeof name !== 'string') {
        this.shapeGap(resource ?? module, `a resource of ${where} is not an object with address, type and name`);
        continue;
      }
      const mode = resource.mode === 'data' ? 'data' : 'managed';
      if (onlyMode && mode !== onlyMode) continue;
      if (this.seen.has(address)) {
        // prior_state repeats the data sources planned_values holds; planned_values itself must not.
        if (!onlyMode) this.shapeGap(resource, `${address} appears twice in planned_values`);
        continue;
      }
      this.seen.add(address);
      const values = structuredClone(asObject(resource.values) ?? {}) as Record<string, unknown>;
      const expressions = this.expressions(modulePath, `${mode === 'data' ? 'data.' : ''}${type}.${name}`);
      const unknowns = this.afterUnknown.get(address);
      if (unknowns !== undefined) markUnknown(values, unknowns, expressions);
      this.records.push({
        address,
        mode,
        type,
        name,
        modulePath,
        values,
        file: this.file,
        line: this.positions.get(resource)?.line ?? 1,
      });
    }
    for (const item of asArray(module.child_modules)) {
      const child = asObject(item);
      if (child) this.module(child, String(child.address ?? ''), onlyMode);
    }
  }

  /** The configuration expressions of a resource, found through the module calls (instance keys dropped). */
  private expressions(modulePath: string, configAddress: string): JsonObject | undefined {
    let config = this.configRoot;
    const calls = modulePath
      .replace(/\[[^\]]*\]/g, '')
      .split('.')
      .filter((_part, i) => i % 2 === 1);
    for (const call of calls) config = asObject(asObject(asObject(config?.module_calls)?.[call])?.module);
    const resource = asArray(config?.resources)
      .map(asObject)
      .find((r) => r?.address === configAddress);
    return asObject(resource?.expressions);
  }
}

/** Writes unknown(ref) wherever after_unknown says true; ref is the first configured reference. */
function markUnknown(
  target: Record<string, unknown> | unknown[],
  unknowns: Json,
  expressions: Json | undefined,
  inherited?: string,
): void {
  const entries: [string | number, Json][] = Array.isArray(unknowns)
    ? unknowns.map((u, i) => [i, u])
    : Object.entries(asObject(unknowns) ?? {});
  for (const [key, flag] of entries) {
    const expression = Array.isArray(expressions)
      ? expressions[key as number]
      : asObject(expressions ?? null)?.[key as string];
    const ref = firstReference(expression) ?? inherited;
    const slot = target as Record<string | number, unknown>;
    if (flag === true) {
      slot[key] = ref === undefined ? unknown() : (unknown(ref) as Unknown);
    } else if (flag !== null && typeof flag === 'object' && typeof slot[key] === 'object' && slot[key] !== null) {
      markUnknown(slot[key] as Record<string, unknown>, flag, expression, ref);
    }
  }
}

function firstReference(expression: Json | undefined): string | undefined {
  const refs = asObject(expression ?? null)?.references;
  return Array.isArray(refs) && typeof refs[0] === 'string' ? refs[0] : undefined;
}

function asObject(value: Json | undefined): JsonObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}

function asArray(value: Json | undefined): Json[] {
  return Array.isArray(value) ? value : [];
}
