// A call to a well-known registry module (see ../registry-modules.yaml) becomes the resource
// records the module is known to create, built from the call's arguments. The module's own code
// is never read, and the gap recorded for the call says so.

import { isUnknown, unknown } from '../../../../kit/unknown.ts';
import type { TfResourceRecord } from '../records.ts';
import {
  type Condition,
  findInterface,
  type ModuleInterface,
  type ResourceSpec,
  type ValueSpec,
} from '../registry-modules.ts';
import type { Block } from './ast.ts';
import { isObject, type ObjectValue, type Value } from './values.ts';

export interface KnownCall {
  name: string;
  /** `module.<name>` plus the instance suffix, with the caller's prefix. */
  address: string;
  source: string;
  version: Value;
  block: Block;
  file: string;
  /** The call's arguments, evaluated (one instance). */
  args: ObjectValue;
  /** The caller's root and the module calls that led to the caller. */
  origin: Pick<TfResourceRecord, 'root' | 'calledFrom'>;
}

/**
 * The outputs of a modelled module that name one of its resources, as unknowns referring to
 * that resource inside the module, or that pass one of the call's arguments through (`arg`
 * evaluates it in the caller); undefined when the source/version is not modelled.
 */
export function knownModuleOutputs(
  source: string,
  version: Value,
  arg: (name: string) => Value | undefined,
): ObjectValue | undefined {
  const found = findInterface(source, version);
  if (!found) return undefined;
  const outputs: ObjectValue = {};
  for (const [name, spec] of Object.entries(found.iface.outputs ?? {})) {
    if (typeof spec === 'string') {
      outputs[name] = unknown(spec);
      continue;
    }
    // An input that makes the module take the value from elsewhere (an IPAM pool) leaves it unknown.
    const override = spec.unknownWhen === undefined ? undefined : arg(spec.unknownWhen);
    const value = arg(spec.input) ?? found.iface.defaults?.[spec.input] ?? null;
    outputs[name] =
      override !== undefined && override !== null && override !== false
        ? unknown(`module output ${name}`)
        : (value as Value);
  }
  return outputs;
}

/** Records for a known module call, or undefined when the source/version is not described. */
export function knownModuleRecords(call: KnownCall): { records: TfResourceRecord[]; note: string } | undefined {
  const found = findInterface(call.source, call.version);
  if (!found) return undefined;
  const { iface } = found;
  const lines: Record<string, number> = {};
  for (const attribute of call.block.body.attributes) lines[attribute.name] ??= attribute.line;
  // A module call accepts no nested blocks; whatever one meant is unknown.
  const args: ObjectValue = { ...call.args };
  for (const nested of call.block.body.blocks) {
    args[nested.type] = unknown(`${call.address}.${nested.type}`);
    lines[nested.type] ??= nested.line;
  }
  const input = (name: string): Value => (name in args ? args[name] : (iface.defaults?.[name] ?? null));
  const records: TfResourceRecord[] = [];
  const uncertain: string[] = [];
  const maybe: string[] = [];
  for (const spec of iface.resources) {
    const exists = resourceExists(spec, input);
    if (exists === undefined && spec.whenUnknown !== 'model') {
      uncertain.push(`${spec.type}.${spec.name}`);
      continue;
    }
    if (exists === false) continue;
    if (exists === undefined) maybe.push(`${spec.type}.${spec.name}`);
    for (const [suffix, item] of elements(spec, input)) {
      const values: ObjectValue = {};
      const attrLines: Record<string, number> = {};
      for (const [attr, valueSpec] of Object.entries(spec.values)) {
        // Whether it exists is unknown: only what links it to the others (references) is kept.
        const value =
          exists === undefined && !('ref' in valueSpec)
            ? unknown(`${call.address}.${spec.type}.${spec.name}.${attr}`)
            : specValue(valueSpec, input, item);
        if (value === undefined || value === null) continue;
        values[attr] = value;
        const from = inputOf(valueSpec) ?? spec.each?.input;
        const line = from === undefined ? undefined : lines[from];
        if (line !== undefined) attrLines[attr] = line;
      }
      if (item !== undefined) Object.assign(values, itemPorts(item, iface));
      const modulePath = spec.path ? `${call.address}.${spec.path}` : call.address;
      const mode = spec.mode ?? 'managed';
      records.push({
        address: `${modulePath}.${mode === 'data' ? 'data.' : ''}${spec.type}.${spec.name}${suffix}`,
        mode,
        type: spec.type,
        name: spec.name,
        modulePath,
        values,
        file: call.file,
        line: call.block.line,
        endLine: call.block.endLine,
        attrLines,
        ...call.origin,
      });
    }
  }
  const made = records.length > 0 ? records.map((r) => r.address.slice(call.address.length + 1)).join(', ') : 'none';
  const note =
    `its code was not read; resources modelled from the module's known interface ` +
    `(${found.module.source}, ${found.chosen}; facts read at ${iface.read}): ${made}` +
    (maybe.length > 0
      ? `; whether the module creates ${maybe.join(', ')} depends on unknown values, so what they say is unknown`
      : '') +
    (uncertain.length > 0
      ? `; not modelled, as whether the module creates them depends on unknown values: ${uncertain.join(', ')}`
      : '');
  return { records, note };
}

