// Evaluates one module instance (root or child): variables, locals, resources and data sources
// (expanded over count/for_each) and the local modules it calls, recursively.
import path from 'node:path';
import {
  MAX_MODULE_DEPTH,
  MAX_MODULE_INSTANCES,
  MAX_RESOURCE_INSTANCES,
  MAX_TERRAFORM_RECORDS,
} from '../../../../kit/limits.ts';
import { isUnknown, unknown } from '../../../../kit/unknown.ts';
import type { Gap } from '../../../../model/resource.ts';
import type { ModuleCallSite, TfResourceRecord } from '../records.ts';
import type { Attribute, Block, Body, ParsedFile } from './ast.ts';
import { attributeLines, bodyValues, RESOURCE_META } from './blocks.ts';
import { evaluate, type Scope } from './evaluate.ts';
import { knownModuleOutputs, knownModuleRecords } from './registry.ts';
import type { TemplateFile } from './template-file.ts';
import { HclLimitError, isObject, type ObjectValue, openObject, type Value } from './values.ts';

/** A module call's code as terraform init installed it; `outside` when the manifest points outside the root (not followed). */
export interface InstalledModule {
  absDir: string;
  version?: string;
  outside?: boolean;
}

/** Loads the parsed files of a module directory (absolute path); parse errors are reported by the loader. */
export type ModuleLoader = ((absDir: string) => ParsedFile[]) & {
  /** A template file templatefile() renders, by absolute path. */
  template?: (absPath: string) => TemplateFile;
  /**
   * Where `terraform init` put a remote module's code for this root: the directory that
   * `.terraform/modules/modules.json` lists for the call's key (`vpc`, `app.vpc`), if any.
   */
  installed?: (rootDir: string, key: string) => InstalledModule | undefined;
};

export interface ModuleInstance {
  absDir: string;
  files: ParsedFile[];
  /** '' for the root module, else `module.a` or `module.a[0].module.b`. */
  address: string;
  /** Values given to the module's variables (tfvars for a root, call arguments for a child). */
  inputs: ObjectValue;
  /** The root module's directory, for path.module. */
  rootDir: string;
  /** The root module's folder relative to the scan root: the configuration the records belong to. */
  root: string;
  /** The `module` blocks from the root down to this instance ([] for the root). */
  calls: ModuleCallSite[];
  /** Directories of the calling chain, to stop module cycles. */
  callers: string[];
  /** Instances of this module's address in all: the product of count/for_each along the chain (1 for a root). */
  fanOut: number;
}

export interface EvalOutput {
  records: TfResourceRecord[];
  gaps: Gap[];
}

const MODULE_META = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

interface Declarations {
  variables: Map<string, Attribute | undefined>;
  locals: Map<string, { attribute: Attribute; file: string }>;
  outputs: Map<string, Attribute | undefined>;
  resources: { block: Block; file: string }[];
  modules: { block: Block; file: string }[];
}

function declarations(files: ParsedFile[]): Declarations {
  const decl: Declarations = {
    variables: new Map(),
    locals: new Map(),
    outputs: new Map(),
    resources: [],
    modules: [],
  };
  for (const file of files) {
    for (const block of file.body.blocks) {
      const [first] = block.labels;
      if (block.type === 'variable' && first !== undefined) {
        decl.variables.set(
          first,
          block.body.attributes.find((a) => a.name === 'default'),
        );
      } else if (block.type === 'output' && first !== undefined) {
        decl.outputs.set(
          first,
          block.body.attributes.find((a) => a.name === 'value'),
        );
      } else if (block.type === 'locals') {
        for (const attribute of block.body.attributes)
          decl.locals.set(attribute.name, { attribute, file: file.relPath });
      } else if ((block.type === 'resource' || block.type === 'data') && block.labels.length >= 2) {
        decl.resources.push({ block, file: file.relPath });
      } else if (block.type === 'module' && first !== undefined) {
        decl.modules.push({ block, file: file.relPath });
      }
    }
  }
  return decl;
}

/** `./x` and `../x` module sources are read from disk; anything else is a registry or remote source. */
export function isLocalSource(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../');
}

export interface ModuleCall {
  name: string;
  /** The `source` argument, when written as a literal string (Terraform accepts nothing else). */
  source?: string;
  line: number;
}

