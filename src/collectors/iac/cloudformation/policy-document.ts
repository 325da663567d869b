// IAM / resource policy documents written in a template (an object, or a JSON string) -> statements.

import { compact, strList } from '../../../kit/values.ts';
import type { PolicyStatement } from '../../../model/kinds.ts';
import { arr, type MapContext, type Obj, obj } from './context.ts';

export interface ParsedPolicy {
  statements: PolicyStatement[];
  /** The statements as written (resolved), for checks on condition values. */
  raw: Obj[];
}

/** Statements of a policy document; undefined when the document is unknown or not a policy. */
export function parsePolicy(ctx: MapContext, document: unknown): ParsedPolicy | undefined {
  let doc: unknown = document;
  if (typeof document === 'string') {
    try {
      doc = JSON.parse(document);
    } catch {
      return undefined;
    }
  }
  const policy = obj(doc);
  if (!policy) return undefined;
  const list = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
  const statements: PolicyStatement[] = [];
  const raw: Obj[] = [];
  list.forEach((item, index) => {
    const statement = obj(item);
    if (!statement) return;
    const effect = statement.Effect;
    if (effect !== 'Allow' && effect !== 'Deny') return;
    const condition = obj(statement.Condition);
    const keys = condition ? Object.values(condition).flatMap((byKey) => Object.keys(obj(byKey) ?? {})) : [];
    statements.push(
      compact<PolicyStatement>({
        effect,
        actions: strList(statement.Action),
        notActions: strList(statement.NotAction),
        resources: strList(statement.Resource),
        notResources: strList(statement.NotResource),
        principals: principalsOf(statement.Principal),
        hasCondition: condition && Object.keys(condition).length > 0 ? true : undefined,
        conditionKeys: keys.length > 0 ? keys : undefined,
        line: Array.isArray(policy.Statement) ? ctx.itemLine(policy.Statement, index) : ctx.lineOf(policy, 'Statement'),
      }),
    );
    raw.push(statement);
  });
  return { statements, raw };
}

/** "*", {"AWS": "*"}, {"AWS": [...]}, {"Service": "..."} -> flat list of known strings. */
function principalsOf(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return [value];
  const principal = obj(value);
  if (!principal) return undefined;
  return Object.values(principal).flatMap((item) => strList(item) ?? []);
}

/** An Allow statement open to everyone ("*" principal) that no condition narrows. */
export function allowsPublic(statement: Obj): boolean {
  if (statement.Effect !== 'Allow' || obj(statement.Condition)) return false;
  return (principalsOf(statement.Principal) ?? []).includes('*');
}

/** A Deny statement for requests without TLS: Condition Bool aws:SecureTransport false. */
export function deniesInsecureTransport(statement: Obj): boolean {
  if (statement.Effect !== 'Deny') return false;
  const condition = obj(statement.Condition);
  const bool = obj(condition?.Bool);
  const value = bool?.['aws:SecureTransport'];
  return arr(Array.isArray(value) ? value : [value]).some((item) => item === false || item === 'false');
}