/** Every `when` holds and, when `whenAny` is given, one of it; undefined when unknown inputs decide. */
function resourceExists(spec: ResourceSpec, input: (name: string) => Value): boolean | undefined {
  if ((spec.when ?? []).some((c) => isUnknown(input(c.input)))) return undefined;
  if (!allHold(spec.when, input)) return false;
  if (!spec.whenAny) return true;
  if (spec.whenAny.some((c) => !isUnknown(input(c.input)) && holds(input(c.input), c.is))) return true;
  return spec.whenAny.some((c) => isUnknown(input(c.input))) ? undefined : false;
}

function allHold(conditions: Condition[] | undefined, input: (name: string) => Value): boolean {
  return (conditions ?? []).every((c) => holds(input(c.input), c.is));
}

function holds(value: Value, is: Condition['is']): boolean {
  if (is === 'true') return value === true || value === 'true';
  if (is === 'set') return value !== null && value !== undefined && value !== 'null';
  if (Array.isArray(value)) return value.length > 0;
  return isObject(value) ? Object.keys(value).length > 0 : false;
}

/** `[suffix, item]` pairs: one plain instance, or one per element of an `each` list input. */
function elements(spec: ResourceSpec, input: (name: string) => Value): [string, Value | undefined][] {
  if (!spec.each) return [['', undefined]];
  const list = input(spec.each.input);
  if (isUnknown(list)) return [['', unknown(`var.${spec.each.input}`)]];
  if (!Array.isArray(list)) return [];
  return list.map((item, i) => [`[${i}]`, spec.each?.namedRules ? { rule: item } : item]);
}

function inputOf(spec: ValueSpec): string | undefined {
  if ('input' in spec) return spec.input;
  if ('item' in spec) return undefined;
  if ('list' in spec) return undefined;
  if ('block' in spec) {
    for (const inner of Object.values(spec.block)) {
      const name = inputOf(inner);
      if (name) return name;
    }
  }
  return undefined;
}

function specValue(spec: ValueSpec, input: (name: string) => Value, item: Value | undefined): Value | undefined {
  if ('ref' in spec) return unknown(spec.ref);
  if ('value' in spec) return spec.value as Value;
  if ('list' in spec) {
    // The elements whose conditions hold; an element whose condition is unknown is itself unknown.
    return spec.list.flatMap(({ when, spec: element }): Value[] => {
      const conditions = (when ?? []).map((c) => input(c.input));
      if (conditions.some(isUnknown)) return [unknown()];
      if (!allHold(when, input)) return [];
      const value = specValue(element, input, item);
      if (value === undefined || value === null) return [];
      // A block element is one item of the list (one `statement`), not a list of one.
      return 'block' in element && Array.isArray(value) ? value : [value];
    });
  }
  if ('block' in spec) {
    const inner: ObjectValue = {};
    for (const [attr, innerSpec] of Object.entries(spec.block)) {
      const value = specValue(innerSpec, input, item);
      if (value !== undefined && value !== null) inner[attr] = value;
    }
    return Object.keys(inner).length > 0 ? [inner] : undefined;
  }
  if ('item' in spec) {
    const raw = isObject(item) ? item[spec.item] : isUnknown(item) ? item : undefined;
    if (typeof raw === 'string' && spec.split !== undefined) return raw.split(spec.split).map((s) => s.trim());
    if (raw !== undefined) return raw;
    return spec.else === undefined ? undefined : input(spec.else);
  }
  const value = input(spec.input);
  if (!spec.key) return value;
  if (isUnknown(value)) return unknown(`var.${spec.input}`);
  if (!isObject(value)) return undefined;
  // The first key present wins, as the module's try(...) chains do.
  const key = spec.key.find((k) => value[k] !== undefined && value[k] !== null);
  if (key === undefined) return undefined;
  const picked = value[key];
  if (!spec.map || isUnknown(picked)) return picked;
  return spec.map[JSON.stringify(picked)] ?? unknown(`var.${spec.input}.${key}`);
}

/** from_port/to_port/protocol of a rule item: its own, else its named `rule` (unknown names stay unknown). */
function itemPorts(item: Value, iface: ModuleInterface): ObjectValue {
  if (!isObject(item)) return { protocol: unknown('rule') };
  const named = typeof item.rule === 'string' ? iface.namedRules?.[item.rule] : undefined;
  const pick = (key: string, index: 0 | 1 | 2): Value => item[key] ?? named?.[index] ?? unknown(`rule.${key}`);
  return { from_port: pick('from_port', 0), to_port: pick('to_port', 1), protocol: pick('protocol', 2) };
}
