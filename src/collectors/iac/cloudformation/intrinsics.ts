// Resolves the CloudFormation intrinsic functions whose value a template decides on its own:
// parameter defaults, Fn::Sub/Join/Select/Split/FindInMap over known parts, Fn::If on a decidable
// condition. References to other resources become a CfnRef marker (so mappers can link a bucket
// policy to its bucket); everything else (pseudo parameters, imports, undecidable conditions)
// becomes UNKNOWN and mappers leave the property absent. Resolved objects keep their positions.
import type { PositionIndex } from '../../../kit/located.ts';
import { eitherOf, isUnknown, UNKNOWN, unknown } from '../../../kit/unknown.ts';

/** Whether a resolved value holds an unknown anywhere (AWS::NoValue counts: it removes the property). */
function containsUnknown(value: unknown): boolean {
  if (isUnknown(value) || value === NO_VALUE) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (isObj(value)) return Object.values(value).some(containsUnknown);
  return false;
}

export interface CfnRef {
  __ref__: string;
  attribute?: string;
}

/** `Ref: AWS::NoValue`: the property is removed. */
const NO_VALUE = Symbol('AWS::NoValue');

export function isRef(value: unknown): value is CfnRef {
  return typeof value === 'object' && value !== null && typeof (value as CfnRef).__ref__ === 'string';
}

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function intrinsicName(value: Obj): string | undefined {
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const key = keys[0] as string;
  return key === 'Ref' || key.startsWith('Fn::') ? key : undefined;
}

export class Resolver {
  private readonly parameters: Obj;
  private readonly resourceIds: Set<string>;
  private readonly conditionDefs: Obj;
  private readonly mappings: Obj;
  private readonly decided = new Map<string, boolean | undefined>();
  private readonly deciding = new Set<string>();

  constructor(
    template: Obj,
    private readonly positions: PositionIndex,
  ) {
    this.parameters = isObj(template.Parameters) ? template.Parameters : {};
    this.resourceIds = new Set(isObj(template.Resources) ? Object.keys(template.Resources) : []);
    this.conditionDefs = isObj(template.Conditions) ? template.Conditions : {};
    this.mappings = isObj(template.Mappings) ? template.Mappings : {};
  }

  /** The value with every intrinsic resolved, UNKNOWN or a CfnRef where it cannot be. */
  resolve(value: unknown): unknown {
    const out = this.value(value);
    return out === NO_VALUE ? undefined : out;
  }

  /** A named condition: true, false, or undefined when the template alone cannot decide it. */
  condition(name: string): boolean | undefined {
    if (this.decided.has(name)) return this.decided.get(name);
    if (this.deciding.has(name) || !(name in this.conditionDefs)) return undefined;
    this.deciding.add(name);
    const result = this.decide(this.conditionDefs[name]);
    this.deciding.delete(name);
    this.decided.set(name, result);
    return result;
  }

  private value(value: unknown): unknown {
    if (Array.isArray(value)) {
      const out = value.map((item) => this.value(item)).filter((item) => item !== NO_VALUE);
      this.keepPositions(value, out);
      return out;
    }
    if (!isObj(value)) return value;
    const fn = intrinsicName(value);
    if (fn) return this.intrinsic(fn, value[fn]);
    const out: Obj = {};
    for (const [key, item] of Object.entries(value)) {
      const resolved = this.value(item);
      if (resolved !== NO_VALUE) out[key] = resolved;
    }
    this.keepPositions(value, out);
    return out;
  }

  private keepPositions(from: object, to: object): void {
    const position = this.positions.get(from);
    if (position) this.positions.set(to, position);
  }

