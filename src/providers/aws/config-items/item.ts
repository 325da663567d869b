// An AWS Config configuration item as every delivery shows it once read: a snapshot or history
// file, BatchGetResourceConfig, SelectResourceConfig or an aggregator. The collector turns each
// shape into this one (configuration parsed, supplementary values parsed where Config sends JSON
// text); the adapters in this folder read only this.

import type { Kind } from '../../../model/kinds.ts';

export type Obj = Record<string, unknown>;

export interface ConfigItem {
  resourceType: string;
  resourceId: string;
  resourceName?: string;
  arn?: string;
  accountId?: string;
  region?: string;
  status?: string;
  configuration: Obj;
  supplementaryConfiguration: Obj;
  tags?: Record<string, string>;
}

/** What an adapter makes of one item: a resource's kind and props, or several (a user and its inline policies). */
export interface MappedItem {
  kind: Kind;
  props: Obj;
  /** Props filled from AWS's documented defaults, not read from the item. */
  defaulted?: string[];
  /** Appended to the item's uid and name for a resource derived from part of it (an inline policy). */
  part?: string;
  /** Another uid than the item's (an AWS-managed policy is one resource however many attach it). */
  uid?: string;
  name?: string;
  nativeType?: string;
  /** Props paths the item states but not readably (a NACL entry without a rule number), with why: never a pass. */
  unknown?: Record<string, string>;
}

export interface MapResult {
  resources: MappedItem[];
  /** Parts of the item that could not be read, each a sentence ("ingress rule 2 has unknown ports"). */
  problems: string[];
}

export function obj(value: unknown): Obj | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : undefined;
}

export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Config writes some booleans as text ("true") in supplementary configuration. */
export function bool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

/** The result of an item that is one resource and has no unreadable part. */
export function single(kind: Kind, props: Obj, extras: Omit<MappedItem, 'kind' | 'props'> = {}): MapResult {
  return { resources: [{ kind, props, ...extras }], problems: [] };
}
