// Policy attributes: JSON strings, decoded objects, or references to
// `data.aws_iam_policy_document.<name>.json`, which are rebuilt here into the JSON policy shape
// and read by the one AWS policy-document model (src/providers/aws/policy-document.ts).
import { isUnknown, textWithHoles, unknown } from '../../../../../kit/unknown.ts';
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

/** The data source's own `statement` blocks, in the JSON policy shape. */
function ownStatements(values: Values): Values[] {
  return blocks(values.statement).map((s) => {
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
}

/** How deep documents may include documents that include documents. */
const MAX_DOCUMENT_DEPTH = 8;

/** Where the statements of other documents come from: a policy document data source, followed by reference. */
export interface DocumentSources {
  index: RecordIndex;
  record: TfResourceRecord;
  /** Every data source read along the way, so none is reported again on its own. */
  used?: Set<TfResourceRecord>;
}

/**
 * `data "aws_iam_policy_document"` -> {Version, Statement: [...]} as AWS would receive it:
 * the statements of `source_policy_documents`, then the block's own `statement`s, then those of
 * `override_policy_documents`, a later statement replacing an earlier one with the same Sid (as
 * the provider merges them). A document that cannot be read stands as an unknown statement.
 */
export function documentFromDataSource(values: Values, sources?: DocumentSources, depth = 0): Values {
  const merged: unknown[] = [];
  const add = (statement: unknown) => {
    const sid = isStatementObject(statement) ? str(statement.Sid) : undefined;
    const at = sid ? merged.findIndex((m) => isStatementObject(m) && m.Sid === sid) : -1;
    if (at >= 0) merged[at] = statement;
    else merged.push(statement);
  };
  for (const statement of includedStatements(values.source_policy_documents, sources, depth)) add(statement);
  for (const statement of ownStatements(values)) add(statement);
  for (const statement of includedStatements(values.override_policy_documents, sources, depth)) add(statement);
  return { Version: str(values.version) ?? '2012-10-17', Statement: merged };
}

function isStatementObject(value: unknown): value is Values {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isUnknown(value);
}

/** The statements of a list of documents (JSON text or `data.aws_iam_policy_document.x.json`). */
function includedStatements(list: unknown, sources: DocumentSources | undefined, depth: number): unknown[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) return [unknown(refOf(list))];
  return list.flatMap((item): unknown[] => {
    if (item === null || item === '') return [];
    if (typeof item === 'string') {
      const document = decodePartially(item);
      if (!isStatementObject(document)) return [unknown()];
      const statement = document.Statement;
      return Array.isArray(statement) ? statement : statement === undefined ? [] : [statement];
    }
    const target =
      sources && depth < MAX_DOCUMENT_DEPTH
        ? sources.index.byRef(sources.record, refOf(item), ['aws_iam_policy_document'], 'data')
        : undefined;
    if (!target || !sources) return [unknown(refOf(item))];
    sources.used?.add(target);
    const included = documentFromDataSource(target.values, { ...sources, record: target }, depth + 1);
    return included.Statement as unknown[];
  });
}

/**
 * JSON text as Terraform renders it; a string holding an interpolation Terraform has not
 * evaluated (`"${aws_s3_bucket.this.arn}/*"`) becomes an unknown value, so the rest stays known.
 * IAM policy variables (`${aws:username}`, `${*}`) are text AWS reads, not unknowns.
 */
function decodePartially(text: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text;
  }
  return markInterpolations(parsed);
}

const UNEVALUATED = /\$\{(?![*?$]\})[^}:]*(\}|$)/;

function markInterpolations(value: unknown): unknown {
  if (typeof value === 'string') return UNEVALUATED.test(value) ? unknown(value) : value;
  if (Array.isArray(value)) return value.map(markInterpolations);
  if (isStatementObject(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, markInterpolations(v)]));
  return value;
}

export interface ResolvedPolicy {
  parse: PolicyDocument;
  /** The line every statement points at: the policy attribute, or the data source's statements. */
  line?: number;
  /** The data source the policy came from, when it was one. */
  document?: TfResourceRecord;
}

/**
 * A policy attribute's value. Strictly, text with an interpolation Terraform has not evaluated is
 * not known yet; `partial` keeps the known statements and parts of statements and counts the
 * statements it could not read (for a caller that can decide on what is known).
 */
export function readPolicy(written: unknown, partial = false): PolicyDocument {
  // A heredoc policy with an interpolation is read as jsonencode's is: the unknown pieces marked.
  const value = textWithHoles(written) ?? written;
  if (typeof value === 'string' && value.includes('${')) {
    if (!partial) return { status: 'unknown' };
    const decoded = decodePartially(value);
    return parsePolicyDocument(decoded === value ? unknown() : decoded, { partial });
  }
  return parsePolicyDocument(value, { partial });
}

/** Reads a policy attribute of `record`, following a reference to a policy document data source. */
export function resolvePolicy(
  index: RecordIndex,
  record: TfResourceRecord,
  attr: string,
  options: { partial?: boolean; used?: Set<TfResourceRecord> } = {},
): ResolvedPolicy {
  const value = record.values[attr];
  const dataRecord = index.byRef(record, refOf(value), ['aws_iam_policy_document'], 'data');
  if (dataRecord) {
    const sources: DocumentSources = { index, record: dataRecord };
    if (options.used) sources.used = options.used;
    return {
      parse: readPolicy(documentFromDataSource(dataRecord.values, sources), options.partial),
      line: dataRecord.attrLines?.statement ?? dataRecord.line,
      document: dataRecord,
    };
  }
  return { parse: readPolicy(value, options.partial), line: record.attrLines?.[attr] };
}
