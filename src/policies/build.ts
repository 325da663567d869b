// Compiles every Rego rule under policies/ into the one wasm bundle the engine loads, with a
// capabilities file that makes any builtin the wasm target or our host lacks a build error,
// and extracts the rule catalog from METADATA (wasm cannot read annotations at run time).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { assetPath } from '../assets.ts';
import { KINDS, type Kind } from '../model/kinds.ts';
import { type RuleMeta, SEVERITIES, type Severity } from '../model/results.ts';

export const ENTRYPOINT = 'assay/main/results';
/** Non-deterministic builtins have no place in evidence, even though the SDK provides them. */
const EXCLUDED_BUILTINS = new Set(['rand.intn']);

export interface BundleManifest {
  opaVersion: string;
  entrypoint: string;
  /** SHA-256 over every Rego source (tests included), so CI can tell a stale bundle. */
  sourcesSha256: string;
  wasmSha256: string;
  rules: number;
}

export class PolicyBuildError extends Error {
  override name = 'PolicyBuildError';
}

export function listRegoFiles(policyDir: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.rego')) found.push(full);
    }
  };
  walk(policyDir);
  return found.sort();
}

export function hashSources(policyDir: string): string {
  const hash = createHash('sha256');
  for (const file of listRegoFiles(policyDir)) {
    hash.update(path.relative(policyDir, file).split(path.sep).join('/'));
    hash.update('\0');
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** hashSources of the policy folder, or, with extra folders, one hash over all of them in order. */
export function hashAllSources(policyDir: string, extraDirs: readonly string[] = []): string {
  if (extraDirs.length === 0) return hashSources(policyDir);
  const hash = createHash('sha256');
  for (const dir of [policyDir, ...extraDirs]) hash.update(`${hashSources(dir)}\0`);
  return hash.digest('hex');
}

/**
 * OPA's own capabilities (language features, keywords) with the builtins cut down to those the
 * opa-wasm SDK declares it can run (native in wasm, or supplied by the SDK itself).
 */
export function wasmCapabilities(opa: string): unknown {
  const require = createRequire(import.meta.url);
  // The package's exports map hides package.json; its main file sits in <pkg>/src/.
  const sdkDir = path.resolve(path.dirname(require.resolve('@open-policy-agent/opa-wasm')), '..');
  const sdk = JSON.parse(readFileSync(path.join(sdkDir, 'capabilities.json'), 'utf8')) as {
    builtins: { name: string }[];
  };
  const supported = new Set(sdk.builtins.map((b) => b.name).filter((name) => !EXCLUDED_BUILTINS.has(name)));
  const current = JSON.parse(
    execFileSync(opa, ['capabilities', '--current'], { encoding: 'utf8', maxBuffer: 64 << 20 }),
  ) as {
    builtins: { name: string }[];
  };
  return { ...current, builtins: current.builtins.filter((b) => supported.has(b.name)) };
}

interface Annotation {
  title?: string;
  description?: string;
  custom?: Record<string, unknown>;
}
interface InspectOutput {
  annotations?: {
    location: { file: string };
    path: { value: string }[];
    annotations: Annotation & { scope?: string };
  }[];
}

function ruleFromAnnotation(pkg: string, file: string, a: Annotation): RuleMeta {
  const where = `${file} (package ${pkg})`;
  const expectedId = pkg.replace(/^assay\.rules\./, '');
  const custom = a.custom ?? {};
  const fail = (what: string) => {
    throw new PolicyBuildError(`${where}: METADATA ${what}`);
  };
  if (custom.id !== expectedId)
    fail(`custom.id must be "${expectedId}" (the package path), found ${JSON.stringify(custom.id)}`);
  if (!a.title) fail('title is missing');
  if (!a.description) fail('description is missing');
  if (!SEVERITIES.includes(custom.severity as Severity))
    fail(`custom.severity must be one of ${SEVERITIES.join(', ')}`);
  const kinds = custom.kinds;
  if (!Array.isArray(kinds) || kinds.length === 0 || !kinds.every((k) => (KINDS as readonly string[]).includes(k))) {
    fail(`custom.kinds must list kinds of the model (${KINDS.join(', ')}), found ${JSON.stringify(kinds)}`);
  }
  if (typeof custom.remediation !== 'string' || !custom.remediation) fail('custom.remediation is missing');
  const decidesError = decidesProblem(custom.decides, kinds as Kind[]);
  if (decidesError) fail(`custom.decides ${decidesError}`);
  return {
    id: expectedId,
    title: a.title!,
    description: a.description!.trim(),
    severity: custom.severity as Severity,
    kinds: kinds as Kind[],
    remediation: (custom.remediation as string).trim(),
    decides: custom.decides as string[],
    file,
  };
}

const SCHEMA_DIR = assetPath('src', 'model', 'schemas');
/** A dot path of props; `[]` after a segment steps into the elements of that array. */
const PROP_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\[\])?(\.[A-Za-z_][A-Za-z0-9_]*(\[\])?)*$/;

interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  $defs?: Record<string, SchemaNode>;
}

