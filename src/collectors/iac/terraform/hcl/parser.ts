// Parses Terraform/HCL text into our own syntax tree: with the direct parser where it reads the
// file, else with tree-sitter (wasm grammar), which also names syntax errors. The wasm runtime and
// the grammar are loaded once per process, on first use.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Language, type Node, Parser } from 'web-tree-sitter';
import { MAX_NESTING_DEPTH } from '../../../../kit/limits.ts';
import { type CommentLine, hclCommentLines } from '../../../../kit/suppressions.ts';
import type { Gap } from '../../../../model/resource.ts';
import type { Body } from './ast.ts';
import { convertBody, type NumberIssue, tooDeep } from './convert.ts';
import { parseDirect } from './direct-parser.ts';

let parserPromise: Promise<Parser> | undefined;

const GRAMMAR_FILE = 'tree-sitter-terraform.wasm';

function grammarPath(): string {
  // The bundled Action carries the grammar next to itself (it runs without node_modules).
  const bundled = fileURLToPath(new URL(`./${GRAMMAR_FILE}`, import.meta.url));
  if (existsSync(bundled)) return bundled;
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@tree-sitter-grammars/tree-sitter-hcl/package.json');
  return path.join(path.dirname(pkg), GRAMMAR_FILE);
}

export function getParser(): Promise<Parser> {
  parserPromise ??= (async () => {
    await Parser.init();
    const language = await Language.load(grammarPath());
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return parserPromise;
}

export type ParseResult = { ok: true; body: Body; gaps: Gap[] } | { ok: false; gap: Gap };

/**
 * Files whose comments were read (hclComments, before the collectors run) keep the outcome of that
 * same parse here until the Terraform reader asks for it: each file is parsed once, not twice.
 */
const parsedAhead = new Map<string, { text: string; outcome: () => ParseResult }>();

/** Parses one file; a syntax error becomes a 'parse-error' gap naming line, column and what was found there. */
export function parseHcl(parser: Parser, text: string, file: string): ParseResult {
  const ahead = parsedAhead.get(file);
  if (ahead) parsedAhead.delete(file);
  if (ahead?.text === text) return ahead.outcome();
  const direct = parseDirect(text);
  if (direct) return { ok: true, body: direct.body, gaps: numberGaps(direct.issues, file) };
  return withTree(parser, text, file, (root) => convertTree(root, text, file));
}

/** A file's tree as converted ahead, or the error the converter threw (thrown where the reader asks for it). */
export type AheadOutcome = ParseResult | { thrown: Error };

/**
 * The comment lines of one file and its syntax tree converted in the same parse (plain data, so a
 * worker thread can do this and post the result). A converter failure is kept as the error.
 */
export function parseHclForScan(
  parser: Parser,
  text: string,
  file: string,
): { comments: CommentLine[]; outcome: AheadOutcome } {
  const direct = parseDirect(text);
  if (direct) {
    return {
      comments: direct.comments,
      outcome: { ok: true, body: direct.body, gaps: numberGaps(direct.issues, file) },
    };
  }
  return parseWithTreeSitter(parser, text, file);
}

/** What parseHclForScan gives, read by tree-sitter only (the direct parser's tests compare the two). */
export function parseWithTreeSitter(
  parser: Parser,
  text: string,
  file: string,
): { comments: CommentLine[]; outcome: AheadOutcome } {
  let outcome: AheadOutcome = NO_TREE(file);
  const comments = withTree(parser, text, file, (root) => {
    try {
      outcome = convertTree(root, text, file);
    } catch (error) {
      outcome = { thrown: error as Error };
    }
    return commentLines(root);
  });
  return { comments: Array.isArray(comments) ? comments : [], outcome };
}

/** Keeps a parse of `file` made ahead (here or in a worker thread) for parseHcl of the same file and text. */
export function keepParsed(file: string, text: string, outcome: AheadOutcome): void {
  parsedAhead.set(file, {
    text,
    outcome: () => {
      if ('thrown' in outcome) throw outcome.thrown;
      return outcome;
    },
  });
}

/**
 * The comment lines of one file, its syntax tree converted in the same parse and kept for parseHcl
 * of the same file and text (a converter failure is kept too, and thrown there, where the reader
 * turns it into a gap for that file).
 */
export function parseHclAhead(parser: Parser, text: string, file: string): CommentLine[] {
  const { comments, outcome } = parseHclForScan(parser, text, file);
  keepParsed(file, text, outcome);
  return comments;
}

const NO_TREE = (file: string): ParseResult => ({
  ok: false,
  gap: { reason: 'parse-error', file, message: `${file}: the parser returned no tree` },
});

function withTree<T>(parser: Parser, text: string, file: string, use: (root: Node) => T): T | ParseResult {
  const tree = parser.parse(text);
  if (!tree) return NO_TREE(file);
  try {
    return use(tree.rootNode);
  } finally {
    tree.delete();
  }
}

/** Every comment line of a tree; a file with syntax errors still gives the comments the parser recognised. */
export function commentLines(root: Node): CommentLine[] {
  return root
    .descendantsOfType('comment')
    .flatMap((node) => (node ? hclCommentLines(node.text, node.startPosition.row + 1) : []));
}

function convertTree(root: Node, text: string, file: string): ParseResult {
  const deep = tooDeep(root);
  if (deep) {
    const { line } = deep;
    return {
      ok: false,
      gap: {
        reason: 'limit-exceeded',
        file,
        line,
        message: `${file}:${line}: nested deeper than the limit of ${MAX_NESTING_DEPTH} syntax levels; the file is not read`,
      },
    };
  }
  if (root.hasError) {
    const bad = firstError(root);
    return { ok: false, gap: syntaxErrorGap(bad ?? root, text, file) };
  }
  const issues: NumberIssue[] = [];
  const body = convertBody(root, text, issues);
  return { ok: true, body, gaps: numberGaps(issues, file) };
}

function numberGaps(issues: NumberIssue[], file: string): Gap[] {
  return issues.map(({ line, text: number }) => ({
    reason: 'limit-exceeded',
    file,
    line,
    message: `${file}:${line}: the number ${number.slice(0, 40)} is out of range; its value is left unknown`,
  }));
}

function firstError(node: Node): Node | undefined {
  if (node.isError || node.isMissing) return node;
  if (!node.hasError) return undefined;
  for (const child of node.children) {
    if (!child) continue;
    const found = firstError(child);
    if (found) return found;
  }
  return undefined;
}

const PUNCTUATION = new Set(['{', '}', '[', ']', '(', ')', '=', ',', ':', '?']);
const UNTERMINATED: Record<string, string> = {
  quoted_template_end: 'unterminated string',
  heredoc_identifier: 'unterminated heredoc',
  template_interpolation_end: "unterminated '${'",
  template_directive_end: "unterminated '%{'",
};

function syntaxErrorGap(node: Node, text: string, file: string): Gap {
  const gap = (at: Node, message: string): Gap => {
    const line = at.startPosition.row + 1;
    return { reason: 'parse-error', file, line, message: `${file}:${line}:${at.startPosition.column + 1}: ${message}` };
  };
  const found = describeText(text, node.startIndex);
  if (node.isMissing) {
    const unterminated = UNTERMINATED[node.type];
    // Point at where the string/heredoc/interpolation began, not at the end of the file.
    if (unterminated) return gap(node.parent ?? node, `syntax error: ${unterminated}`);
    const opened = node.type === '}' ? enclosingBlock(node) : undefined;
    if (opened) {
      const { row, column } = node.startPosition;
      return gap(
        opened,
        `syntax error: block opened here is not closed (missing '}' at line ${row + 1}, column ${column + 1}, found ${found})`,
      );
    }
    if (PUNCTUATION.has(node.type)) return gap(node, `syntax error: expected '${node.type}', found ${found}`);
  }
  return gap(node, `syntax error: unexpected ${found}`);
}

function enclosingBlock(node: Node): Node | undefined {
  for (let n: Node | null = node.parent; n; n = n.parent) {
    if (n.type === 'block' || n.type === 'object') return n;
  }
  return undefined;
}

/** HCL's own words, safe to quote; any other name at an error may be an unquoted secret. */
const KEYWORDS = new Set(['true', 'false', 'null', 'for', 'in', 'if', 'else', 'endif', 'endfor']);

/**
 * What is at the error, never the file's text beyond one character: a quoted string, a name or
 * a number is described by its kind (an unquoted token there may be a secret), punctuation and
 * HCL keywords are quoted.
 */
function describeText(text: string, index: number): string {
  const rest = text.slice(index).replace(/^[ \t]+/, '');
  if (rest.length === 0) return 'end of file';
  if (rest[0] === '\n' || rest[0] === '\r') return 'end of line';
  if (rest[0] === '"') return 'a quoted string';
  const word = /^[A-Za-z_][\w-]*/.exec(rest)?.[0];
  if (word !== undefined) return KEYWORDS.has(word) ? `'${word}'` : 'a name';
  if (/^\d/.test(rest)) return 'a number';
  return `'${rest[0]}'`;
}
