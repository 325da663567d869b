// Evaluates HCL expressions (./ast.ts) to values. Whatever is not known statically becomes
// unknown(ref), with ref the address as written ("aws_s3_bucket.b.id"); nothing is guessed.

import { eitherOf, isUnknown, partlyKnown, type Unknown, unknown } from '../../../../kit/unknown.ts';
import type { Gap } from '../../../../model/resource.ts';
import type { Expr, Step, TemplatePart } from './ast.ts';
import { callFunction } from './functions.ts';
import type { TemplateFile } from './template-file.ts';
import {
  deepEqual,
  extendRef,
  firstUnknown,
  HclEvalError,
  isObject,
  type ObjectValue,
  openPrefix,
  toBool,
  toNum,
  toStr,
  unknownFrom,
  type Value,
  withinLimits,
} from './values.ts';

/** What names mean where an expression is evaluated. */
export interface Scope {
  variables: ObjectValue;
  local(name: string): Value;
  count?: Value;
  each?: { key: Value; value: Value };
  path: ObjectValue;
  /** Names bound by `for` expressions, dynamic block iterators and template `for`. */
  bound?: ReadonlyMap<string, Value>;
  /** `module.<name>`: the outputs of a module call whose code was read; undefined when not known. */
  module?(name: string): Value | undefined;
  /** The template file templatefile() names (relative to the root module's folder); absent inside a template. */
  templateFile?(relPath: string): TemplateFile;
  /** Where the expression being evaluated is written, for gaps raised while evaluating it. */
  site?: { file: string; line: number };
  /** Records a gap found while evaluating (a template file missing); repeated gaps are kept once. */
  report?(gap: Gap): void;
}

export function bind(scope: Scope, names: Record<string, Value>): Scope {
  const bound = new Map(scope.bound);
  for (const [name, value] of Object.entries(names)) bound.set(name, value);
  return { ...scope, bound };
}

/** Evaluates an expression; an expression Terraform would reject yields unknown(). */
export function evaluate(expr: Expr, scope: Scope): Value {
  try {
    return evaluateStrict(expr, scope);
  } catch (error) {
    if (error instanceof HclEvalError) return unknown();
    throw error;
  }
}

/**
 * `cond ? a : b` with cond unknown: unknown, but where both branches are known (no unknown inside)
 * it lists them, so a rule can be evaluated on each ("when var.public is true: ...").
 */
function eitherBranch(expr: Extract<Expr, { t: 'conditional' }>, cond: Unknown, scope: Scope): Value {
  const whenTrue = evaluate(expr.whenTrue, scope);
  const whenFalse = evaluate(expr.whenFalse, scope);
  if (cond.ref === undefined || firstUnknown(whenTrue) || firstUnknown(whenFalse)) return unknownFrom(cond);
  const plain = expr.cond.t === 'variable' || expr.cond.t === 'step';
  const condition = plain ? cond.ref : `the condition on ${cond.ref}`;
  return eitherOf(condition, cond.ref, whenTrue, whenFalse) as Value;
}

/** Like evaluate, but lets HclEvalError through (for `try` and `can`). */
export function evaluateStrict(expr: Expr, scope: Scope): Value {
  // Every intermediate value is checked, so a string or list doubled step by step stops at twice the limit.
  return withinLimits(evaluateNode(expr, scope));
}

function evaluateNode(expr: Expr, scope: Scope): Value {
  switch (expr.t) {
    case 'literal':
      return expr.value;
    case 'template':
      return template(expr.parts, scope);
    case 'tuple':
      return expr.items.map((item) => evaluateStrict(item, scope));
    case 'object':
      return object(expr.items, scope);
    case 'variable':
      return root(expr.name, scope);
    case 'step':
      return step(expr.base, expr.step, scope);
    case 'splat':
      return splat(expr.base, expr.steps, scope);
    case 'call':
      return callFunction(expr.name, expr.args, expr.expandLast, scope);
    case 'for':
      return forExpr(expr, scope);
    case 'conditional': {
      const cond = evaluateStrict(expr.cond, scope);
      if (isUnknown(cond)) return eitherBranch(expr, cond, scope);
      return evaluateStrict(toBool(cond) ? expr.whenTrue : expr.whenFalse, scope);
    }
    case 'unary':
      return unary(expr.op, evaluateStrict(expr.arg, scope));
    case 'binary':
      return binary(expr.op, evaluateStrict(expr.left, scope), evaluateStrict(expr.right, scope));
    case 'invalid':
      throw new HclEvalError(`cannot evaluate '${expr.text}'`);
  }
}

