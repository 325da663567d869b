// The folders of src/ as layers, and the imports allowed between them (README "Architecture"):
//
//   faces       src/cli, src/action
//   pipeline    src/pipeline
//   stages      src/collectors (registry, contract, runner; one folder per source), src/engine,
//               src/frameworks, src/waivers, src/reports, src/evidence, src/policies, src/store,
//               src/history (analyses over stored runs)
//   knowledge   src/providers/<provider>   (only collectors read them)
//   kit         src/kit
//   model       src/model
//   base        src/util, src/version.ts, src/assets.ts
//
// Imports go down only. A pair that is not in ALLOWED is a new arrow, and the test fails on it.
import path from 'node:path';
import ts from 'typescript';

/** What a file belongs to: a kind of folder and, for per-source and per-provider folders, which one. */
export interface Unit {
  kind: Kind;
  /** The source, format or provider (`ad`, `terraform`, `aws`); empty for single folders. */
  name: string;
}

export type Kind =
  | 'cli'
  | 'action'
  | 'pipeline'
  | 'collectors' // src/collectors/*.ts: contract, context, runner, registry
  | 'source' // src/collectors/<id>/ (ad, later aws, azure, host, firewall)
  | 'iac' // src/collectors/iac/*.ts: the IaC dispatcher and its collector definition
  | 'format' // src/collectors/iac/<format>/ (terraform, cloudformation, arm, kubernetes)
  | 'engine'
  | 'frameworks'
  | 'waivers'
  | 'reports'
  | 'evidence'
  | 'policies'
  | 'store'
  | 'history'
  | 'providers'
  | 'kit'
  | 'model'
  | 'base';

export const FORMATS = ['terraform', 'cloudformation', 'arm', 'kubernetes'];

/** The stages besides the collectors: each one folder, each reading only the model (and base). */
const STAGES: Kind[] = ['engine', 'frameworks', 'waivers', 'reports', 'evidence', 'policies', 'store', 'history'];

const SINGLE_FOLDERS: Kind[] = ['cli', 'action', 'pipeline', ...STAGES, 'kit', 'model'];

/** The unit of a repository-relative path under src/, or undefined when no layer owns it. */
export function unitOf(file: string): Unit | undefined {
  const parts = file.split('/');
  if (parts[0] !== 'src' || parts.length < 2) return undefined;
  const [, top, second, third] = parts;
  if (top === 'version.ts' || top === 'assets.ts' || top === 'util') return { kind: 'base', name: '' };
  if (SINGLE_FOLDERS.includes(top as Kind) && parts.length > 2) return { kind: top as Kind, name: '' };
  if (top === 'providers' && parts.length > 3) return { kind: 'providers', name: second! };
  if (top !== 'collectors' || second === undefined) return undefined;
  if (parts.length === 3) return { kind: 'collectors', name: '' };
  if (second === 'iac') {
    if (third !== undefined && FORMATS.includes(third) && parts.length > 4) return { kind: 'format', name: third };
    return parts.length === 4 ? { kind: 'iac', name: '' } : undefined;
  }
  return { kind: 'source', name: second };
}

/** An allowed arrow, and why it exists when it is not simply "downward". */
interface Allowance {
  to: Kind;
  /** Only imports of files whose path matches (e.g. the registry reads only each source's collector.ts). */
  only?: RegExp;
  reason?: string;
}

const BELOW_STAGES: Kind[] = ['kit', 'model', 'base'];
const allow = (...kinds: Kind[]): Allowance[] => kinds.map((to) => ({ to }));

/** Every allowed pair. Within one unit (one folder, one source, one format, one provider) anything goes. */
export const ALLOWED: Record<Kind, Allowance[]> = {
  cli: [
    ...allow('pipeline', 'collectors', 'reports', ...BELOW_STAGES),
    { to: 'frameworks', reason: '`assay frameworks list|show` prints the catalogs' },
    { to: 'evidence', reason: '`assay sign|verify|keygen` check and sign an evidence folder' },
    { to: 'history', reason: '`assay runs|diff|history|drift|report|sample` print analyses over stored runs' },
  ],
  action: [
    ...allow('pipeline', 'collectors', 'reports', ...BELOW_STAGES),
    {
      to: 'iac',
      only: /^src\/collectors\/iac\/index\.ts$/,
      reason:
        "scope.ts widens a pull request's changes with the IaC collector's file discovery and its Terraform parser's module calls",
    },
  ],
  pipeline: allow('collectors', ...STAGES, ...BELOW_STAGES),
  collectors: [
    { to: 'source', only: /\/collector\.ts$/, reason: 'the registry lists each source by its definition' },
    { to: 'iac', only: /\/collector\.ts$/, reason: 'the registry lists each source by its definition' },
    ...allow(...BELOW_STAGES),
  ],
  source: [
    ...allow('collectors', 'providers', ...BELOW_STAGES),
    {
      to: 'format',
      only: /^src\/collectors\/iac\/arm\/index\.ts$/,
      reason: '`collect azure --from` reads exported ARM templates (az group export) with the ARM template reader',
    },
  ],
  iac: allow('collectors', 'format', 'providers', ...BELOW_STAGES),
  format: allow('providers', ...BELOW_STAGES),
  engine: allow('model', 'base'),
  frameworks: allow('model', 'base'),
  waivers: allow('model', 'base'),
  reports: allow('model', 'base'),
  evidence: allow('model', 'base'),
  policies: allow('model', 'base'),
  store: allow('model', 'base'),
  history: allow('model', 'base'),
  providers: allow('kit', 'model', 'base'),
  kit: allow('model', 'base'),
  model: allow('base'),
  base: [],
};

export interface ImportEdge {
  /** Repository-relative, forward slashes. */
  from: string;
  to: string;
  specifier: string;
}

/** Every relative import of a source file: static, `export ... from`, side-effect and dynamic `import()`. */
export function importsOf(file: string, text: string): ImportEdge[] {
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return importedFiles
    .map((f) => f.fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => ({
      from: file,
      to: path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)),
      specifier,
    }));
}

export interface Violation {
  edge: ImportEdge;
  message: string;
}

const describeUnit = (u: Unit) => (u.name ? `${u.kind} ${u.name}` : u.kind);

/** The imports that no allowed pair covers, each with a sentence saying which arrow is new. */
export function checkImports(edges: readonly ImportEdge[]): Violation[] {
  const violations: Violation[] = [];
  for (const edge of edges) {
    const from = unitOf(edge.from);
    const to = unitOf(edge.to);
    if (!from || !to) {
      const file = from ? edge.to : edge.from;
      violations.push({ edge, message: `${file} is in no layer: add its folder to test/architecture/layers.ts` });
      continue;
    }
    if (from.kind === to.kind && from.name === to.name) continue;
    const allowed = ALLOWED[from.kind].some((a) => a.to === to.kind && (!a.only || a.only.test(edge.to)));
    if (!allowed) {
      violations.push({
        edge,
        message: `${edge.from} imports ${edge.specifier}: ${describeUnit(from)} -> ${describeUnit(to)} is not an allowed arrow`,
      });
    }
  }
  return violations;
}
