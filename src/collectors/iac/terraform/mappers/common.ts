// Helpers shared by the Terraform provider mappers (aws.ts, azurerm.ts): reading record values
// without ever turning an unknown into a guess, and building a Resource.

import { attachEvidence } from '../../../../kit/evidence.ts';
import { maskSecretValues } from '../../../../kit/secrets.ts';
import { isUnknown, markUnknown, unknownReason } from '../../../../kit/unknown.ts';
import type { Kind, KindProps } from '../../../../model/kinds.ts';
import type { Gap, Provider, Resource } from '../../../../model/resource.ts';
import type { TfResourceRecord } from '../records.ts';

export type Values = Record<string, unknown>;

/** A value that is written and known (not absent, not null, not a Unknown). */
export function isKnown(value: unknown): boolean {
  return value !== undefined && value !== null && !isUnknown(value);
}

/** The reference an unknown value points at, e.g. "aws_s3_bucket.logs.id". */
export function refOf(value: unknown): string | undefined {
  return isUnknown(value) ? value.ref : undefined;
}

/** Terraform accepts "true"/"false" strings for booleans. */
export function bool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

function isObject(value: unknown): value is Values {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isUnknown(value);
}

/** Nested blocks come as arrays of objects; a lone object (some readers, attributes-as-blocks) counts as one. */
export function blocks(value: unknown): Values[] {
  if (Array.isArray(value)) return value.filter(isObject);
  return isObject(value) ? [value] : [];
}

export function firstBlock(value: unknown): Values | undefined {
  return blocks(value)[0];
}

/** Resource name with the index suffix of the address, if any: `web[0]`, `u["a"]`. */
export function recordName(record: TfResourceRecord): string {
  // No `[` in the address: no index suffix, whatever follows the name (the common case, no search).
  if (!record.address.includes('[')) return record.name;
  const at = record.address.lastIndexOf(`${record.type}.${record.name}`);
  const suffix = at < 0 ? '' : record.address.slice(at + record.type.length + record.name.length + 1);
  return suffix.startsWith('[') ? `${record.name}${suffix}` : record.name;
}

/**
 * Plans (`terraform show -json`) are JSON files; Terraform's own JSON syntax is `*.tf.json`.
 * The uid says which, so a plan and its source scanned together do not collide.
 */
export function isPlanFile(file: string): boolean {
  return file.endsWith('.json') && !file.endsWith('.tf.json');
}

/**
 * `terraform:<file>:<address>`. A module's resource is named from the root's file that calls the
 * module (its address holds the whole call chain), so two roots calling one module never collide.
 */
export function resourceUid(record: TfResourceRecord): string {
  const scheme = isPlanFile(record.file) ? 'terraform-plan' : 'terraform';
  const file = record.calledFrom?.[0]?.file ?? record.file;
  return `${scheme}:${file}:${record.address}`;
}

/** Tags whose values are known strings; absent when the attribute is unknown or not a map. */
export function tagsOf(values: Values): Record<string, string> | undefined {
  const tags = values.tags;
  if (!isObject(tags)) return undefined;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags)) if (typeof value === 'string') out[key] = value;
  return out;
}

export function providerOf(type: string): Provider {
  if (type.startsWith('aws_')) return 'aws';
  if (type.startsWith('azurerm_') || type.startsWith('azuread_')) return 'azure';
  return type.startsWith('kubernetes_') ? 'kubernetes' : 'iac';
}

export interface ResourceExtras {
  /** Props filled from a documented provider default. */
  defaulted?: string[];
  /** Prop path -> attribute name of the record it comes from (resolved to lines via attrLines). */
  propAttrs?: Record<string, string>;
  /** Extra prop lines already resolved. */
  propLines?: Record<string, number>;
  /** For resources derived from part of a record (an instance's root disk): appended to uid and name. */
  part?: string;
  /** Override the line (e.g. a nested block). */
  line?: number;
}

/** Builds the Resource for a record: uid, name, location, tags and masked raw values. */
export function buildResource<K extends Kind>(
  record: TfResourceRecord,
  sourceId: string,
  kind: K,
  props: KindProps[K],
  extras: ResourceExtras = {},
): Resource<K> {
  const part = extras.part ? `/${extras.part}` : '';
  const location: Resource['location'] = { file: record.file, line: extras.line ?? record.line };
  if (record.endLine !== undefined && extras.line === undefined) location.endLine = record.endLine;
  if (record.calledFrom && record.calledFrom.length > 0) location.calledFrom = record.calledFrom.map((c) => ({ ...c }));
  const resource: Resource<K> = {
    uid: `${resourceUid(record)}${part}`,
    kind,
    provider: providerOf(record.type),
    nativeType: record.type,
    name: `${recordName(record)}${part}`,
    location,
    props,
    raw: maskSecretValues(record.values),
    sourceId,
  };
  const tags = tagsOf(record.values);
  if (tags) resource.tags = tags;
  const propLines: Record<string, number | undefined> = { ...extras.propLines };
  const propAttrs = extras.propAttrs;
  if (propAttrs) {
    for (const prop in propAttrs) {
      const line = record.attrLines?.[propAttrs[prop] as string];
      if (line !== undefined) propLines[prop] = line;
    }
  }
  attachEvidence(resource, extras.defaulted, propLines);
  if (propAttrs) markUnknownProps(resource, record, propAttrs);
  return resource;
}

/**
 * A prop the mapper left out because the attribute it comes from is unknown (a variable without a
 * value, a plan's after_unknown) is recorded as unknown: a rule deciding on it is not evaluated
 * for this resource, so the absence is never read as a stated value. A prop the mapper could
 * still derive (a KMS key given means encrypted) keeps its value.
 */
function markUnknownProps(resource: Resource, record: TfResourceRecord, propAttrs: Record<string, string>): void {
  for (const prop in propAttrs) {
    const attr = propAttrs[prop] as string;
    const value = record.values[attr];
    if (isUnknown(value) && propAt(resource.props, prop) === undefined) {
      markUnknown(resource, prop, unknownReason(attr, value));
    }
  }
}

function propAt(props: unknown, path: string): unknown {
  let value = props;
  for (const key of path.split('.')) value = isObject(value) ? value[key] : undefined;
  return value;
}

export function gapAt(record: TfResourceRecord, reason: Gap['reason'], message: string): Gap {
  return { reason, message: `${record.address}: ${message}`, file: record.file, line: record.line };
}

/** Records of types no mapper read are not evaluated: say so, once per type and file. */
export function unmappedTypeGaps(records: TfResourceRecord[], isHandled: (type: string) => boolean): Gap[] {
  const seen = new Map<string, Gap>();
  for (const r of records) {
    if (r.mode !== 'managed' || isHandled(r.type)) continue;
    // The key only for records no mapper read: two calls per scan, over every record.
    const key = `${r.file}|${r.type}`;
    if (seen.has(key)) continue;
    seen.set(key, {
      reason: 'unsupported',
      message: `${r.type} is not mapped to a normalized kind; its resources were not evaluated`,
      file: r.file,
      line: r.line,
    });
  }
  return [...seen.values()];
}
