// A Junos configuration, in either of its two text forms, as a flat list of statements: the
// `set` form (`show configuration | display set`) line by line, the brace form (`show
// configuration`) by flattening each leaf into the path of blocks above it, so one interpreter
// reads both. `deactivate` lines and `inactive:` prefixes mark the deactivated part of a path;
// `replace:`/`protect:`/`unprotect:` prefixes (load files, protected stanzas) change nothing here.
import { type ConfigWord, lexConfig } from '../../kit/config-words.ts';

export interface JunosStatement {
  /** The configuration path and value: ["security", "policies", "from-zone", "trust", ...]. */
  words: string[];
  line: number;
  /** Line of each word: in the brace form, a block's words are on the block's line. */
  wordLines: number[];
  /** Length of the shortest prefix of `words` that is deactivated; absent when all is active. */
  inactiveAt?: number;
}

export interface JunosParse {
  statements: JunosStatement[];
  errors: { line: number; message: string }[];
}

const KEEP_PREFIXES = new Set(['replace:', 'protect:', 'unprotect:']);

/** Statements whose path contains a `[ a b ]` list become one statement per item. */
function expandLists(words: ConfigWord[]): { lists: string[][]; error?: string } {
  const open = words.findIndex((w) => !w.quoted && w.text === '[');
  if (open < 0) {
    const stray = words.find((w) => !w.quoted && w.text === ']');
    return stray ? { lists: [], error: '"]" without "["' } : { lists: [words.map((w) => w.text)] };
  }
  const close = words.findIndex((w, i) => i > open && !w.quoted && w.text === ']');
  if (close < 0) return { lists: [], error: 'list opened with "[" is never closed' };
  const head = words.slice(0, open).map((w) => w.text);
  const rest = expandLists(words.slice(close + 1));
  if (rest.error) return rest;
  const items = words.slice(open + 1, close).map((w) => w.text);
  return { lists: items.flatMap((item) => rest.lists.map((tail) => [...head, item, ...tail])) };
}

const startsWith = (words: string[], prefix: string[]) => prefix.every((w, i) => words[i] === w);

export function parseJunosSet(text: string): JunosParse {
  const lexed = lexConfig(text, { punctuation: '[]' });
  const errors = [...lexed.errors];
  let statements: JunosStatement[] = [];
  const deactivated: { words: string[]; line: number }[] = [];
  for (const words of lexed.lines) {
    const [verb, ...path] = words;
    const line = verb!.line;
    const expanded = expandLists(path);
    if (expanded.error) {
      errors.push({ line, message: expanded.error });
      continue;
    }
    switch (verb!.quoted ? '' : verb!.text) {
      case 'set':
        for (const w of expanded.lists) statements.push({ words: w, line, wordLines: w.map(() => line) });
        break;
      case 'deactivate':
        for (const w of expanded.lists) deactivated.push({ words: w, line });
        break;
      case 'activate':
        for (const w of expanded.lists) {
          const kept = deactivated.filter((d) => d.words.join(' ') !== w.join(' '));
          deactivated.splice(0, deactivated.length, ...kept);
        }
        break;
      case 'delete':
        // Deletes everything under the path, as the CLI does.
        for (const w of expanded.lists) statements = statements.filter((s) => !startsWith(s.words, w));
        break;
      default:
        errors.push({
          line,
          message: `"${verb!.text}" is not a set, delete, activate or deactivate statement`,
        });
    }
  }
  for (const s of statements) {
    const lengths = deactivated.filter((d) => startsWith(s.words, d.words)).map((d) => d.words.length);
    if (lengths.length) s.inactiveAt = Math.min(...lengths);
  }
  return { statements, errors };
}

export function parseJunosBraces(text: string): JunosParse {
  const lexed = lexConfig(text, { punctuation: '[]{};', blockComments: true });
  const errors = [...lexed.errors];
  const statements: JunosStatement[] = [];
  const tokens = lexed.lines.flat();
  const stack: { words: string[]; line: number; inactiveAt?: number }[] = [];
  let pending: ConfigWord[] = [];
  let inactive = false;
  const path = () => stack.flatMap((s) => s.words);
  // The outermost deactivated block decides: everything below it is inactive from there.
  const inheritedFirst = () => stack.find((s) => s.inactiveAt !== undefined)?.inactiveAt;
  for (const token of tokens) {
    if (!token.quoted && (token.text === 'inactive:' || KEEP_PREFIXES.has(token.text)) && pending.length === 0) {
      if (token.text === 'inactive:') inactive = true;
      continue;
    }
    if (!token.quoted && token.text === '{') {
      const expanded = expandLists(pending);
      if (expanded.error || expanded.lists.length !== 1 || pending.length === 0) {
        errors.push({ line: token.line, message: expanded.error ?? 'block "{" without a name or with a list name' });
      }
      const words = expanded.lists[0] ?? pending.map((w) => w.text);
      const base = path().length;
      const own = inactive ? base + words.length : undefined;
      stack.push({ words, line: pending[0]?.line ?? token.line, inactiveAt: inheritedFirst() ?? own });
      pending = [];
      inactive = false;
    } else if (!token.quoted && token.text === '}') {
      if (pending.length) errors.push({ line: pending[0]!.line, message: 'statement is not ended with ";"' });
      if (!stack.pop()) errors.push({ line: token.line, message: '"}" closes no block' });
      pending = [];
      inactive = false;
    } else if (!token.quoted && token.text === ';') {
      if (pending.length === 0) continue;
      const expanded = expandLists(pending);
      if (expanded.error) errors.push({ line: pending[0]!.line, message: expanded.error });
      const base = path();
      const baseLines = stack.flatMap((s) => s.words.map(() => s.line));
      for (const w of expanded.lists) {
        const words = [...base, ...w];
        const inactiveAt = inheritedFirst() ?? (inactive ? words.length : undefined);
        const line = pending[0]!.line;
        const wordLines = [...baseLines, ...w.map(() => line)];
        statements.push({ words, line, wordLines, ...(inactiveAt !== undefined ? { inactiveAt } : {}) });
      }
      pending = [];
      inactive = false;
    } else pending.push(token);
  }
  if (pending.length) errors.push({ line: pending[0]!.line, message: 'statement is not ended with ";"' });
  for (const open of stack)
    errors.push({ line: open.line, message: `block "${open.words.join(' ')}" is never closed` });
  return { statements, errors };
}

/** The set form when the first statement starts with a set-form verb, else the brace form. */
export function parseJunos(text: string): JunosParse {
  const first = lexConfig(text, { punctuation: '[]' }).lines[0]?.[0]?.text;
  return first && ['set', 'deactivate', 'delete', 'activate'].includes(first)
    ? parseJunosSet(text)
    : parseJunosBraces(text);
}

/** How a rulebase name shows the logical system it is in: "logical-systems LS1: ". */
export const systemLabel = (idPrefix: string) => (idPrefix ? `${idPrefix.split('/').filter(Boolean).join(' ')}: ` : '');
