// ARM template expressions ("[concat(parameters('a'), '-x')]"): the subset whose value the
// template decides on its own. parameters() with a defaultValue, variables(), concat(), format(),
// toLower()/toUpper(), string(), property and index access; resourceId() becomes an AzureRef
// (an opaque link to another resource). Anything else is UNKNOWN; nothing is guessed.
import type { PositionIndex } from '../../../kit/located.ts';
import { eitherOf, isUnknown, UNKNOWN, unknown as unknownOf } from '../../../kit/unknown.ts';
import type { AzureRef } from '../../../providers/azure/resources.ts';

type Ast =
  | { t: 'lit'; value: string | number | boolean }
  | { t: 'call'; name: string; args: Ast[]; text: string }
  | { t: 'prop'; target: Ast; key: string; text: string }
  | { t: 'index'; target: Ast; index: Ast; text: string };

class ExpressionSyntaxError extends Error {}

/** Parses the inside of "[...]" into a tree; throws ExpressionSyntaxError on bad syntax. */
function parseExpression(source: string): Ast {
  let at = 0;
  const skip = () => {
    while (at < source.length && /\s/.test(source[at] as string)) at++;
  };
  const expect = (char: string) => {
    skip();
    if (source[at] !== char) throw new ExpressionSyntaxError(`expected '${char}' at ${at}`);
    at++;
  };
  const primary = (): Ast => {
    skip();
    const start = at;
    const char = source[at];
    if (char === "'") {
      let text = '';
      at++;
      for (;;) {
        if (at >= source.length) throw new ExpressionSyntaxError('unterminated string');
        if (source[at] === "'") {
          if (source[at + 1] === "'") {
            text += "'";
            at += 2;
            continue;
          }
          at++;
          break;
        }
        text += source[at++];
      }
      return { t: 'lit', value: text };
    }
    const number = /^-?\d+(\.\d+)?/.exec(source.slice(at));
    if (number) {
      at += number[0].length;
      return { t: 'lit', value: Number(number[0]) };
    }
    const ident = /^[A-Za-z_][\w.]*?(?=\s*\()/.exec(source.slice(at)) ?? /^[A-Za-z_]\w*/.exec(source.slice(at));
    if (!ident) throw new ExpressionSyntaxError(`unexpected '${char ?? 'end'}' at ${at}`);
    at += ident[0].length;
    const name = ident[0];
    skip();
    if (source[at] !== '(') {
      if (name === 'true' || name === 'false') return { t: 'lit', value: name === 'true' };
      throw new ExpressionSyntaxError(`expected '(' after ${name}`);
    }
    at++;
    const args: Ast[] = [];
    skip();
    if (source[at] === ')') at++;
    else {
      for (;;) {
        args.push(postfix());
        skip();
        if (source[at] === ',') {
          at++;
          continue;
        }
        expect(')');
        break;
      }
    }
    return { t: 'call', name, args, text: source.slice(start, at) };
  };
  const postfix = (): Ast => {
    const start = at;
    let node = primary();
    for (;;) {
      skip();
      if (source[at] === '.') {
        at++;
        skip();
        const key = /^\w+/.exec(source.slice(at));
        if (!key) throw new ExpressionSyntaxError(`expected a property name at ${at}`);
        at += key[0].length;
        node = { t: 'prop', target: node, key: key[0], text: source.slice(start, at) };
      } else if (source[at] === '[') {
        at++;
        const index = postfix();
        expect(']');
        node = { t: 'index', target: node, index, text: source.slice(start, at) };
      } else return node;
    }
  };
  const tree = postfix();
  skip();
  if (at !== source.length) throw new ExpressionSyntaxError(`unexpected '${source[at]}' at ${at}`);
  return tree;
}

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** Whether a value holds an unknown anywhere (a branch of if() that is itself undecided). */
function holdsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(holdsUnknown);
  if (isObj(value)) return Object.values(value).some(holdsUnknown);
  return false;
}

export class ArmEvaluator {
  private readonly parameters: Obj;
  private readonly variables: Obj;
  private readonly variableCache = new Map<string, unknown>();
  private readonly evaluating = new Set<string>();

  constructor(
    template: Obj,
    private readonly positions?: PositionIndex,
  ) {
    this.parameters = isObj(template.parameters) ? template.parameters : {};
    this.variables = isObj(template.variables) ? template.variables : {};
  }

  /** Evaluates every expression string inside a value (objects and arrays walked). */
  resolve(value: unknown): unknown {
    if (typeof value === 'string') return this.string(value, false);
    if (Array.isArray(value))
      return this.keepPositions(
        value,
        value.map((item) => this.resolve(item)),
      );
    if (isObj(value)) {
      const out: Obj = {};
      for (const [key, item] of Object.entries(value)) out[key] = this.resolve(item);
      return this.keepPositions(value, out);
    }
    return value;
  }

  private keepPositions<T extends object>(from: object, to: T): T {
    const position = this.positions?.get(from);
    if (position) this.positions?.set(to, position);
    return to;
  }

  /**
   * A resource name: its value when known, else a stable symbolic text in which unknown parts keep
   * their source ("[parameters('name')]/default"), so a child and its parent can still be matched.
   */
  name(value: unknown): string {
    if (typeof value !== 'string') return String(value);
    const out = this.string(value, true);
    return typeof out === 'string' ? out : value;
  }

  private string(text: string, symbolic: boolean): unknown {
    if (!text.startsWith('[') || !text.endsWith(']')) return text;
    if (text.startsWith('[[')) return text.slice(1);
    let tree: Ast;
    try {
      tree = parseExpression(text.slice(1, -1));
    } catch {
      return symbolic ? text : UNKNOWN;
    }
    return this.evaluate(tree, symbolic);
  }