/** The `module` blocks of a file body. */
export function moduleCalls(body: Body): ModuleCall[] {
  return body.blocks
    .filter((block) => block.type === 'module')
    .map((block) => {
      const source = block.body.attributes.find((a) => a.name === 'source');
      const call: ModuleCall = { name: block.labels[0] ?? '', line: block.line };
      if (source?.expr.t === 'literal' && typeof source.expr.value === 'string') call.source = source.expr.value;
      return call;
    });
}

/** The local directories a set of files calls as modules. */
export function calledDirectories(files: ParsedFile[], absDir: string): string[] {
  return files.flatMap((file) =>
    moduleCalls(file.body).flatMap(({ source }) =>
      source !== undefined && isLocalSource(source) ? [path.resolve(absDir, source)] : [],
    ),
  );
}

/** The scope of a module instance: its variables, its locals (lazily) and its module calls' outputs. */
function instanceScope(
  instance: ModuleInstance,
  decl: Declarations,
  load: ModuleLoader,
  report: (gap: Gap) => void,
): Scope {
  const emptyScope = baseScope({}, () => unknown(), instance);
  const variables: ObjectValue = {};
  for (const [name, defaultAttr] of decl.variables) {
    if (name in instance.inputs) variables[name] = instance.inputs[name];
    else if (defaultAttr) variables[name] = evaluate(defaultAttr.expr, emptyScope);
    else variables[name] = unknown(`var.${name}`);
  }
  const scope: Scope = baseScope(
    variables,
    lazyLocals(decl.locals, () => scope),
    instance,
  );
  const template = load.template;
  if (template) scope.templateFile = (relPath) => template(path.resolve(instance.rootDir, relPath));
  scope.report = report;
  scope.module = lazyModuleOutputs(decl, () => scope, instance, load);
  return scope;
}

export function evaluateModule(instance: ModuleInstance, load: ModuleLoader, out: EvalOutput): void {
  const decl = declarations(instance.files);
  const reported = new Set<string>();
  // An expression evaluated once per instance (count, for_each) reports its gap once.
  const report = (gap: Gap) => {
    if (reported.has(gap.message)) return;
    reported.add(gap.message);
    out.gaps.push(gap);
  };
  const scope = instanceScope(instance, decl, load, report);
  // One resource or module call that fails (a limit reached, a bug) is a gap; the others are still read.
  // The scope of a resource written once (no count or for_each, most of them): the module's with a
  // site that expandResource points at each resource in turn, one copy of the scope per module
  // instance rather than one per resource. Evaluation is synchronous and keeps no scope once it
  // returns, so a resource's values are built before the next resource moves the site.
  const once: Scope = { ...scope, site: { file: '', line: 0 } };
  for (const { block, file } of decl.resources)
    contained(block, file, out, () => expandResource(block, file, scope, once, instance, out));
  for (const { block, file } of decl.modules)
    contained(block, file, out, () => callModule(block, file, scope, instance, load, out));
}

function contained(block: Block, file: string, out: EvalOutput, read: () => void): void {
  try {
    read();
  } catch (error) {
    const what = `${block.type} ${block.labels.map((l) => `"${l}"`).join(' ')}`;
    const line = error instanceof HclLimitError ? (error.line ?? block.line) : block.line;
    out.gaps.push({
      reason: error instanceof HclLimitError ? 'limit-exceeded' : 'other',
      file,
      line,
      message:
        error instanceof HclLimitError
          ? `${file}:${line}: ${what}: ${error.message}; not read`
          : `${file}:${line}: ${what} could not be read: ${(error as Error).message}`,
    });
  }
}

function notOutside(installed: InstalledModule | undefined): InstalledModule | undefined {
  return installed?.outside ? undefined : installed;
}

