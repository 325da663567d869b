// Policy attributes: JSON strings, decoded objects, or references to
// `data.aws_iam_policy_document.<name>.json`, which are rebuilt here into the JSON policy shape
// and read by the one AWS policy-document model (src/providers/aws/policy-document.ts).
import { str, strList } from '../../../../../kit/values.ts';
import { type PolicyDocument, parsePolicyDocument } from '../../../../../providers/aws/policy-document.ts';
import type { TfResourceRecord } from '../../records.ts';
import { blocks, refOf, type Values } from '../common.ts';
import type { RecordIndex } from './link.ts';

function principalBlocks(value: unknown): unknown {
  const principal: Record<string, string[]> = {};
  for (const block of blocks(value)) {
    const type = str(block.type);
    const identifiers = strList(block.identifiers) ?? [];
    // `type = "*"` with identifiers ["*"] is the data source's spelling of Principal "*".
    if (type === '*') return '*';
    if (type) principal[type] = [...(principal[type] ?? []), ...identifiers];
  }
  return Object.keys(principal).length > 0 ? principal : undefined;
}

function conditionBlocks(value: unknown): Values | undefined {
  const condition: Record<string, Record<string, string[]>> = {};
  for (const block of blocks(value)) {
    const test = str(block.test);
    const variable = str(block.variable);
    if (!test || !variable) continue;
    condition[test] = { ...condition[test], [variable]: strList(block.values) ?? [] };
  }
  return Object.keys(condition).length > 0 ? condition : undefined;
}

/** `data "aws_iam_policy_document"` values -> {Version, Statement: [...]} as AWS would receive it. */
export function documentFromDataSource(values: Values): Values {
  const statements = blocks(values.statement).map((s) => {
    const out: Values = { Effect: str(s.effect) ?? 'Allow' }; // the data source's documented default effect
    if (s.sid !== undefined) out.Sid = s.sid;
    if (s.actions !== undefined) out.Action = strList(s.actions);
    if (s.not_actions !== undefined) out.NotAction = strList(s.not_actions);
    if (s.resources !== undefined) out.Resource = strList(s.resources);
    if (s.not_resources !== undefined) out.NotResource = strList(s.not_resources);
    const principal = principalBlocks(s.principals);
    if (principal !== undefined) out.Principal = principal;
    const condition = conditionBlocks(s.condition);
    if (condition !== undefined) out.Condition = condition;
    return out;
  });
  return { Version: str(values.version) ?? '2012-10-17', Statement: statements };
}

export interface ResolvedPolicy {
  parse: PolicyDocument;
  /** The line every statement points at: the policy attribute, or the data source's statements. */
  line?: number;
  /** The data source the policy came from, when it was one. */
  document?: TfResourceRecord;
}

/** A policy attribute's value; text with an interpolation Terraform has not evaluated is not known yet. */
export function readPolicy(value: unknown): PolicyDocument {
  if (typeof value === 'string' && value.includes('${')) return { status: 'unknown' };
  return parsePolicyDocument(value);
}

/** Reads a policy attribute of `record`, following a reference to a policy document data source. */
export function resolvePolicy(index: RecordIndex, record: TfResourceRecord, attr: string): ResolvedPolicy {
  const value = record.values[attr];
  const dataRecord = index.byRef(record, refOf(value), ['aws_iam_policy_document'], 'data');
  if (dataRecord) {
    return {
      parse: readPolicy(documentFromDataSource(dataRecord.values)),
      line: dataRecord.attrLines?.statement ?? dataRecord.line,
      document: dataRecord,
    };
  }
  return { parse: readPolicy(value), line: record.attrLines?.[attr] };
}