function root(name: string, scope: Scope): Value {
  const bound = scope.bound?.get(name);
  if (bound !== undefined || scope.bound?.has(name)) return bound;
  switch (name) {
    case 'var':
      return scope.variables;
    case 'count':
      return scope.count === undefined ? unknown('count') : { index: scope.count };
    case 'each':
      return scope.each ?? unknown('each');
    case 'path':
      return scope.path;
    default:
      // local.* is resolved lazily in step(); resources, data sources, modules, self and
      // terraform.* are only known at plan/apply time.
      return unknown(name);
  }
}

function step(baseExpr: Expr, s: Step, scope: Scope): Value {
  if (baseExpr.t === 'variable' && baseExpr.name === 'local' && s.kind === 'attr' && !scope.bound?.has('local')) {
    return scope.local(s.name);
  }
  if (baseExpr.t === 'variable' && baseExpr.name === 'module' && s.kind === 'attr' && scope.module) {
    const outputs = scope.module(s.name);
    if (outputs !== undefined) return outputs;
  }
  if (baseExpr.t === 'variable' && baseExpr.name === 'var' && s.kind === 'attr' && !scope.bound?.has('var')) {
    return s.name in scope.variables ? scope.variables[s.name] : unknown(`var.${s.name}`);
  }
  return applyStep(evaluateStrict(baseExpr, scope), s, scope);
}

function applyStep(base: Value, s: Step, scope: Scope): Value {
  if (s.kind === 'attr') {
    if (isUnknown(base)) return extendRef(base, `.${s.name}`);
    if (isObject(base)) {
      const open = openPrefix(base);
      if (!(s.name in base) && open !== undefined) return unknown(`${open}.${s.name}`);
      if (!(s.name in base)) throw new HclEvalError(`no attribute '${s.name}'`);
      return base[s.name];
    }
    throw new HclEvalError(`cannot read '${s.name}' of ${base === null ? 'null' : typeof base}`);
  }
  const key = evaluateStrict(s.key, scope);
  if (isUnknown(base)) {
    if (isUnknown(key)) return extendRef(base, '[*]');
    return extendRef(base, typeof key === 'string' ? `[${JSON.stringify(key)}]` : `[${toStr(key)}]`);
  }
  if (isUnknown(key)) return unknownFrom(key);
  if (Array.isArray(base)) {
    const i = toNum(key);
    if (!Number.isInteger(i) || i < 0 || i >= base.length) throw new HclEvalError(`index ${i} out of range`);
    return base[i];
  }
  if (isObject(base)) {
    const k = toStr(key);
    if (!(k in base)) throw new HclEvalError(`no key '${k}'`);
    return base[k];
  }
  throw new HclEvalError('cannot index this value');
}

function splat(baseExpr: Expr, steps: Step[], scope: Scope): Value {
  const base = evaluateStrict(baseExpr, scope);
  if (isUnknown(base)) return extendRef(base, '[*]');
  const items = base === null ? [] : Array.isArray(base) ? base : [base];
  return items.map((item) => steps.reduce((value, s) => applyStep(value, s, scope), item));
}

function object(items: { key: Expr; value: Expr }[], scope: Scope): Value {
  const result: ObjectValue = {};
  for (const item of items) {
    const key = evaluateStrict(item.key, scope);
    if (isUnknown(key)) return unknownFrom(key);
    result[toStr(key)] = evaluateStrict(item.value, scope);
  }
  return result;
}

/**
 * A template or heredoc. An unknown interpolation leaves the string unknown, but its known text is
 * kept (a partly known Unknown), so what is written around the interpolation can still be read.
 */
export function template(parts: TemplatePart[], scope: Scope): Value {
  const text = new PartlyKnownText();
  for (const part of parts) text.add(typeof part === 'string' ? part : templatePart(part, scope));
  return text.value();
}

/**
 * Text built piece by piece where a piece may be unknown: known pieces are joined, an unknown one
 * (or a partly known one's own pieces) kept in place, so the known text around it can still be read.
 */
class PartlyKnownText {
  private out = '';
  private readonly pieces: (string | Unknown)[] = [];

  add(piece: Value): void {
    if (!isUnknown(piece)) {
      this.out = withinLimits(this.out + (piece as string)) as string;
      return;
    }
    if (this.out !== '') this.pieces.push(this.out);
    this.out = '';
    for (const inner of piece.parts ?? [unknownFrom(piece)]) this.pieces.push(inner);
  }