const kindSchemas = new Map<Kind, SchemaNode>();
function kindSchema(kind: Kind): SchemaNode {
  let schema = kindSchemas.get(kind);
  if (!schema) {
    schema = JSON.parse(readFileSync(path.join(SCHEMA_DIR, `${kind}.schema.json`), 'utf8')) as SchemaNode;
    kindSchemas.set(kind, schema);
  }
  return schema;
}

/** Follows a path through a kind's props schema (local `#/$defs/` refs only, which is all the model uses). */
function pathInSchema(root: SchemaNode, propPath: string): boolean {
  const resolve = (node: SchemaNode | undefined): SchemaNode | undefined =>
    node?.$ref?.startsWith('#/$defs/') ? root.$defs?.[node.$ref.slice('#/$defs/'.length)] : node;
  let node: SchemaNode | undefined = root;
  for (const segment of propPath.split('.')) {
    const name = segment.replace(/\[\]$/, '');
    node = resolve(node?.properties?.[name]);
    if (!node) return false;
    if (segment.endsWith('[]')) {
      if (node.type !== 'array') return false;
      node = resolve(node.items);
    }
  }
  return true;
}

/**
 * Why `decides` is not a usable list of property paths for a rule of these kinds, or undefined
 * when it is. Each path must exist in the props schema of at least one kind, so the evidence a
 * report shows for passing resources names real properties.
 */
export function decidesProblem(decides: unknown, kinds: Kind[]): string | undefined {
  if (!Array.isArray(decides) || decides.length === 0)
    return `must list the props paths the rule's decision reads, found ${JSON.stringify(decides)}`;
  for (const entry of decides) {
    if (typeof entry !== 'string' || !PROP_PATH.test(entry))
      return `entries must be dot paths such as encryption.enabled or containers[].privileged, found ${JSON.stringify(entry)}`;
    if (!kinds.some((kind) => pathInSchema(kindSchema(kind), entry)))
      return `path "${entry}" is not a property of ${kinds.join(' or ')} (src/model/schemas/<kind>.schema.json)`;
  }
  if (new Set(decides).size !== decides.length) return `lists a path twice: ${JSON.stringify(decides)}`;
  return undefined;
}

/**
 * Reads the rule catalog from the METADATA of every `assay.rules.*` package of a built bundle.
 * Files of policyDir are named relative to repoRoot; `extraFiles` (absolute paths of sources from
 * other folders, which the bundle keeps absolute) relative to the working directory when inside it.
 */