/** The module call names of an instance address: `module.a[0].module.b` -> [a, b]. */
function moduleNames(address: string): string[] {
  return [...address.matchAll(/module\.([^.[]+)/g)].map((m) => m[1] ?? '');
}

function relativeDir(rootDir: string, absDir: string): string {
  return path.relative(rootDir, absDir).split(path.sep).join('/') || '.';
}

function baseScope(variables: ObjectValue, local: (name: string) => Value, instance: ModuleInstance): Scope {
  return {
    variables,
    local,
    path: { module: relativeDir(instance.rootDir, instance.absDir), root: '.', cwd: unknown('path.cwd') },
  };
}

/** Locals are evaluated on first use and remembered; a cycle yields unknown. */
function lazyLocals(
  attrs: Map<string, { attribute: Attribute; file: string }>,
  scope: () => Scope,
): (name: string) => Value {
  const cache = new Map<string, Value>();
  const inProgress = new Set<string>();
  return (name) => {
    if (cache.has(name)) return cache.get(name);
    const local = attrs.get(name);
    if (!local || inProgress.has(name)) return unknown(`local.${name}`);
    const { attribute, file } = local;
    inProgress.add(name);
    try {
      // A limit reached here propagates to every resource that uses the local, each a gap of its own.
      const value = evaluate(attribute.expr, { ...scope(), site: { file, line: attribute.line } });
      cache.set(name, value);
      return value;
    } finally {
      inProgress.delete(name);
    }
  };
}

/** The instance keys count/for_each produce: `[0]`, `["a"]`; undefined when they are not known. */
interface Instance {
  suffix: string;
  count?: Value;
  each?: { key: Value; value: Value };
}

/** The instances of a resource or module call; above MAX_RESOURCE_INSTANCES, HclLimitError before expanding. */
function instances(body: Block['body'], scope: Scope): Instance[] {
  const count = body.attributes.find((a) => a.name === 'count');
  const forEach = body.attributes.find((a) => a.name === 'for_each');
  if (count) {
    const n = evaluate(count.expr, scope);
    // Unknown count: one record at the plain address, count.index unknown.
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) return [{ suffix: '' }];
    if (n > MAX_RESOURCE_INSTANCES)
      throw new HclLimitError(`count = ${n}, above the limit of ${MAX_RESOURCE_INSTANCES} instances`, count.line);
    return Array.from({ length: n }, (_, i) => ({ suffix: `[${i}]`, count: i }));
  }
  if (forEach) {
    const collection = evaluate(forEach.expr, scope);
    const pairs = forEachPairs(collection);
    if (!pairs)
      return [
        { suffix: '', each: { key: unknownOf(collection, 'each.key'), value: unknownOf(collection, 'each.value') } },
      ];
    if (pairs.length > MAX_RESOURCE_INSTANCES)
      throw new HclLimitError(
        `for_each over ${pairs.length} items, above the limit of ${MAX_RESOURCE_INSTANCES} instances`,
        forEach.line,
      );
    return pairs.map(([key, value]) => ({ suffix: `[${JSON.stringify(key)}]`, each: { key, value } }));
  }
  return [{ suffix: '' }];
}

function unknownOf(collection: Value, fallback: string): Value {
  return isUnknown(collection) && collection.ref !== undefined ? unknown(collection.ref) : unknown(fallback);
}

/** for_each over a map (keys) or a set of strings; undefined when not fully known. */
function forEachPairs(collection: Value): [string, Value][] | undefined {
  if (Array.isArray(collection)) {
    if (!collection.every((v) => typeof v === 'string')) return undefined;
    return [...new Set(collection as string[])].sort().map((v) => [v, v]);
  }
  if (isObject(collection))
    return Object.keys(collection)
      .sort()
      .map((k) => [k, collection[k]]);
  return undefined;
}

/** Where the records of a module instance come from: their root, and the calls that led there. */
export function origin(
  instance: Pick<ModuleInstance, 'root' | 'calls'>,
): Pick<TfResourceRecord, 'root' | 'calledFrom'> {
  return instance.calls.length > 0 ? { root: instance.root, calledFrom: instance.calls } : { root: instance.root };
}

function callSite(block: Block, file: string): ModuleCallSite {
  return { file, line: block.line, ...(block.endLine !== undefined ? { endLine: block.endLine } : {}) };
}

