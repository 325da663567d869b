// AWS policy documents (identity policies, trust policies, resource policies such as bucket
// policies) as one model, whoever wrote them: Terraform (jsonencode, heredocs, the
// aws_iam_policy_document data source rebuilt as JSON), CloudFormation (objects or JSON strings)
// and AWS Config (URL-encoded JSON). A part that is not known makes the answer unknown, and a part
// that is not a policy makes it an error: neither ever passes as a policy that grants nothing.
import { describeJsonError } from '../../kit/located.ts';
import { isUnknown } from '../../kit/unknown.ts';
import { compact, strList } from '../../kit/values.ts';
import type { PolicyStatement } from '../../model/kinds.ts';

type Obj = Record<string, unknown>;

export interface Principal {
  /** `"*"` or `{"AWS": "*"}` (alone or among others): anyone, anonymous requests included. */
  everyone: boolean;
  /** Every principal written as text, all types together ("AWS", "Service", "Federated", "CanonicalUser"). */
  names?: string[];
}

/** One statement; actions and resources as the iam.policy kind states them. */
export interface Statement
  extends Pick<PolicyStatement, 'effect' | 'actions' | 'notActions' | 'resources' | 'notResources'> {
  principal?: Principal;
  notPrincipal?: Principal;
  /** Operator -> condition key -> values, as written; `unknown` when it could not be read. */
  condition?: Record<string, Obj> | 'unknown';
  /** Position in the document's Statement list (0 when Statement is a single object). */
  index: number;
  /**
   * Parts written with a value that is not known (`Action = [var.action]`, `!Ref Actions`): left
   * out of the lists above, so what the statement grants is not all known.
   */
  unknownParts?: StatementPart[];
}

/** The parts of a statement that name actions or resources, as the iam.policy kind calls them. */
export type StatementPart = 'actions' | 'notActions' | 'resources' | 'notResources';

const PARTS: [key: string, part: StatementPart][] = [
  ['Action', 'actions'],
  ['NotAction', 'notActions'],
  ['Resource', 'resources'],
  ['NotResource', 'notResources'],
];

export type PolicyDocument =
  | {
      status: 'ok';
      statements: Statement[];
      /** The document as parsed, for the caller's positions. */
      document: Obj;
      /** With `partial`: how many statements (or their effects) were unknown and left out. */
      unread?: number;
    }
  | { status: 'unknown' }
  | { status: 'error'; message: string };

export interface ParseOptions {
  /**
   * What else the source cannot read where a document, statement, effect or condition should be
   * (a CloudFormation reference to another resource), besides the kit's Unknown.
   */
  isUnknown?: (value: unknown) => boolean;
  /**
   * Keep the statements that are known when others are not (their count is `unread`), for a
   * caller that decides on what is known and treats the rest as unknown. Without it, one unknown
   * statement makes the whole document unknown.
   */
  partial?: boolean;
}

/** A policy given as an object, a JSON string, or URL-encoded JSON (AWS Config). */
export function parsePolicyDocument(value: unknown, options: ParseOptions = {}): PolicyDocument {
  const unknownValue = (v: unknown) => isUnknown(v) || options.isUnknown?.(v) === true;
  const object = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v) && !unknownValue(v);
  if (value === undefined || value === null || unknownValue(value)) return { status: 'unknown' };
  let document: unknown = value;
  if (typeof value === 'string') {
    const text = /^%7B/i.test(value.trim()) ? safeDecode(value) : value;
    try {
      document = JSON.parse(text);
    } catch (error) {
      // The parser's own words, never Node's excerpt of the text (a policy may hold a secret).
      const problem = describeJsonError(text, error as Error);
      return { status: 'error', message: `policy is not valid JSON (line ${problem.line}: ${problem.message})` };
    }
  }
  if (!object(document)) return { status: 'error', message: 'policy is not a JSON object' };
  const list = document.Statement;
  if (unknownValue(list)) return { status: 'unknown' };
  const items = Array.isArray(list) ? list : list === undefined ? [] : [list];
  const statements: Statement[] = [];
  let unread = 0;
  for (const [index, item] of items.entries()) {
    if (unknownValue(item) || (object(item) && unknownValue(item.Effect))) {
      if (!options.partial) return { status: 'unknown' };
      unread++;
      continue;
    }
    if (!object(item)) return { status: 'error', message: `statement ${index + 1} is not an object` };
    const effect = item.Effect;
    if (effect !== 'Allow' && effect !== 'Deny') {
      return {
        status: 'error',
        message: `statement ${index + 1} has Effect ${JSON.stringify(effect)}, not Allow or Deny`,
      };
    }
    const holdsUnknown = (v: unknown) => unknownValue(v) || (Array.isArray(v) && v.some(unknownValue));
    const unknownParts = PARTS.filter(([key]) => holdsUnknown(item[key])).map(([, part]) => part);
    statements.push(
      compact<Statement>({
        effect,
        actions: strList(item.Action),
        notActions: strList(item.NotAction),
        resources: strList(item.Resource),
        notResources: strList(item.NotResource),
        principal: principalOf(item.Principal, object),
        notPrincipal: principalOf(item.NotPrincipal, object),
        condition: conditionOf(item.Condition, unknownValue, object),
        index,
        unknownParts: unknownParts.length > 0 ? unknownParts : undefined,
      }),
    );
  }
  return unread > 0 ? { status: 'ok', statements, document, unread } : { status: 'ok', statements, document };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * A principal that is not written out (a reference to a role, a variable) is taken as naming
 * someone in particular, as it usually does: only a written `*` counts as everyone.
 */
