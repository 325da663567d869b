// Checks resources and snapshots against the model's JSON Schemas (./schemas/), the authority
// on each kind's props. Schemas are read and compiled once, on first use.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { assetPath } from '../assets.ts';
import { shippedSchemaAjv } from '../util/shipped-schema.ts';
import { KINDS } from './kinds.ts';
import type { Resource } from './resource.ts';

const SCHEMA_DIR = assetPath('src', 'model', 'schemas');
const ID_BASE = 'https://assay.dev/schemas/';

interface Compiled {
  resource: ValidateFunction;
  snapshot: ValidateFunction;
  props: Map<string, ValidateFunction>;
}

let compiled: Compiled | undefined;

function compile(): Compiled {
  if (compiled) return compiled;
  const ajv = shippedSchemaAjv({ allErrors: true, strict: true });
  for (const file of readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.schema.json'))) {
    ajv.addSchema(JSON.parse(readFileSync(path.join(SCHEMA_DIR, file), 'utf8')));
  }
  const get = (name: string): ValidateFunction => {
    const fn = ajv.getSchema(`${ID_BASE}${name}.schema.json`);
    if (!fn) throw new Error(`model schema ${name}.schema.json is missing from ${SCHEMA_DIR}`);
    return fn;
  };
  compiled = {
    resource: get('resource'),
    snapshot: get('snapshot'),
    props: new Map(KINDS.map((kind) => [kind, get(kind)])),
  };
  return compiled;
}

function describe(error: ErrorObject, prefix: string): string {
  const path = `${prefix}${error.instancePath}` || '/';
  const extra =
    error.keyword === 'additionalProperties'
      ? ` '${(error.params as { additionalProperty: string }).additionalProperty}'`
      : error.keyword === 'enum'
        ? ` (${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')})`
        : '';
  return `${path}: ${error.message ?? error.keyword}${extra}`;
}

function resourceErrors(resource: unknown, index: number): string[] {
  const { resource: envelope, props } = compile();
  const r = (resource ?? {}) as Partial<Resource>;
  const label = `resource[${index}] ${String(r.uid ?? '(no uid)')} (${String(r.kind ?? 'no kind')})`;
  const errors: string[] = [];
  if (!envelope(resource)) errors.push(...(envelope.errors ?? []).map((e) => `${label} ${describe(e, '')}`));
  const check = typeof r.kind === 'string' ? props.get(r.kind) : undefined;
  if (check && !check(r.props)) errors.push(...(check.errors ?? []).map((e) => `${label} ${describe(e, '/props')}`));
  return errors;
}

/** Every schema violation of the resources, as "resource[i] <uid> (<kind>) <json path>: <problem>". Empty when valid. */
export function validateResources(resources: Resource[]): string[] {
  return resources.flatMap((r, i) => resourceErrors(r, i));
}

/** Schema violations of a whole snapshot (envelope, sources, gaps, and every resource's props). */
export function validateSnapshot(snapshot: unknown): string[] {
  const { snapshot: check } = compile();
  const errors = check(snapshot) ? [] : (check.errors ?? []).map((e) => `snapshot ${describe(e, '')}`);
  const resources = (snapshot as { resources?: unknown } | null)?.resources;
  if (Array.isArray(resources)) {
    // The envelope was checked above through $ref; add the per-kind props checks.
    const { props } = compile();
    resources.forEach((r, i) => {
      const res = (r ?? {}) as Partial<Resource>;
      const fn = typeof res.kind === 'string' ? props.get(res.kind) : undefined;
      if (fn && !fn(res.props)) {
        const label = `resource[${i}] ${String(res.uid ?? '(no uid)')} (${res.kind})`;
        errors.push(...(fn.errors ?? []).map((e) => `${label} ${describe(e, `/resources/${i}/props`)}`));
      }
    });
  }
  return errors;
}
