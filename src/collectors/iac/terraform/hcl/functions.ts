// The Terraform built-in functions that matter for compliance values. Unsupported functions
// (file, timestamp, ...) evaluate to unknown: their result is not in the source. templatefile
// renders its template file with the variables given, keeping known text around unknown ones.

import { isUnknown, textWithHoles, type Unknown, unknown } from '../../../../kit/unknown.ts';
import type { Expr } from './ast.ts';
import { bind, evaluateStrict, template as renderTemplate, type Scope } from './evaluate.ts';
import {
  deepEqual,
  extendRef,
  firstUnknown,
  formatNumber,
  HclEvalError,
  isObject,
  type ObjectValue,
  openPrefix,
  toBool,
  toList,
  toNum,
  toStr,
  unknownFrom,
  type Value,
} from './values.ts';

type Fn = (args: Value[]) => Value;

/** Functions whose result stays meaningful when unknowns sit inside (not at the top of) an argument. */
const TOLERATE_NESTED_UNKNOWNS = new Set([
  'jsonencode',
  'merge',
  'concat',
  'length',
  'lookup',
  'element',
  'keys',
  'values',
  'flatten',
  'tolist',
  'toset',
  'tomap',
  'coalesce',
  'compact',
  'one',
  'reverse',
  'slice',
  'zipmap',
]);

export function callFunction(name: string, argExprs: Expr[], expandLast: boolean, scope: Scope): Value {
  if (name === 'try') return tryFn(argExprs, scope);
  if (name === 'can') return canFn(argExprs, scope);
  if (name === 'templatefile') return templateFile(argExprs, scope);
  const fn = FUNCTIONS[name];
  let args = argExprs.map((arg) => evaluateStrict(arg, scope));
  if (expandLast && args.length > 0) {
    const last = args[args.length - 1];
    if (isUnknown(last)) return unknownFrom(last);
    args = [...args.slice(0, -1), ...toList(last)];
  }
  if (!fn) return unknownFrom(...args);
  // coalesce decides on the first argument that is not null or empty: a known one before an
  // unknown settles it (coalesce("a", var.x) is "a"); lookup's default matters only for a missing key.
  if (name === 'coalesce') return fn(args);
  if (name === 'lookup' && args.length > 2 && !args.slice(0, 2).some(isUnknown)) return fn(args);
  if (name === 'slice' && isUnknown(args[0]) && args.length === 3) return sliceOfUnknown(args[0], args[1], args[2]);
  const topUnknown = args.find((a) => isUnknown(a));
  if (topUnknown) return unknownFrom(topUnknown);
  if (!TOLERATE_NESTED_UNKNOWNS.has(name) && args.some((a) => firstUnknown(a))) return unknownFrom(...args);
  return fn(args);
}

function tryFn(argExprs: Expr[], scope: Scope): Value {
  for (const expr of argExprs) {
    try {
      const value = evaluateStrict(expr, scope);
      // An unknown might still fail at apply time, so Terraform's try stays unknown too.
      return isUnknown(value) ? unknownFrom(value) : value;
    } catch (error) {
      if (!(error instanceof HclEvalError)) throw error;
    }
  }
  throw new HclEvalError('no argument of try() could be evaluated');
}

/** A reference (`var.x.y`, `each.value["k"]`, `a[*].b`): once it resolves, what it holds cannot make it fail. */
function isTraversal(expr: Expr): boolean {
  return expr.t === 'variable' || expr.t === 'step' || expr.t === 'splat';
}

/**
 * can(expr): false when expr fails, true when it evaluates, unknown while it depends on a value
 * not known yet. A reference that resolves succeeds whatever unknowns it holds; a computation
 * over an unknown (`can({ port = tonumber(var.p) })`) may still fail, so it is unknown, as in Terraform.
 */