function expandResource(
  block: Block,
  file: string,
  scope: Scope,
  once: Scope,
  module: ModuleInstance,
  out: EvalOutput,
): void {
  const moduleAddress = module.address;
  const [type = '', name = ''] = block.labels;
  const mode = block.type === 'data' ? 'data' : 'managed';
  const base = `${moduleAddress ? `${moduleAddress}.` : ''}${mode === 'data' ? 'data.' : ''}${type}.${name}`;
  const lines = attributeLines(block.body);
  const list = instances(block.body, scope);
  if (out.records.length + list.length > MAX_TERRAFORM_RECORDS)
    throw new HclLimitError(
      `${list.length} more instances would pass the limit of ${MAX_TERRAFORM_RECORDS} resource instances per scan`,
    );
  for (const instance of list) {
    let instanceScope: Scope;
    if (instance.count === undefined && instance.each === undefined && once.site) {
      once.site.file = file;
      once.site.line = block.line;
      instanceScope = once;
    } else {
      instanceScope = { ...scope, site: { file, line: block.line } };
      if (instance.count !== undefined) instanceScope.count = instance.count;
      if (instance.each !== undefined) instanceScope.each = instance.each;
    }
    // Written out rather than spread from origin(): an object literal with a spread is built key by
    // key on a slow path, once per resource instance (11,000 on the bench repo). Same keys, same order.
    const record: TfResourceRecord = {
      address: base + instance.suffix,
      mode,
      type,
      name,
      modulePath: moduleAddress,
      values: bodyValues(block.body, instanceScope, RESOURCE_META),
      file,
      line: block.line,
      endLine: block.endLine,
      attrLines: lines,
      root: module.root,
    };
    if (module.calls.length > 0) record.calledFrom = module.calls;
    out.records.push(record);
  }
}

function callModule(
  block: Block,
  file: string,
  scope: Scope,
  caller: ModuleInstance,
  load: ModuleLoader,
  out: EvalOutput,
): void {
  const name = block.labels[0] ?? '';
  const sourceAttr = block.body.attributes.find((a) => a.name === 'source');
  const source = sourceAttr ? evaluate(sourceAttr.expr, scope) : undefined;
  const where = `${file}:${block.line}`;
  if (typeof source !== 'string') {
    out.gaps.push({
      reason: 'unsupported',
      file,
      line: block.line,
      message: `${where}: module "${name}" has no literal source; its resources are not read`,
    });
    return;
  }
  let absDir = path.resolve(caller.absDir, source);
  if (!isLocalSource(source)) {
    const installed = load.installed?.(caller.rootDir, [...moduleNames(caller.address), name].join('.'));
    const files = installed && !installed.outside ? load(installed.absDir) : [];
    if (!installed || files.length === 0) {
      const why = !installed
        ? 'no .terraform/modules/modules.json lists it (run terraform init to have its code read)'
        : installed.outside
          ? '.terraform/modules/modules.json lists it in a folder outside the root, which is not followed'
          : '.terraform/modules/modules.json lists it but its folder holds no readable .tf files';
      callRemoteModule(block, file, scope, caller, source, out, why);
      return;
    }
    absDir = installed.absDir;
    const at = relativeDir(caller.rootDir, absDir);
    out.gaps.push({
      reason: 'unsupported',
      file,
      line: block.line,
      message: `${where}: module "${name}" comes from a remote source (${source}); its code was read from ${at}, as terraform init installed it${installed.version ? ` (version ${installed.version})` : ''}`,
    });
  }
  const chain = [...caller.callers, caller.absDir];
  if (chain.includes(absDir)) {
    const names = [...chain.slice(chain.indexOf(absDir)), absDir].map((d) => relativeDir(caller.rootDir, d));
    out.gaps.push({
      reason: 'unsupported',
      file,
      line: block.line,
      message: `${where}: module "${name}" calls itself (${names.join(' -> ')}), which Terraform refuses; stopped there`,
    });
    return;
  }
  if (caller.callers.length >= MAX_MODULE_DEPTH) {
    throw new HclLimitError(`module "${name}" is nested deeper than the limit of ${MAX_MODULE_DEPTH} module calls`);
  }
  const files = load(absDir);
  if (files.length === 0) {
    out.gaps.push({
      reason: 'unreadable',
      file,
      line: block.line,
      message: `${where}: module "${name}": no readable .tf files in ${source}`,
    });
    return;
  }
  const list = instances(block.body, scope);
  // Checked before expanding: nested fan-out multiplies (10^4 x 10^4 x 10^4 would be 10^12 module instances).
  const fanOut = caller.fanOut * list.length;
  if (fanOut > MAX_MODULE_INSTANCES)
    throw new HclLimitError(
      `module "${name}" would have ${fanOut} instances (count/for_each multiplied along the calls), above the limit of ${MAX_MODULE_INSTANCES}`,
    );
  for (const instance of list)
    evaluateModule(childInstance(block, file, scope, caller, absDir, files, instance, fanOut), load, out);
}

