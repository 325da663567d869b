// Known interfaces of well-known public registry modules (registry-modules.yaml): which
// resources a module call creates and how its inputs become their attributes. Modules cannot be
// downloaded at scan time; this data lets a call to one of them still be checked.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { assetPath } from '../../../assets.ts';
import { shippedSchemaAjv } from '../../../util/shipped-schema.ts';

export type ValueSpec =
  | { input: string; key?: string[]; map?: Record<string, string> }
  | { item: string; split?: string; else?: string }
  | { ref: string }
  | { value: unknown }
  | { block: Record<string, ValueSpec> };

export interface ResourceSpec {
  type: string;
  name: string;
  /** Child module the resource lives in, e.g. `module.db_instance`. */
  path?: string;
  when?: { input: string; is: 'set' | 'nonEmpty' | 'true' }[];
  /** One resource per element of a list input (named rules or items). */
  each?: { input: string; namedRules?: boolean };
  values: Record<string, ValueSpec>;
}

export interface ModuleInterface {
  versions: { min: string; below: string };
  /** The module tag these facts were read from. */
  read: string;
  defaults?: Record<string, unknown>;
  /** Named rules (security-group module): name -> [from_port, to_port, protocol]. */
  namedRules?: Record<string, [number, number, string]>;
  resources: ResourceSpec[];
}

export interface KnownModule {
  source: string;
  interfaces: ModuleInterface[];
}

const DATA_FILE = assetPath('src', 'collectors', 'iac', 'terraform', 'registry-modules.yaml');
const SCHEMA_FILE = assetPath('src', 'collectors', 'iac', 'terraform', 'registry-modules.schema.json');

/** Parses and validates the data; throws with the first schema error (a packaging fault, not user input). */
export function parseRegistryModules(text: string, schemaText: string): KnownModule[] {
  const validate = shippedSchemaAjv({ allErrors: false }).compile(JSON.parse(schemaText));
  const data: unknown = parse(text);
  if (!validate(data)) {
    const error = validate.errors?.[0];
    throw new Error(`registry-modules.yaml: ${error?.instancePath || '/'} ${error?.message ?? 'is invalid'}`);
  }
  return (data as { modules: KnownModule[] }).modules;
}

let cache: KnownModule[] | undefined;

export function knownModules(): KnownModule[] {
  cache ??= parseRegistryModules(readFileSync(DATA_FILE, 'utf8'), readFileSync(SCHEMA_FILE, 'utf8'));
  return cache;
}

type Triple = [number, number, number];

function triple(version: string): Triple | undefined {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(version.trim());
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}

function compare(a: Triple, b: Triple): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/**
 * The lowest version a constraint allows ("3.7.0", "= 3.7.0", "~> 3.0", ">= 3.1, < 4"), and the
 * highest it could reach: both must fall in one interface's range for the facts to apply.
 */
export function constraintBounds(constraint: string): { low: Triple; high?: Triple } | undefined {
  let low: Triple | undefined;
  let high: Triple | undefined;
  for (const part of constraint.split(',')) {
    const m = /^\s*(=|!=|>=|>|<=|<|~>)?\s*(v?[0-9.]+)\s*$/.exec(part);
    if (!m?.[2]) return undefined;
    const v = triple(m[2]);
    if (!v) return undefined;
    const op = m[1] ?? '=';
    if (op === '=') [low, high] = [v, v];
    else if (op === '>=' || op === '>') low = v;
    else if (op === '<' || op === '<=') high = v;
    else if (op === '~>') {
      // ~> 3.0 allows 3.x; ~> 3.7.0 allows 3.7.x.
      const digits = m[2].replace(/^v/, '').split('.').length;
      low = v;
      high = digits >= 3 ? [v[0], v[1], Number.MAX_SAFE_INTEGER] : [v[0], Number.MAX_SAFE_INTEGER, 0];
    }
  }
  return low ? { low, ...(high ? { high } : {}) } : undefined;
}

/** The interface of `source` that holds for every version `constraint` allows; undefined when none is known. */
export function findInterface(
  source: string,
  constraint: unknown,
  modules: KnownModule[] = knownModules(),
): { module: KnownModule; iface: ModuleInterface } | undefined {
  const module = modules.find((m) => m.source === source.replace(/^registry\.terraform\.io\//, ''));
  if (!module || typeof constraint !== 'string') return undefined;
  const bounds = constraintBounds(constraint);
  if (!bounds?.high) return undefined;
  const { low, high } = bounds;
  const iface = module.interfaces.find((i) => {
    const min = triple(i.versions.min) as Triple;
    const below = triple(i.versions.below) as Triple;
    return compare(low, min) >= 0 && compare(high, below) < 0;
  });
  return iface ? { module, iface } : undefined;
}
