// Known interfaces of well-known public registry modules (registry-modules.yaml): which
// resources a module call creates and how its inputs become their attributes. Modules cannot be
// downloaded at scan time; this data lets a call to one of them still be checked.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { assetPath } from '../../../assets.ts';
import { sha256 } from '../../../model/snapshot.ts';
import { shippedSchemaAjv } from '../../../util/shipped-schema.ts';

export type ValueSpec =
  | { input: string; key?: string[]; map?: Record<string, string> }
  | { item: string; split?: string; else?: string }
  | { ref: string }
  | { value: unknown }
  | { block: Record<string, ValueSpec> }
  | { list: { when?: Condition[]; spec: ValueSpec }[] };

export interface Condition {
  input: string;
  is: 'set' | 'nonEmpty' | 'true';
}

export interface ResourceSpec {
  type: string;
  name: string;
  /** A data source (`data.<type>.<name>`), such as a policy document the module builds; default managed. */
  mode?: 'managed' | 'data';
  /** Child module the resource lives in, e.g. `module.db_instance`. */
  path?: string;
  when?: Condition[];
  /** ...and, when given, at least one of these (the module's `a || b || c` counts). */
  whenAny?: Condition[];
  /**
   * `model`: when unknown inputs decide whether the resource exists, it is still modelled, with
   * every value but its references unknown (a bucket policy that may exist leaves the bucket's
   * TLS and public-policy facts unknown instead of absent). Otherwise such a resource is left out.
   */
  whenUnknown?: 'model';
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
  /**
   * Outputs that name one of the resources, as references inside the module (`aws_s3_bucket.this.id`),
   * or that pass an input through (`{ input: cidr }`), unknown when `unknownWhen` names an input that is set.
   */
  outputs?: Record<string, string | { input: string; unknownWhen?: string }>;
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

/**
 * The build's copy of the data, parsed and validated (scripts/build.ts), beside this module: parsing
 * the YAML and compiling its schema cost a scan that calls a registry module 100-370 ms.
 */
export const PARSED_MODULES_FILE = 'registry-modules.json';

/** SHA-256 of the schema and the data: a change to either means the data is parsed and checked anew. */
function contentKey(text: string, schemaText: string): string {
  return sha256(`${schemaText}\0${text}`);
}

/** The content of PARSED_MODULES_FILE, for the build: the data through every check a scan makes. */
export function parsedRegistryModulesJson(): string {
  const text = readFileSync(DATA_FILE, 'utf8');
  const schemaText = readFileSync(SCHEMA_FILE, 'utf8');
  return `${JSON.stringify({ key: contentKey(text, schemaText), modules: parseRegistryModules(text, schemaText) })}\n`;
}

function parsedAtBuild(key: string): KnownModule[] | undefined {
  const file = fileURLToPath(new URL(`./${PARSED_MODULES_FILE}`, import.meta.url));
  if (!existsSync(file)) return undefined;
  const built = JSON.parse(readFileSync(file, 'utf8')) as { key?: string; modules?: KnownModule[] };
  return built.key === key ? built.modules : undefined;
}

let cache: KnownModule[] | undefined;

export function knownModules(): KnownModule[] {
  if (!cache) {
    const text = readFileSync(DATA_FILE, 'utf8');
    const schemaText = readFileSync(SCHEMA_FILE, 'utf8');
    cache = parsedAtBuild(contentKey(text, schemaText)) ?? parseRegistryModules(text, schemaText);
  }
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

export interface Bounds {
  low?: Triple;
  high?: Triple;
  /** `< x`: the high bound itself is not allowed. */
  highExclusive?: true;
}

/**
 * The lowest and highest versions a constraint allows ("3.7.0", "= 3.7.0", "~> 3.0",
 * ">= 3.1, < 4"); no high bound when it has none. Undefined when the constraint does not parse.
 */
export function constraintBounds(constraint: string): Bounds | undefined {
  const bounds: Bounds = {};
  for (const part of constraint.split(',')) {
    const m = /^\s*(=|!=|>=|>|<=|<|~>)?\s*(v?[0-9.]+)\s*$/.exec(part);
    if (!m?.[2]) return undefined;
    const v = triple(m[2]);
    if (!v) return undefined;
    const op = m[1] ?? '=';
    if (op === '=') [bounds.low, bounds.high] = [v, v];
    else if (op === '>=' || op === '>') bounds.low = v;
    else if (op === '<=') bounds.high = v;
    else if (op === '<') [bounds.high, bounds.highExclusive] = [v, true];
    else if (op === '~>') {
      // ~> 3.0 allows 3.x; ~> 3.7.0 allows 3.7.x.
      const digits = m[2].replace(/^v/, '').split('.').length;
      bounds.low = v;
      bounds.high = digits >= 3 ? [v[0], v[1], Number.MAX_SAFE_INTEGER] : [v[0], Number.MAX_SAFE_INTEGER, 0];
    }
  }
  return bounds;
}

export interface FoundInterface {
  module: KnownModule;
  iface: ModuleInterface;
  /** Why this interface: the version terraform init would install, as the constraint allows it. */
  chosen: string;
}

/**
 * The interface of `source` for the version `terraform init` would install: the newest the
 * `version` constraint allows (no constraint: the newest modelled). Undefined when the source is
 * not modelled, the constraint is not a known string, or that version falls in no modelled range.
 */
export function findInterface(
  source: string,
  constraint: unknown,
  modules: KnownModule[] = knownModules(),
): FoundInterface | undefined {
  const module = modules.find((m) => m.source === source.replace(/^registry\.terraform\.io\//, ''));
  if (!module) return undefined;
  const newestFirst = [...module.interfaces].sort((a, b) =>
    compare(triple(b.versions.below) as Triple, triple(a.versions.below) as Triple),
  );
  if (constraint === undefined || constraint === null) {
    const iface = newestFirst[0];
    return iface && { module, iface, chosen: `no version constraint: the newest modelled major, ${range(iface)}` };
  }
  if (typeof constraint !== 'string') return undefined;
  const bounds = constraintBounds(constraint);
  if (!bounds) return undefined;
  const { low, high, highExclusive } = bounds;
  // The newest allowed version lies in the newest range that starts at or below the high bound
  // and ends above the low bound.
  const iface = newestFirst.find((i) => {
    const min = triple(i.versions.min) as Triple;
    const below = triple(i.versions.below) as Triple;
    if (low && compare(low, below) >= 0) return false;
    if (!high) return true;
    return highExclusive ? compare(min, high) < 0 : compare(min, high) <= 0;
  });
  if (!iface) return undefined;
  // Between two modelled ranges (an unmodelled major), the newest allowed version is in neither.
  if (high && compare(high, triple(iface.versions.below) as Triple) > 0) return undefined;
  return { module, iface, chosen: `version ${constraint.trim()}: the newest it allows is in ${range(iface)}` };
}

function range(iface: ModuleInterface): string {
  return `${iface.versions.min} to below ${iface.versions.below}`;
}