function principalOf(value: unknown, object: (v: unknown) => v is Obj): Principal | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return { everyone: value === '*', names: [value] };
  if (!object(value)) return { everyone: false };
  return {
    everyone: (strList(value.AWS) ?? []).includes('*'),
    names: Object.values(value).flatMap((part) => strList(part) ?? []),
  };
}

function conditionOf(
  value: unknown,
  unknownValue: (v: unknown) => boolean,
  object: (v: unknown) => v is Obj,
): Statement['condition'] {
  if (value === undefined) return undefined;
  if (unknownValue(value)) return 'unknown';
  if (!object(value) || Object.keys(value).length === 0) return undefined;
  const condition: Record<string, Obj> = {};
  for (const [operator, byKey] of Object.entries(value)) condition[operator] = object(byKey) ? byKey : {};
  return condition;
}

/**
 * Whether the statement lets anyone in: an Allow to every principal (or to everyone but those a
 * NotPrincipal names) with no condition. Any condition counts as narrowing it (aws:SourceVpc,
 * aws:SourceIp, aws:PrincipalOrgID...); undefined when the condition cannot be read.
 */
export function grantsPublicAccess(statement: Statement): boolean | undefined {
  if (statement.effect !== 'Allow') return false;
  if (statement.principal?.everyone !== true && statement.notPrincipal === undefined) return false;
  if (statement.condition === 'unknown') return undefined;
  return statement.condition === undefined;
}

/**
 * A Deny of requests without TLS: Condition `Bool` `aws:SecureTransport` false. Undefined when
 * a Deny's condition, or its SecureTransport value, is not known.
 */
export function deniesInsecureTransport(statement: Statement): boolean | undefined {
  if (statement.effect !== 'Deny' || statement.condition === undefined) return false;
  if (statement.condition === 'unknown') return undefined;
  const value = statement.condition.Bool?.['aws:SecureTransport'];
  const values = Array.isArray(value) ? value : [value];
  if (values.some((item) => item === false || item === 'false')) return true;
  return values.some(isUnknown) ? undefined : false;
}

/** The statements as the iam.policy kind states them; `lineOf` gives each statement's line. */
export function policyStatements(
  statements: Statement[],
  lineOf: (index: number) => number | undefined,
): PolicyStatement[] {
  return statements.map((statement) => {
    const condition = statement.condition === 'unknown' ? undefined : statement.condition;
    const keys = condition ? Object.values(condition).flatMap((byKey) => Object.keys(byKey)) : [];
    return compact<PolicyStatement>({
      effect: statement.effect,
      actions: statement.actions,
      notActions: statement.notActions,
      resources: statement.resources,
      notResources: statement.notResources,
      principals: statement.principal?.names,
      hasCondition: condition !== undefined ? true : undefined,
      conditionKeys: keys.length > 0 ? keys : undefined,
      line: lineOf(statement.index),
    });
  });
}

/**
 * The iam.policy paths (`statements[].actions`...) that statements write with values not known,
 * with why: for the resource's unknown marks, so a rule deciding on them does not pass the policy.
 */
export function unknownStatementParts(statements: Statement[], where: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const statement of statements) {
    for (const part of statement.unknownParts ?? []) {
      out[`statements[].${part}`] = `${where}: statement ${statement.index + 1} has ${part} whose value is not known`;
    }
  }
  return out;
}
