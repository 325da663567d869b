// Finds `assay:ignore` comments in IaC files, kept raw for src/waivers/inline.ts to read.
// Only real comments count, as the file's parser finds them: the marker inside a string value (a
// description, a heredoc, a YAML block scalar or multi-line quoted string) is data, and treating
// it as a waiver would accept failures nobody signed off. YAML comments come from the `yaml`
// library's concrete syntax tree here; HCL comments from the Terraform parser's syntax tree
// (src/collectors/iac/terraform/hcl/comments.ts), which the kit cannot import.
import { LineCounter, Parser } from 'yaml';
import type { InlineSuppression } from '../model/resource.ts';

const MARKER = /(?:^|[\s*#/])assay:ignore(?=\s|$)/;

/** One line of a real comment: its 1-based line and its text without the comment delimiters. */
export interface CommentLine {
  line: number;
  text: string;
}

/** The suppressions among a file's comment lines; `file` is its path relative to the scan root. */
export function suppressionsIn(file: string, comments: readonly CommentLine[]): InlineSuppression[] {
  const found: InlineSuppression[] = [];
  for (const comment of comments) {
    const match = MARKER.exec(comment.text);
    if (!match) continue;
    const after = comment.text.slice(match.index + match[0].length);
    found.push({ file, line: comment.line, text: after.trim() });
  }
  return found;
}

/**
 * The lines of one HCL comment (`# ...`, `// ...` or `/* ... *\/`, as the parser delimits it)
 * starting on `line`. A block comment gives one entry per line, so a marker keeps its own line.
 */
export function hclCommentLines(source: string, line: number): CommentLine[] {
  if (source.startsWith('#')) return [{ line, text: source.slice(1) }];
  if (source.startsWith('//')) return [{ line, text: source.slice(2) }];
  const body = source.replace(/^\/\*/, '').replace(/\*\/$/, '');
  return body.split(/\r?\n/).map((text, i) => ({ line: line + i, text }));
}

/** YAML: every `#` comment the parser finds, in any document of the stream, malformed or not. */
export function yamlComments(text: string): CommentLine[] {
  const lines = new LineCounter();
  const comments: CommentLine[] = [];
  // A worklist, not recursion: deeply nested flow collections must not overflow the stack.
  const pending: unknown[] = [...new Parser(lines.addNewLine).parse(text)];
  while (pending.length > 0) {
    const value = pending.pop();
    if (Array.isArray(value)) pending.push(...value);
    else if (value !== null && typeof value === 'object') {
      const token = value as { type?: unknown; offset?: unknown; source?: unknown };
      if (token.type === 'comment' && typeof token.offset === 'number' && typeof token.source === 'string') {
        comments.push({ line: lines.linePos(token.offset).line, text: token.source.replace(/^#/, '') });
      } else pending.push(...Object.values(value));
    }
  }
  return comments.sort((a, b) => a.line - b.line);
}

/** Whether a file's comments are YAML comments (CloudFormation `.template` files are YAML or JSON). */
export function isYamlFile(file: string): boolean {
  return /\.(ya?ml|template)$/i.test(file);
}

/** Whether a file is HCL (its comments come from the Terraform parser). */
export function isHclFile(file: string): boolean {
  return /\.(tf|tfvars|hcl)$/i.test(file);
}