  private intrinsic(fn: string, arg: unknown): unknown {
    switch (fn) {
      case 'Ref':
        return typeof arg === 'string' ? this.ref(arg) : UNKNOWN;
      case 'Fn::GetAtt': {
        const parts = typeof arg === 'string' ? arg.split('.') : Array.isArray(arg) ? arg : [];
        const [id, ...attribute] = parts;
        if (typeof id !== 'string' || !this.resourceIds.has(id)) return UNKNOWN;
        return { __ref__: id, attribute: attribute.map(String).join('.') };
      }
      case 'Fn::Sub':
        return this.sub(arg);
      case 'Fn::Join': {
        if (!Array.isArray(arg)) return UNKNOWN;
        const delimiter = this.value(arg[0]);
        const list = this.value(arg[1]);
        if (typeof delimiter !== 'string' || !Array.isArray(list)) return UNKNOWN;
        return list.every(isScalarText) ? list.map(String).join(delimiter) : UNKNOWN;
      }
      case 'Fn::Select': {
        if (!Array.isArray(arg)) return UNKNOWN;
        // Only a number or numeric text is an index (an AWS::NoValue symbol cannot even be converted).
        const position = this.value(arg[0]);
        const index = typeof position === 'number' || typeof position === 'string' ? Number(position) : Number.NaN;
        const list = this.value(arg[1]);
        if (!Number.isInteger(index) || !Array.isArray(list) || index < 0 || index >= list.length) return UNKNOWN;
        return list[index];
      }
      case 'Fn::Split': {
        if (!Array.isArray(arg)) return UNKNOWN;
        const delimiter = this.value(arg[0]);
        const source = this.value(arg[1]);
        return typeof delimiter === 'string' && typeof source === 'string' ? source.split(delimiter) : UNKNOWN;
      }
      case 'Fn::FindInMap': {
        if (!Array.isArray(arg)) return UNKNOWN;
        const [map, top, second] = arg.map((part) => this.value(part));
        if (![map, top, second].every(isScalarText)) return UNKNOWN;
        const found = (this.mappings[String(map)] as Obj | undefined)?.[String(top)];
        return isObj(found) && String(second) in found ? this.value(found[String(second)]) : UNKNOWN;
      }
      case 'Fn::If': {
        if (!Array.isArray(arg) || typeof arg[0] !== 'string') return UNKNOWN;
        const decided = this.condition(arg[0]);
        if (decided !== undefined) return this.value(decided ? arg[1] : arg[2]);
        // Undecidable: unknown, but where both branches are known, one of them (see src/kit/variants.ts).
        const [whenTrue, whenFalse] = [this.value(arg[1]), this.value(arg[2])];
        const condition = `condition ${arg[0]}`;
        if (containsUnknown(whenTrue) || containsUnknown(whenFalse)) return unknown(condition);
        return eitherOf(condition, condition, whenTrue, whenFalse);
      }
      default:
        return UNKNOWN;
    }
  }

  private ref(name: string): unknown {
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (name.startsWith('AWS::')) return UNKNOWN;
    if (this.resourceIds.has(name)) return { __ref__: name };
    const parameter = this.parameters[name];
    if (!isObj(parameter) || parameter.Default === undefined) return unknown(`parameter ${name}`);
    const type = typeof parameter.Type === 'string' ? parameter.Type : '';
    const value = parameter.Default;
    // List parameters take a comma-separated default.
    if ((type === 'CommaDelimitedList' || type.startsWith('List<')) && typeof value === 'string') {
      return value.split(',').map((item) => item.trim());
    }
    return value;
  }

  private sub(arg: unknown): unknown {
    let text: unknown = arg;
    let variables: Obj = {};
    if (Array.isArray(arg)) {
      text = arg[0];
      if (isObj(arg[1])) variables = arg[1];
    }
    if (typeof text !== 'string') return UNKNOWN;
    let unknown = false;
    const out = text.replace(/\$\{(!?)([^}]*)\}/g, (whole, literal: string, name: string) => {
      if (literal) return `\${${name}}`;
      const value = name in variables ? this.value(variables[name]) : name.includes('.') ? UNKNOWN : this.ref(name);
      if (isScalarText(value)) return String(value);
      unknown = true;
      return whole;
    });
    return unknown ? UNKNOWN : out;
  }

  private decide(expression: unknown): boolean | undefined {
    if (typeof expression === 'boolean') return expression;
    if (!isObj(expression)) return undefined;
    if (typeof expression.Condition === 'string' && Object.keys(expression).length === 1) {
      return this.condition(expression.Condition);
    }
    const fn = intrinsicName(expression);
    const args = fn ? expression[fn] : undefined;
    if (!Array.isArray(args)) return undefined;
    switch (fn) {
      case 'Fn::Equals': {
        const [a, b] = args.map((item) => this.value(item));
        if (!isScalarText(a) || !isScalarText(b)) return undefined;
        return String(a) === String(b);
      }
      case 'Fn::Not': {
        const inner = this.decide(args[0]);
        return inner === undefined ? undefined : !inner;
      }
      case 'Fn::And': {
        const results = args.map((item) => this.decide(item));
        if (results.includes(false)) return false;
        return results.includes(undefined) ? undefined : true;
      }
      case 'Fn::Or': {
        const results = args.map((item) => this.decide(item));
        if (results.includes(true)) return true;
        return results.includes(undefined) ? undefined : false;
      }
      default:
        return undefined;
    }
  }
}

function isScalarText(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