function childInstance(
  block: Block,
  file: string,
  scope: Scope,
  caller: ModuleInstance,
  absDir: string,
  files: ParsedFile[],
  instance: Instance,
  fanOut: number,
): ModuleInstance {
  const instanceScope: Scope = { ...scope };
  if (instance.count !== undefined) instanceScope.count = instance.count;
  if (instance.each !== undefined) instanceScope.each = instance.each;
  const prefix = caller.address ? `${caller.address}.` : '';
  return {
    absDir,
    files,
    address: `${prefix}module.${block.labels[0] ?? ''}${instance.suffix}`,
    inputs: moduleInputs(bodyValues({ attributes: block.body.attributes, blocks: [] }, instanceScope, MODULE_META)),
    rootDir: caller.rootDir,
    root: caller.root,
    calls: [...caller.calls, callSite(block, file)],
    callers: [...caller.callers, caller.absDir],
    fanOut,
  };
}

/**
 * `module.<name>` in a module instance: the outputs of that call, evaluated on first use, when
 * its code is read (local, or installed by terraform init) and it is called once (no count/for_each). A reference to a
 * resource inside it becomes absolute from the root (`module.vpc.aws_vpc.this[0].id`), so a
 * sibling that receives it can still be linked to the resource.
 */
function lazyModuleOutputs(
  decl: Declarations,
  scope: () => Scope,
  caller: ModuleInstance,
  load: ModuleLoader,
): (name: string) => Value | undefined {
  const cache = new Map<string, Value | undefined>();
  const inProgress = new Set<string>();
  return (name) => {
    if (cache.has(name)) return cache.get(name);
    const call = decl.modules.find((m) => m.block.labels[0] === name);
    if (!call || inProgress.has(name) || caller.callers.length >= MAX_MODULE_DEPTH) return undefined;
    const attrs = call.block.body.attributes;
    if (attrs.some((a) => a.name === 'count' || a.name === 'for_each')) return undefined;
    const sourceAttr = attrs.find((a) => a.name === 'source');
    const source = sourceAttr ? evaluate(sourceAttr.expr, scope()) : undefined;
    if (typeof source !== 'string') return undefined;
    const absDir = isLocalSource(source)
      ? path.resolve(caller.absDir, source)
      : notOutside(load.installed?.(caller.rootDir, [...moduleNames(caller.address), name].join('.')))?.absDir;
    if (absDir === undefined) {
      const versionAttr = attrs.find((a) => a.name === 'version');
      const outputs = isLocalSource(source)
        ? undefined
        : knownModuleOutputs(source, versionAttr ? evaluate(versionAttr.expr, scope()) : undefined, (input) => {
            const attr = attrs.find((a) => a.name === input);
            return attr ? evaluate(attr.expr, scope()) : undefined;
          });
      const address = `${caller.address ? `${caller.address}.` : ''}module.${name}`;
      const value = outputs && openObject(qualifyRefs(outputs, address) as ObjectValue, address);
      cache.set(name, value);
      return value;
    }
    if ([...caller.callers, caller.absDir].includes(absDir)) return undefined;
    const files = load(absDir);
    if (files.length === 0) return undefined;
    inProgress.add(name);
    try {
      const child = childInstance(call.block, call.file, scope(), caller, absDir, files, { suffix: '' }, caller.fanOut);
      const childDecl = declarations(files);
      // The child's own evaluation (callModule) reports its gaps; its outputs read here do not again.
      const childScope = instanceScope(child, childDecl, load, () => {});
      const outputs: ObjectValue = {};
      for (const [output, attr] of childDecl.outputs) {
        outputs[output] = attr
          ? qualifyRefs(evaluate(attr.expr, childScope), child.address)
          : unknown(`module.${name}.${output}`);
      }
      cache.set(name, outputs);
      return outputs;
    } finally {
      inProgress.delete(name);
    }
  };
}

