// Checks resources and snapshots against the model's JSON Schemas (./schemas/), the authority
// on each kind's props. Schemas are compiled once, on first use. Compiling them all cost about
// 200 ms of CPU at every scan, so the build (scripts/build.ts) also writes them as one module of
// compiled validators next to this file in dist/js, which is loaded instead when it is there.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import standalone from 'ajv/dist/standalone/index.js';
import { assetPath } from '../assets.ts';
import { shippedSchemaAjv } from '../util/shipped-schema.ts';
import { KINDS } from './kinds.ts';
import type { Resource } from './resource.ts';

const SCHEMA_DIR = assetPath('src', 'model', 'schemas');
const ID_BASE = 'https://assay.dev/schemas/';
/** The build's compiled validators (CommonJS, so they load synchronously), beside this module. */
export const PRECOMPILED_FILE = 'schema-validators.cjs';

interface Compiled {
  resource: ValidateFunction;
  snapshot: ValidateFunction;
  props: Map<string, ValidateFunction>;
}

/** Validators by name: `resource`, `snapshot` and one per kind. */
export type Validators = Record<string, ValidateFunction>;

let compiled: Compiled | undefined;

function compile(): Compiled {
  if (compiled) return compiled;
  const precompiled = fileURLToPath(new URL(`./${PRECOMPILED_FILE}`, import.meta.url));
  const validators: Validators = existsSync(precompiled)
    ? createRequire(import.meta.url)(precompiled)
    : compileValidators();
  const get = (name: string): ValidateFunction => {
    const fn = validators[name];
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

function schemasAjv(source: boolean) {
  const ajv = shippedSchemaAjv({ allErrors: true, strict: true, code: { source } });
  for (const file of readdirSync(SCHEMA_DIR)
    .filter((f) => f.endsWith('.schema.json'))
    .sort()) {
    ajv.addSchema(JSON.parse(readFileSync(path.join(SCHEMA_DIR, file), 'utf8')));
  }
  return ajv;
}

const NAMES = (): string[] => ['resource', 'snapshot', ...KINDS];
const schemaId = (name: string): string => `${ID_BASE}${name}.schema.json`;

/** Every validator, compiled now from the schema files; a name whose schema is missing is left out. */
export function compileValidators(): Validators {
  const ajv = schemasAjv(false);
  const validators: Validators = {};
  for (const name of NAMES()) {
    const fn = ajv.getSchema(schemaId(name));
    if (fn) validators[name] = fn;
  }
  return validators;
}

/** The source of a CommonJS module exporting the same validators, for the build to write. */
export function validatorsModuleCode(): string {
  // A CommonJS module seen from ESM: its exports object, whose `default` is the function.
  return standalone.default(schemasAjv(true), Object.fromEntries(NAMES().map((name) => [name, schemaId(name)])));
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