export function extractCatalog(
  opa: string,
  bundlePath: string,
  repoRoot: string,
  policyDir: string,
  extraFiles: ReadonlySet<string> = new Set(),
): RuleMeta[] {
  const out = execFileSync(opa, ['inspect', '-a', '--format', 'json', bundlePath], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const inspected = JSON.parse(out) as InspectOutput;
  const rules = new Map<string, RuleMeta>();
  for (const entry of inspected.annotations ?? []) {
    if (entry.annotations.scope !== 'package') continue;
    const pkg = entry.path
      .map((p) => p.value)
      .slice(1)
      .join('.');
    if (!pkg.startsWith('assay.rules.')) continue;
    const file = displayName(entry.location.file, repoRoot, policyDir, extraFiles);
    const rule = ruleFromAnnotation(pkg, file, entry.annotations);
    if (rules.has(rule.id)) throw new PolicyBuildError(`${file}: rule id ${rule.id} is defined twice`);
    rules.set(rule.id, rule);
  }
  return [...rules.values()].sort((a, b) => a.id.localeCompare(b.id));
}

function displayName(bundleFile: string, repoRoot: string, policyDir: string, extraFiles: ReadonlySet<string>): string {
  if (extraFiles.has(bundleFile)) {
    const fromCwd = path.relative(process.cwd(), bundleFile);
    return (fromCwd.startsWith('..') ? bundleFile : fromCwd).split(path.sep).join('/');
  }
  return path
    .relative(repoRoot, path.join(policyDir, bundleFile.replace(/^\/?/, '')))
    .split(path.sep)
    .join('/');
}

export interface BuildOptions {
  opa: string;
  opaVersion: string;
  repoRoot: string;
  policyDir: string;
  /** Further folders of rules (users' own) compiled into the same bundle. */
  extraPolicyDirs?: string[];
  /** The filtered capabilities (wasmCapabilities), when the SDK's own file is not at hand (bundled Action). */
  capabilities?: unknown;
  outDir: string;
}

export const CAPABILITIES_FILE = 'capabilities.json';

/**
 * Checks, compiles and writes policy.wasm, catalog.json and manifest.json into outDir, and the
 * capabilities it compiled against as capabilities.json, so users' policies can later be
 * compiled the same way where the SDK's node_modules are absent.
 */
export function buildPolicyBundle(options: BuildOptions): BundleManifest {
  const { opa, policyDir, outDir } = options;
  const extraDirs = (options.extraPolicyDirs ?? []).map((dir) => path.resolve(dir));
  const work = mkdtempSync(path.join(os.tmpdir(), 'assay-policies-'));
  try {
    const capabilities = JSON.stringify(options.capabilities ?? wasmCapabilities(opa));
    const capsFile = path.join(work, CAPABILITIES_FILE);
    writeFileSync(capsFile, capabilities);
    const notTest = (f: string) => !f.endsWith('_test.rego');
    const ownSources = listRegoFiles(policyDir).filter(notTest);
    const extraSources = extraDirs.flatMap((dir) => listRegoFiles(dir).filter(notTest));
    const sources = [...ownSources, ...extraSources];
    const run = (args: string[]) => {
      try {
        return execFileSync(opa, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
      } catch (error) {
        const e = error as { stderr?: string; stdout?: string; message: string };
        throw new PolicyBuildError(`opa ${args[0]} failed:\n${e.stderr || e.stdout || e.message}`);
      }
    };
    run(['check', '--strict', '--capabilities', capsFile, ...sources]);
    const bundle = path.join(work, 'bundle.tar.gz');
    // Build from the policy dir so bundle paths (and catalog file names) are relative to it;
    // extra folders' files stay absolute in the bundle.
    const relSources = [...ownSources.map((f) => path.relative(policyDir, f)), ...extraSources];
    execBuild(
      opa,
      ['build', '-t', 'wasm', '-e', ENTRYPOINT, '--capabilities', capsFile, '-o', bundle, ...relSources],
      policyDir,
    );
    const extracted = path.join(work, 'bundle');
    mkdirSync(extracted);
    execFileSync('tar', ['-xzf', bundle, '-C', extracted], { stdio: 'ignore' });
    const wasm = readFileSync(path.join(extracted, 'policy.wasm'));
    const catalog = extractCatalog(opa, bundle, options.repoRoot, policyDir, new Set(extraSources));
    if (catalog.length === 0) throw new PolicyBuildError(`no rules with METADATA found under ${policyDir}`);
    const manifest: BundleManifest = {
      opaVersion: options.opaVersion,
      entrypoint: ENTRYPOINT,
      sourcesSha256: hashAllSources(policyDir, extraDirs),
      wasmSha256: createHash('sha256').update(wasm).digest('hex'),
      rules: catalog.length,
    };
    mkdirSync(outDir, { recursive: true });
    writeFileSync(path.join(outDir, 'policy.wasm'), wasm);
    writeFileSync(path.join(outDir, 'catalog.json'), `${JSON.stringify(catalog, null, 2)}\n`);
    writeFileSync(path.join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    writeFileSync(path.join(outDir, CAPABILITIES_FILE), `${capabilities}\n`);
    return manifest;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function execBuild(opa: string, args: string[], cwd: string): void {
  try {
    execFileSync(opa, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new PolicyBuildError(`opa build failed:\n${e.stderr || e.message}`);
  }
}