const RESOURCE_REF = /^(data\.)?[A-Za-z][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*/;
const NOT_RESOURCES = new Set(['var', 'local', 'module', 'each', 'count', 'path', 'terraform', 'self']);

/** Unknowns that refer to a resource of the module at `address` say so from the root. */
function qualifyRefs(value: Value, address: string): Value {
  if (isUnknown(value)) {
    const ref = value.ref;
    if (ref === undefined || !RESOURCE_REF.test(ref) || NOT_RESOURCES.has(ref.split('.')[0] ?? '')) return value;
    return unknown(`${address}.${ref}`);
  }
  if (Array.isArray(value)) return value.map((v) => qualifyRefs(v, address));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, qualifyRefs(v, address)]));
  return value;
}

/** A reference absolute from the root to a resource inside a module (see qualifyRefs). */
export function isModuleResourceRef(ref: string): boolean {
  const split = splitModuleRef(ref);
  return split !== undefined && split.modulePath !== '';
}

/** `module.a[0].module.b.aws_x.y.id` -> modulePath `module.a[0].module.b`, rest `aws_x.y.id`; undefined when no resource. */
export function splitModuleRef(ref: string): { modulePath: string; rest: string } | undefined {
  const prefix = /^(?:module\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?\.)*/.exec(ref)?.[0] ?? '';
  const rest = ref.slice(prefix.length);
  if (!RESOURCE_REF.test(rest) || NOT_RESOURCES.has(rest.split('.')[0] ?? '')) return undefined;
  return { modulePath: prefix.replace(/\.$/, ''), rest };
}

/**
 * Unknowns passed into a module name the caller's addresses, which mean nothing inside the
 * module: there they become unknown("var.<name>").
 */
function moduleInputs(args: ObjectValue): ObjectValue {
  const inputs: ObjectValue = {};
  for (const [name, value] of Object.entries(args)) inputs[name] = rebaseUnknowns(value, `var.${name}`);
  return inputs;
}

function rebaseUnknowns(value: Value, ref: string): Value {
  // A resource of another module, named from the root, means the same inside this one.
  if (isUnknown(value))
    return value.ref !== undefined && isModuleResourceRef(value.ref) ? unknown(value.ref) : unknown(ref);
  if (Array.isArray(value)) return value.map((v, i) => rebaseUnknowns(v, `${ref}[${i}]`));
  if (isObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rebaseUnknowns(v, `${ref}.${k}`)]));
  }
  return value;
}

/**
 * A registry or remote module: its code is not available. A well-known module is modelled from
 * its known interface; either way the gap says the module's code was not read.
 */
function callRemoteModule(
  block: Block,
  file: string,
  scope: Scope,
  caller: ModuleInstance,
  source: string,
  out: EvalOutput,
  installed: string,
): void {
  const name = block.labels[0] ?? '';
  const where = `${file}:${block.line}`;
  const versionAttr = block.body.attributes.find((a) => a.name === 'version');
  const version = versionAttr ? evaluate(versionAttr.expr, scope) : undefined;
  const notes: string[] = [];
  for (const instance of instances(block.body, scope)) {
    const instanceScope: Scope = { ...scope };
    if (instance.count !== undefined) instanceScope.count = instance.count;
    if (instance.each !== undefined) instanceScope.each = instance.each;
    const prefix = caller.address ? `${caller.address}.` : '';
    const args = moduleInputs(
      bodyValues({ attributes: block.body.attributes, blocks: [] }, instanceScope, MODULE_META),
    );
    const known = knownModuleRecords({
      name,
      address: `${prefix}module.${name}${instance.suffix}`,
      source,
      version,
      block,
      file,
      args,
      origin: origin({ root: caller.root, calls: caller.calls }),
    });
    if (!known) break;
    for (const record of known.records) out.records.push(record);
    notes.push(known.note);
  }
  const what = `${installed}; ${notes.length > 0 ? notes.join('; ') : 'its resources are not read'}`;
  out.gaps.push({
    reason: 'unsupported',
    file,
    line: block.line,
    message: `${where}: module "${name}" comes from a remote source (${source}); ${what}`,
  });
}
