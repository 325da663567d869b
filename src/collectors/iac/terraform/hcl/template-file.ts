// The template files templatefile() renders: read once each, parsed with the HCL parser as the body
// of a heredoc (whose syntax is the template syntax: ${...} interpolations and %{ if }/%{ for }
// directives), so the evaluator renders them as it renders any template.
import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Parser } from 'web-tree-sitter';
import { MAX_FILE_BYTES } from '../../../../kit/limits.ts';
import type { TemplatePart } from './ast.ts';
import { parseHcl } from './parser.ts';

/** A template's parts, or why it cannot be rendered ("no such file", "above the size limit", a syntax error). */
export type TemplateFile = { parts: TemplatePart[] } | { problem: string; syntax?: boolean };

/** A heredoc delimiter no template line is: the template is the heredoc's whole body. */
function delimiter(text: string): string {
  let marker = 'ASSAY_TEMPLATE_END';
  while (text.split('\n').some((line) => line.trim() === marker)) marker += '_';
  return marker;
}

/** The parts of a template text, parsed as the heredoc `t = <<MARKER ... MARKER`. */
export function parseTemplate(parser: Parser, text: string, file: string): TemplateFile {
  // A heredoc keeps its last newline; a text without one gets one to close the heredoc, removed after.
  const closed = text.endsWith('\n') ? text : `${text}\n`;
  const marker = delimiter(closed);
  const result = parseHcl(parser, `t = <<${marker}\n${closed}${marker}\n`, file);
  // The heredoc's first line is ours: line N of the parse is line N - 1 of the template.
  if (!result.ok) return { problem: `a syntax error at line ${(result.gap.line ?? 2) - 1}`, syntax: true };
  const expr = result.body.attributes[0]?.expr;
  let parts: TemplatePart[];
  if (expr?.t === 'template') parts = expr.parts;
  else if (expr?.t === 'literal' && typeof expr.value === 'string') parts = [expr.value];
  else return { problem: 'not a template' };
  if (closed === text) return { parts };
  const last = parts[parts.length - 1];
  return typeof last === 'string' && last.endsWith('\n')
    ? { parts: [...parts.slice(0, -1), last.slice(0, -1)] }
    : { parts };
}

/**
 * Reads and parses template files, each once; a file that cannot be read is a problem, never an
 * empty template. Only files inside the scanned folder are read: a configuration under review must
 * not pull another file of the machine (a runner's credentials) into the snapshot and reports.
 */
export function templateReader(parser: Parser, scanRoot: string): (absPath: string) => TemplateFile {
  const cache = new Map<string, TemplateFile>();
  return (absPath) => {
    let found = cache.get(absPath);
    if (!found) {
      found = readTemplate(parser, absPath, scanRoot);
      cache.set(absPath, found);
    }
    return found;
  };
}

function inside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

function readTemplate(parser: Parser, absPath: string, scanRoot: string): TemplateFile {
  try {
    if (!inside(realpathSync(scanRoot), realpathSync(absPath)))
      return { problem: 'outside the scanned folder; not read' };
    const stats = statSync(absPath);
    if (!stats.isFile()) return { problem: 'not a regular file' };
    if (stats.size > MAX_FILE_BYTES)
      return { problem: `${stats.size} bytes, above the limit of ${MAX_FILE_BYTES} bytes per file` };
    return parseTemplate(parser, readFileSync(absPath, 'utf8'), absPath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: code === 'ENOENT' ? 'no such file' : (code ?? 'cannot be read') };
  }
}
