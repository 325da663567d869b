// Reads `assay:ignore` comments (collected raw into each source's `suppressions`) as waivers:
//   assay:ignore <rule-id-or-glob> reason="..." expires=YYYY-MM-DD approver=... [ticket=...]
// An exception needs someone who accepted it: a comment without approver= is invalid, unless the
// run knows the review that approved it (the GitHub Action names the pull request), which is then
// recorded as the approver. A comment that cannot be read is not dropped: it becomes an `invalid` outcome saying why, so a
// typo never silently leaves a failure open or, worse, looks like an accepted exception.
import type { InlineSuppression, Source } from '../model/resource.ts';
import type { Waiver, WaiverOutcome } from '../model/results.ts';
import { isCalendarDate } from './file.ts';

const KEYS = new Set(['reason', 'expires', 'ticket', 'approver']);
const RULE = /^[A-Za-z0-9_.*?-]+$/;

export interface InlineWaiverOptions {
  /** Who approved the change the comments arrived in (e.g. "pull request #17"); stands in for a missing approver=. */
  approvedBy?: string;
}

export function readInlineWaivers(
  sources: Source[],
  options: InlineWaiverOptions = {},
): { waivers: Waiver[]; invalid: WaiverOutcome[] } {
  const waivers: Waiver[] = [];
  const invalid: WaiverOutcome[] = [];
  for (const source of sources) {
    for (const suppression of source.suppressions ?? []) {
      const read = readSuppression(suppression, options);
      if ('waiver' in read) waivers.push(read.waiver);
      else invalid.push(read.invalid);
    }
  }
  return { waivers, invalid };
}

type Read = { waiver: Waiver } | { invalid: WaiverOutcome };

function readSuppression(suppression: InlineSuppression, options: InlineWaiverOptions): Read {
  const { file, line } = suppression;
  const id = `inline:${file}:${line}`;
  const selector = { file, line };
  const tokens = tokenize(suppression.text);
  const fields: Record<string, string> = {};
  const problems: string[] = [];
  let rule = '';
  if ('error' in tokens) {
    problems.push(tokens.error);
  } else {
    const [first, ...rest] = tokens.list;
    if (first === undefined || first.key !== undefined) problems.push('no rule id after assay:ignore');
    else if (!RULE.test(first.value)) problems.push(`'${first.value}' is not a rule id or glob`);
    else rule = first.value;
    for (const token of first?.key === undefined ? rest : tokens.list) {
      if (token.key === undefined) problems.push(`unexpected '${token.value}' (expected key=value)`);
      else if (!KEYS.has(token.key)) problems.push(`unknown key '${token.key}'`);
      else if (token.key in fields) problems.push(`${token.key}= given twice`);
      else fields[token.key] = token.value;
    }
    if (!fields.reason?.trim()) problems.push('reason="..." is missing');
    if (fields.expires === undefined) problems.push('expires=YYYY-MM-DD is missing');
    else if (!isCalendarDate(fields.expires)) problems.push(`expires=${fields.expires} is not a YYYY-MM-DD date`);
    if (fields.approver !== undefined && !fields.approver.trim()) problems.push('approver= is empty');
    else if (fields.approver === undefined && !options.approvedBy?.trim()) {
      problems.push('approver=... is missing (who accepted this exception?)');
    }
  }
  const { reason = '', expires = '', ticket } = fields;
  const approver = fields.approver ?? options.approvedBy?.trim();
  const common = { id, rule, selector, reason, expires };
  const optional = { ...(ticket !== undefined && { ticket }), ...(approver !== undefined && { approver }) };
  if (problems.length > 0) {
    return {
      invalid: {
        ...common,
        ...optional,
        origin: `${file}:${line}`,
        state: 'invalid',
        findings: [],
        message: `${file}:${line}: assay:ignore ${problems.join('; ')}`,
      },
    };
  }
  return { waiver: { ...common, ...optional, origin: { kind: 'inline', file, line } } };
}

interface Token {
  key?: string;
  value: string;
}

// Words separated by spaces; `key=value` where value is bare (no spaces) or "double quoted" with \" and \\ escapes.
function tokenize(text: string): { list: Token[] } | { error: string } {
  const list: Token[] = [];
  const pattern = /\s*(?:([A-Za-z_][\w-]*)=)?(?:"((?:[^"\\]|\\.)*)"|([^\s"]+))/y;
  let rest = text.trim();
  while (rest.length > 0) {
    pattern.lastIndex = 0;
    const match = pattern.exec(rest);
    if (!match) return { error: `cannot read '${rest}' (unterminated quote?)` };
    const value = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : (match[3] as string);
    list.push(match[1] === undefined ? { value } : { key: match[1], value });
    rest = rest.slice(match[0].length).trimStart();
  }
  return { list };
}
