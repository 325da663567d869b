// Turns a block body into plan-JSON-shaped values: attributes evaluated, nested blocks as arrays
// of objects, `dynamic` blocks expanded over known collections.

import { isUnknown } from '../../../../kit/unknown.ts';
import type { Block, Body } from './ast.ts';
import { bind, entries, evaluate, type Scope } from './evaluate.ts';
import { type ObjectValue, unknownFrom, type Value } from './values.ts';

/** Resource meta-arguments: they shape instances, they are not part of the resource's values. */
export const RESOURCE_META = new Set([
  'count',
  'for_each',
  'provider',
  'depends_on',
  'lifecycle',
  'provisioner',
  'connection',
]);

/** No name skipped: one shared set rather than a new one per nested block. */
const NOTHING: ReadonlySet<string> = new Set();

export function bodyValues(body: Body, scope: Scope, skip: ReadonlySet<string> = NOTHING): ObjectValue {
  const values: ObjectValue = {};
  // Gaps raised while evaluating name the attribute's line: the site is moved from attribute to
  // attribute and put back once they are done, instead of a copy of the scope per attribute
  // (33,000 on the bench repo). Evaluation is synchronous and keeps no scope once it returns, and
  // a site object is used by one evaluation at a time (a resource instance's or a local's, see
  // module.ts), so no other evaluation sees it move; nested blocks and dynamic for_each see the
  // block's line, as before.
  const site = scope.site;
  const blockLine = site?.line;
  try {
    for (const attribute of body.attributes) {
      if (skip.has(attribute.name)) continue;
      if (site) site.line = attribute.line;
      values[attribute.name] = evaluate(attribute.expr, scope);
    }
  } finally {
    if (site && blockLine !== undefined) site.line = blockLine;
  }
  for (const block of body.blocks) {
    if (block.type === 'dynamic') {
      const name = block.labels[0];
      if (!name || skip.has(name)) continue;
      const list = blockList(values, name);
      for (const item of dynamicBlock(block, name, scope)) list.push(item);
    } else if (!skip.has(block.type)) {
      blockList(values, block.type).push(bodyValues(block.body, scope));
    }
  }
  return values;
}

function blockList(values: ObjectValue, name: string): Value[] {
  const existing = values[name];
  if (Array.isArray(existing)) return existing;
  const list: Value[] = [];
  values[name] = list;
  return list;
}

/**
 * `dynamic "x" { for_each = ...; iterator = it; content { ... } }`: one object per element.
 * When for_each is unknown the expansion is a single unknown element, so static siblings stay visible.
 */
function dynamicBlock(block: Block, name: string, scope: Scope): Value[] {
  const forEach = block.body.attributes.find((a) => a.name === 'for_each');
  const iteratorAttr = block.body.attributes.find((a) => a.name === 'iterator');
  const content = block.body.blocks.find((b) => b.type === 'content');
  if (!forEach || !content) return [];
  const iterator = iteratorAttr?.expr.t === 'variable' ? iteratorAttr.expr.name : name;
  const collection = evaluate(forEach.expr, scope);
  if (isUnknown(collection)) return [unknownFrom(collection)];
  if (collection === null) return [];
  let items: [Value, Value][];
  try {
    items = entries(collection);
  } catch {
    return [unknownFrom(collection)];
  }
  return items.map(([key, value]) => bodyValues(content.body, bind(scope, { [iterator]: { key, value } })));
}

/** Line of each top-level attribute and nested block (dynamic blocks under their generated name). */
export function attributeLines(body: Body): Record<string, number> {
  const lines: Record<string, number> = {};
  for (const attribute of body.attributes) lines[attribute.name] ??= attribute.line;
  for (const block of body.blocks) {
    const name = block.type === 'dynamic' ? block.labels[0] : block.type;
    if (name) lines[name] ??= block.line;
  }
  return lines;
}