function canFn(argExprs: Expr[], scope: Scope): Value {
  const [expr] = argExprs;
  if (!expr) throw new HclEvalError('can() needs one argument');
  try {
    const value = evaluateStrict(expr, scope);
    if (isUnknown(value)) return unknownFrom(value);
    return !isTraversal(expr) && firstUnknown(value) ? unknownFrom(value) : true;
  } catch (error) {
    if (error instanceof HclEvalError) return false;
    throw error;
  }
}

/**
 * templatefile(path, vars): the file rendered with only `vars` in scope (as Terraform does). A
 * variable not known leaves its interpolations unknown and the rest of the text known, so secrets
 * and policies written in the template are still judged. A file that cannot be read is a gap
 * naming where templatefile is called, and the result is unknown.
 */
function templateFile(argExprs: Expr[], scope: Scope): Value {
  const [pathExpr, varsExpr] = argExprs;
  if (!pathExpr || !varsExpr) throw new HclEvalError('templatefile() needs a path and a map of variables');
  const file = evaluateStrict(pathExpr, scope);
  const vars = evaluateStrict(varsExpr, scope);
  if (isUnknown(file)) return unknownFrom(file);
  // Inside a template templatefile is not available (Terraform refuses recursion): unknown.
  if (!scope.templateFile) return unknown();
  const relPath = toStr(file);
  const read = scope.templateFile(relPath);
  if ('problem' in read) {
    const where = scope.site ? `${scope.site.file}:${scope.site.line}: ` : '';
    scope.report?.({
      reason: read.syntax ? 'parse-error' : 'unresolved-reference',
      ...(scope.site ? { file: scope.site.file, line: scope.site.line } : {}),
      message: `${where}templatefile("${relPath}"): ${read.problem}; the text it renders is unknown`,
    });
    return unknown(`templatefile("${relPath}")`);
  }
  const inner: Scope = { variables: {}, local: (name) => unknown(`local.${name}`), path: scope.path };
  // Variables not known as a whole: every interpolation is unknown, the template's own text is kept.
  if (isUnknown(vars)) return renderTemplate(read.parts, inner);
  if (!isObject(vars)) throw new HclEvalError('templatefile: the variables must be a map or object');
  return renderTemplate(read.parts, bind(inner, vars));
}

/**
 * slice(list, start, end) of a list not known yet (`data.aws_availability_zones.x.names`): with
 * known bounds it has end - start elements, or the plan fails, so its length (and a `count` or a
 * `for` over it) is known though its elements are not.
 */
function sliceOfUnknown(list: Unknown, start: Value, end: Value): Value {
  if (isUnknown(start) || isUnknown(end)) return unknownFrom(list, start, end);
  const [from, to] = sliceBounds(start, end);
  return Array.from({ length: to - from }, (_, i) => extendRef(list, `[${from + i}]`));
}

function sliceBounds(start: Value, end: Value): [number, number] {
  const from = toNum(start);
  const to = toNum(end);
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to < from)
    throw new HclEvalError(`slice: invalid bounds ${formatNumber(from)}, ${formatNumber(to)}`);
  return [from, to];
}

function arg(args: Value[], i: number): Value {
  if (i >= args.length) throw new HclEvalError('missing function argument');
  return args[i];
}

function str(args: Value[], i: number): string {
  return toStr(arg(args, i));
}

function obj(value: Value): ObjectValue {
  if (isObject(value)) return value;
  throw new HclEvalError('expected a map or object');
}

/**
 * jsonencode as Terraform writes it (object keys sorted); unknowns become "${ref}" strings, and a
 * partly known string keeps its known text around them.
 */