  private evaluate(node: Ast, symbolic: boolean): unknown {
    // Unknown keeps the expression as its reference, so a reader can say what it depends on.
    const unknown = (text: string) => (symbolic ? `[${text}]` : unknownOf(text));
    switch (node.t) {
      case 'lit':
        return node.value;
      case 'prop': {
        const target = this.evaluate(node.target, false);
        return isObj(target) && !isUnknown(target) && node.key in target ? target[node.key] : unknown(node.text);
      }
      case 'index': {
        const target = this.evaluate(node.target, false);
        const index = this.evaluate(node.index, false);
        if (Array.isArray(target) && typeof index === 'number' && index in target) return target[index];
        if (isObj(target) && typeof index === 'string' && index in target) return target[index];
        return unknown(node.text);
      }
      case 'call': {
        if (node.name.toLowerCase() === 'if' && !symbolic) return this.conditional(node);
        // resourceId() names stay symbolic when unknown, so a link still matches the target's name.
        const argsSymbolic = symbolic || node.name.toLowerCase() === 'resourceid';
        const args = node.args.map((arg) => this.evaluate(arg, argsSymbolic));
        const result = this.call(node.name.toLowerCase(), args);
        return isUnknown(result) && !result.alternatives ? unknown(node.text) : result;
      }
    }
  }

  /**
   * if(condition, a, b): the branch when the condition is known; when it is not but both branches
   * are, unknown with both as alternatives (src/kit/variants.ts evaluates each), as Fn::If is.
   */
  private conditional(node: Extract<Ast, { t: 'call' }>): unknown {
    const [test, whenTrue, whenFalse] = node.args;
    if (node.args.length !== 3 || !test || !whenTrue || !whenFalse) return unknownOf(node.text);
    const condition = this.evaluate(test, false);
    if (typeof condition === 'boolean') return this.evaluate(condition ? whenTrue : whenFalse, false);
    const branches = [this.evaluate(whenTrue, false), this.evaluate(whenFalse, false)];
    if (branches.some(holdsUnknown)) return unknownOf(node.text);
    const text = 'text' in test ? test.text : String(test.value);
    return eitherOf(`condition ${text}`, node.text, branches[0], branches[1]);
  }

  private call(name: string, args: unknown[]): unknown {
    const [first] = args;
    switch (name) {
      case 'equals':
        return args.length === 2 && args.every(isScalar) ? args[0] === args[1] : UNKNOWN;
      case 'not':
        return typeof first === 'boolean' ? !first : UNKNOWN;
      case 'and':
        if (args.includes(false)) return false;
        return args.length > 0 && args.every((arg) => arg === true) ? true : UNKNOWN;
      case 'or':
        if (args.includes(true)) return true;
        return args.length > 0 && args.every((arg) => arg === false) ? false : UNKNOWN;
      case 'bool':
        if (typeof first === 'boolean') return first;
        return first === 'true' || first === 'false' ? first === 'true' : UNKNOWN;
      case 'parameters': {
        const parameter = typeof first === 'string' ? this.parameters[first] : undefined;
        if (!isObj(parameter) || parameter.defaultValue === undefined) return UNKNOWN;
        // A default that refers to itself (directly or through others) is unknown, not endless recursion.
        const key = `parameters:${first}`;
        if (this.evaluating.has(key)) return UNKNOWN;
        this.evaluating.add(key);
        const value = this.resolve(parameter.defaultValue);
        this.evaluating.delete(key);
        return value;
      }
      case 'variables': {
        if (typeof first !== 'string' || !(first in this.variables)) return UNKNOWN;
        if (this.variableCache.has(first)) return this.variableCache.get(first);
        if (this.evaluating.has(first)) return UNKNOWN;
        this.evaluating.add(first);
        const value = this.resolve(this.variables[first]);
        this.evaluating.delete(first);
        this.variableCache.set(first, value);
        return value;
      }
      case 'concat':
        if (args.every((arg) => typeof arg === 'string' || typeof arg === 'number')) return args.join('');
        if (args.every(Array.isArray)) return (args as unknown[][]).flat();
        return UNKNOWN;
      case 'format': {
        if (typeof first !== 'string') return UNKNOWN;
        const rest = args.slice(1);
        if (!rest.every((arg) => typeof arg === 'string' || typeof arg === 'number' || typeof arg === 'boolean'))
          return UNKNOWN;
        return first.replace(/\{(\d+)(:[^}]*)?\}/g, (whole, i: string) =>
          i in rest ? String(rest[Number(i)]) : whole,
        );
      }
      case 'tolower':
        return typeof first === 'string' ? first.toLowerCase() : UNKNOWN;
      case 'toupper':
        return typeof first === 'string' ? first.toUpperCase() : UNKNOWN;
      case 'string':
        return typeof first === 'string' || typeof first === 'number' || typeof first === 'boolean'
          ? String(first)
          : UNKNOWN;
      case 'true':
        return true;
      case 'false':
        return false;
      case 'resourceid': {
        // resourceId([subscriptionId], [resourceGroupName], resourceType, name1, name2, ...)
        const typeAt = args.findIndex((arg) => typeof arg === 'string' && arg.includes('/'));
        const type = args[typeAt];
        const names = args.slice(typeAt + 1);
        if (
          typeAt < 0 ||
          typeof type !== 'string' ||
          names.length === 0 ||
          !names.every((n) => typeof n === 'string')
        ) {
          return UNKNOWN;
        }
        return { __ref__: type.replace(/^\/+|\/+$/g, ''), name: names.join('/') } satisfies AzureRef;
      }
      default:
        return UNKNOWN;
    }
  }
}