  value(): Value {
    if (this.pieces.length === 0) return this.out;
    const pieces = this.out === '' ? this.pieces : [...this.pieces, this.out];
    // Nothing known around it (`"${var.x}"`): the interpolation's own unknown.
    if (pieces.length === 1) return pieces[0] as Unknown;
    return partlyKnown(mergeText(pieces)) as Value;
  }
}

/** Adjacent known pieces joined (a nested partly known template brings its own). */
function mergeText(pieces: (string | Unknown)[]): (string | Unknown)[] {
  const merged: (string | Unknown)[] = [];
  for (const piece of pieces) {
    const last = merged.length - 1;
    if (typeof piece === 'string' && typeof merged[last] === 'string') merged[last] += piece;
    else merged.push(piece);
  }
  return merged;
}

function templatePart(part: Exclude<TemplatePart, string>, scope: Scope): Value {
  if (part.kind === 'interp') {
    const value = evaluateStrict(part.expr, scope);
    if (!isUnknown(value)) return toStr(value);
    return value.parts ? value : unknownFrom(value);
  }
  if (part.kind === 'if') {
    const cond = evaluateStrict(part.cond, scope);
    if (isUnknown(cond)) return unknownFrom(cond);
    return template(toBool(cond) ? part.whenTrue : part.whenFalse, scope);
  }
  const collection = evaluateStrict(part.collection, scope);
  if (isUnknown(collection)) return unknownFrom(collection);
  // Each repetition of the body in order; one with an unknown piece keeps its known text around it.
  const text = new PartlyKnownText();
  for (const [key, value] of entries(collection)) {
    const names: Record<string, Value> = { [part.valueVar]: value };
    if (part.keyVar) names[part.keyVar] = key;
    text.add(template(part.body, bind(scope, names)));
  }
  return text.value();
}

/** Key/value pairs of a collection: list index or object key. */
export function entries(collection: Value): [Value, Value][] {
  if (Array.isArray(collection)) return collection.map((v, i) => [i, v]);
  if (isObject(collection))
    return Object.keys(collection)
      .sort()
      .map((k) => [k, collection[k]]);
  throw new HclEvalError('for expects a list, set, map or object');
}

function forExpr(expr: Extract<Expr, { t: 'for' }>, scope: Scope): Value {
  const collection = evaluateStrict(expr.collection, scope);
  if (isUnknown(collection)) return unknownFrom(collection);
  const list: Value[] = [];
  const map: ObjectValue = {};
  for (const [key, value] of entries(collection)) {
    const names: Record<string, Value> = { [expr.valueVar]: value };
    if (expr.keyVar) names[expr.keyVar] = key;
    const inner = bind(scope, names);
    if (expr.cond) {
      const keep = evaluateStrict(expr.cond, inner);
      if (isUnknown(keep)) return unknownFrom(keep);
      if (!toBool(keep)) continue;
    }
    const result = evaluateStrict(expr.value, inner);
    if (!expr.key) {
      list.push(result);
      continue;
    }
    const k = evaluateStrict(expr.key, inner);
    if (isUnknown(k)) return unknownFrom(k);
    const name = toStr(k);
    if (expr.group) {
      const group = map[name];
      if (Array.isArray(group)) group.push(result);
      else map[name] = [result];
    } else if (name in map) throw new HclEvalError(`duplicate key '${name}' in for expression`);
    else map[name] = result;
  }
  return expr.key ? map : list;
}

function unary(op: string, arg: Value): Value {
  if (isUnknown(arg)) return unknownFrom(arg);
  return op === '!' ? !toBool(arg) : -toNum(arg);
}

function binary(op: string, left: Value, right: Value): Value {
  if (op === '==' || op === '!=') {
    if (firstUnknown(left) || firstUnknown(right)) return unknownFrom(left, right);
    return op === '==' ? deepEqual(left, right) : !deepEqual(left, right);
  }
  if (op === '&&' || op === '||') {
    // A known deciding operand settles the result even when the other is unknown.
    const decides = op === '||';
    if (!isUnknown(left) && toBool(left) === decides) return decides;
    if (!isUnknown(right) && toBool(right) === decides) return decides;
    if (isUnknown(left) || isUnknown(right)) return unknownFrom(left, right);
    return !decides;
  }
  if (isUnknown(left) || isUnknown(right)) return unknownFrom(left, right);
  const a = toNum(left);
  const b = toNum(right);
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      if (b === 0) throw new HclEvalError('division by zero');
      return a / b;
    case '%':
      if (b === 0) throw new HclEvalError('division by zero');
      return a % b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    default:
      throw new HclEvalError(`unknown operator ${op}`);
  }
}