export function jsonEncode(value: Value): string {
  if (isUnknown(value)) return JSON.stringify(textWithHoles(value) ?? `\${${value.ref ?? 'unknown'}}`);
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return Number.isFinite(value) ? formatNumber(value) : 'null';
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(jsonEncode).join(',')}]`;
  const o = value as ObjectValue;
  return `{${Object.keys(o)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${jsonEncode(o[k])}`)
    .join(',')}}`;
}

function sortedSet(items: Value[]): Value[] {
  const unique = distinct(items);
  if (unique.every((v) => typeof v === 'string')) return (unique as string[]).sort();
  if (unique.every((v) => typeof v === 'number')) return (unique as number[]).sort((a, b) => a - b);
  return unique;
}

function distinct(items: Value[]): Value[] {
  const out: Value[] = [];
  for (const item of items) if (!out.some((o) => deepEqual(o, item))) out.push(item);
  return out;
}

function flatten(items: Value[]): Value[] {
  return items.flatMap((item) => (Array.isArray(item) ? flatten(item) : [item]));
}

/** format() with the common verbs (%s %d %f %t %v %q %%), widths, zero padding and precision. */
function format(spec: string, values: Value[]): string {
  let i = 0;
  return spec.replace(
    /%(?:%|([-0]*)(\d*)(?:\.(\d+))?([sdftvq]))/g,
    (match, flags?: string, width?: string, precision?: string, verb?: string) => {
      if (match === '%%') return '%';
      const text = formatVerb(verb ?? 's', arg(values, i++), precision);
      const size = Number(width || 0);
      if (text.length >= size) return text;
      if (flags?.includes('-')) return text.padEnd(size);
      return flags?.includes('0') && verb !== 's' ? text.padStart(size, '0') : text.padStart(size);
    },
  );
}

function formatVerb(verb: string, value: Value, precision?: string): string {
  switch (verb) {
    case 'd':
      return formatNumber(Math.trunc(toNum(value)));
    case 'f':
      return toNum(value).toFixed(precision === undefined ? 6 : Number(precision));
    case 't':
      return String(toBool(value));
    case 'q':
      return JSON.stringify(toStr(value));
    case 'v':
      return typeof value === 'object' && value !== null ? jsonEncode(value) : toStr(value);
    default:
      return toStr(value);
  }
}

/** Go RE2 syntax is close enough to JavaScript's for the patterns replace() sees in practice. */
function replace(s: string, search: string, replacement: string): string {
  if (search.length > 1 && search.startsWith('/') && search.endsWith('/')) {
    let re: RegExp;
    try {
      re = new RegExp(search.slice(1, -1), 'g');
    } catch {
      throw new HclEvalError('invalid regular expression');
    }
    return s.replace(re, replacement.replace(/\$\{?(\w+)\}?/g, '$$$1'));
  }
  return s.split(search).join(replacement);
}

function substr(s: string, offset: number, length: number): string {
  const chars = Array.from(s);
  const start = offset < 0 ? Math.max(0, chars.length + offset) : Math.min(offset, chars.length);
  const end = length < 0 ? chars.length : Math.min(chars.length, start + length);
  return chars.slice(start, end).join('');
}

const FUNCTIONS: Record<string, Fn> = {
  jsonencode: (a) => jsonEncode(arg(a, 0)),
  jsondecode: (a) => {
    try {
      return JSON.parse(str(a, 0)) as Value;
    } catch {
      throw new HclEvalError('jsondecode: invalid JSON');
    }
  },
  merge: (a) => Object.assign({}, ...a.filter((v) => v !== null).map(obj)) as ObjectValue,
  concat: (a) => a.flatMap((v) => toList(v)),
  lookup: (a) => {
    const map = obj(arg(a, 0));
    const key = str(a, 1);
    if (key in map) return map[key];
    // An object only partly known (a modelled module's outputs) may hold the key: not the default.
    const open = openPrefix(map);
    if (open !== undefined) return unknown(`${open}.${key}`);
    if (a.length > 2) return a[2];
    throw new HclEvalError(`lookup: no key '${key}'`);
  },
  tostring: (a) => (arg(a, 0) === null ? null : toStr(arg(a, 0))),
  tonumber: (a) => (arg(a, 0) === null ? null : toNum(arg(a, 0))),
  tobool: (a) => (arg(a, 0) === null ? null : toBool(arg(a, 0))),
  tolist: (a) => toList(arg(a, 0)),
  toset: (a) => sortedSet(toList(arg(a, 0))),
  tomap: (a) => obj(arg(a, 0)),
  format: (a) => format(str(a, 0), a.slice(1)),
  lower: (a) => str(a, 0).toLowerCase(),
  upper: (a) => str(a, 0).toUpperCase(),
  join: (a) =>
    a
      .slice(1)
      .flatMap((list) => toList(list).map(toStr))
      .join(str(a, 0)),
  split: (a) => (str(a, 1) === '' ? [] : str(a, 1).split(str(a, 0))),
  length: (a) => {
    const v = arg(a, 0);
    if (typeof v === 'string') return Array.from(v).length;
    if (Array.isArray(v)) return v.length;
    return Object.keys(obj(v)).length;
  },
  coalesce: (a) => {
    for (const v of a) {
      if (isUnknown(v)) return unknownFrom(v);
      if (v !== null && v !== '') return v;
    }
    throw new HclEvalError('coalesce: no non-null argument');
  },
  element: (a) => {
    const list = toList(arg(a, 0));
    if (list.length === 0) throw new HclEvalError('element: empty list');
    const i = Math.trunc(toNum(arg(a, 1)));
    return list[((i % list.length) + list.length) % list.length];
  },
  contains: (a) => toList(arg(a, 0)).some((v) => deepEqual(v, arg(a, 1))),
  keys: (a) => Object.keys(obj(arg(a, 0))).sort(),
  values: (a) => {
    const map = obj(arg(a, 0));
    return Object.keys(map)
      .sort()
      .map((k) => map[k]);
  },
  flatten: (a) => flatten(toList(arg(a, 0))),
  distinct: (a) => distinct(toList(arg(a, 0))),
  replace: (a) => replace(str(a, 0), str(a, 1), str(a, 2)),
  substr: (a) => substr(str(a, 0), toNum(arg(a, 1)), toNum(arg(a, 2))),
  trimspace: (a) => str(a, 0).trim(),
  trimprefix: (a) => (str(a, 0).startsWith(str(a, 1)) ? str(a, 0).slice(str(a, 1).length) : str(a, 0)),
  trimsuffix: (a) =>
    str(a, 0).endsWith(str(a, 1)) ? str(a, 0).slice(0, str(a, 0).length - str(a, 1).length) : str(a, 0),
  startswith: (a) => str(a, 0).startsWith(str(a, 1)),
  endswith: (a) => str(a, 0).endsWith(str(a, 1)),
  min: (a) => Math.min(...a.map(toNum)),
  max: (a) => Math.max(...a.map(toNum)),
  abs: (a) => Math.abs(toNum(arg(a, 0))),
  floor: (a) => Math.floor(toNum(arg(a, 0))),
  ceil: (a) => Math.ceil(toNum(arg(a, 0))),
  compact: (a) => toList(arg(a, 0)).filter((v) => v !== null && v !== ''),
  reverse: (a) => [...toList(arg(a, 0))].reverse(),
  slice: (a) => {
    const list = toList(arg(a, 0));
    const [from, to] = sliceBounds(arg(a, 1), arg(a, 2));
    if (to > list.length) throw new HclEvalError(`slice: end index ${to} is past the list's ${list.length} elements`);
    return list.slice(from, to);
  },
  sort: (a) => toList(arg(a, 0)).map(toStr).sort(),
  one: (a) => {
    const list = toList(arg(a, 0));
    if (list.length > 1) throw new HclEvalError('one: more than one element');
    return list.length === 0 ? null : list[0];
  },
  zipmap: (a) => {
    const keys = toList(arg(a, 0)).map(toStr);
    const vals = toList(arg(a, 1));
    return Object.fromEntries(keys.map((k, i) => [k, vals[i]]));
  },
  alltrue: (a) => toList(arg(a, 0)).every((v) => toBool(v)),
  anytrue: (a) => toList(arg(a, 0)).some((v) => toBool(v)),
};
