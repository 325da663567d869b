// Policy documents written in a template (an object, or a JSON string), read by the one AWS
// policy-document model; a reference to another resource cannot be read as a policy.

import type { PolicyStatement } from '../../../model/kinds.ts';
import { type PolicyDocument, parsePolicyDocument, policyStatements } from '../../../providers/aws/policy-document.ts';
import type { MapContext } from './context.ts';
import { isRef } from './intrinsics.ts';

export function parsePolicy(document: unknown): PolicyDocument {
  return parsePolicyDocument(document, { isUnknown: isRef });
}

/** The statements with their lines: each item of a Statement list, or the Statement key. */
export function statementsOf(ctx: MapContext, policy: PolicyDocument & { status: 'ok' }): PolicyStatement[] {
  const list = policy.document.Statement;
  return policyStatements(policy.statements, (index) =>
    Array.isArray(list) ? ctx.itemLine(list, index) : ctx.lineOf(policy.document, 'Statement'),
  );
}
