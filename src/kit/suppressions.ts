// Finds `assay:ignore` comments in IaC files, kept raw for src/waivers/inline.ts to read.
// Only real comments count: the marker inside a string value (a description, a heredoc, a YAML
// block scalar) is data, and treating it as a waiver would accept failures nobody signed off.
import type { InlineSuppression } from '../model/resource.ts';

const MARKER = /(?:^|[\s*#/])assay:ignore(?=\s|$)/;

/** Suppressions in one file; `file` is its path relative to the scan root. JSON has no comments. */
export function findSuppressions(file: string, text: string): InlineSuppression[] {
  const comments = /\.(tf|tfvars|hcl)$/i.test(file)
    ? hclComments(text)
    : /\.(ya?ml|template)$/i.test(file)
      ? yamlComments(text)
      : [];
  const found: InlineSuppression[] = [];
  for (const comment of comments) {
    const match = MARKER.exec(comment.text);
    if (!match) continue;
    const after = comment.text.slice(match.index + match[0].length);
    found.push({ file, line: comment.line, text: after.trim() });
  }
  return found;
}

interface Comment {
  line: number;
  text: string;
}

/**
 * HCL: `#` and `//` to the end of the line, `/* *\/` possibly over several lines (each line is its
 * own comment, so a marker keeps its line). Skips "strings" (with ${...} nesting) and heredocs.
 */
function hclComments(text: string): Comment[] {
  const lines = text.split(/\r?\n/);
  const comments: Comment[] = [];
  let inBlock = false;
  let heredoc: string | undefined;
  lines.forEach((content, index) => {
    const line = index + 1;
    if (heredoc !== undefined) {
      if (content.trim() === heredoc) heredoc = undefined;
      return;
    }
    // Within one line: a stack of string / interpolation contexts (HCL strings do not span lines).
    const stack: ('string' | 'interp')[] = [];
    const braces: number[] = [];
    let i = 0;
    if (inBlock) {
      const close = content.indexOf('*/');
      comments.push({ line, text: close < 0 ? content : content.slice(0, close) });
      if (close < 0) return;
      inBlock = false;
      i = close + 2;
    }
    for (; i < content.length; i++) {
      const char = content[i];
      const top = stack[stack.length - 1];
      if (top === 'string') {
        if (char === '\\') i++;
        else if (char === '"') stack.pop();
        else if ((char === '$' || char === '%') && content[i + 1] === '{') {
          if (content[i - 1] === char) continue; // $${ and %%{ are escapes, not interpolation
          stack.push('interp');
          braces.push(0);
          i++;
        }
        continue;
      }
      if (char === '"') {
        stack.push('string');
      } else if (top === 'interp' && (char === '{' || char === '}')) {
        const depth = braces.length - 1;
        if (char === '{') braces[depth] = (braces[depth] ?? 0) + 1;
        else if (braces[depth] === 0) {
          stack.pop();
          braces.pop();
        } else braces[depth] = (braces[depth] ?? 1) - 1;
      } else if (char === '#' || (char === '/' && content[i + 1] === '/')) {
        comments.push({ line, text: content.slice(i + (char === '#' ? 1 : 2)) });
        return;
      } else if (char === '/' && content[i + 1] === '*') {
        const close = content.indexOf('*/', i + 2);
        comments.push({ line, text: content.slice(i + 2, close < 0 ? undefined : close) });
        if (close < 0) {
          inBlock = true;
          return;
        }
        i = close + 1;
      } else if (char === '<' && content[i + 1] === '<' && stack.length === 0) {
        const opener = /^<<-?([A-Za-z_][\w-]*)\s*$/.exec(content.slice(i));
        if (opener) {
          heredoc = opener[1];
          return;
        }
      }
    }
  });
  return comments;
}

/**
 * YAML: `#` at the start of a line or after a space, outside 'single' and "double" quoted
 * scalars, and not within a literal/folded block scalar (| or >), whose lines are all content.
 */
function yamlComments(text: string): Comment[] {
  const comments: Comment[] = [];
  let blockIndent: number | undefined;
  text.split(/\r?\n/).forEach((content, index) => {
    const indent = content.length - content.trimStart().length;
    if (blockIndent !== undefined) {
      if (content.trim() === '' || indent > blockIndent) return;
      blockIndent = undefined;
    }
    let quote: string | undefined;
    let code = content;
    for (let i = 0; i < content.length; i++) {
      const char = content[i] as string;
      const before = i === 0 ? ' ' : (content[i - 1] as string);
      if (quote !== undefined) {
        if (quote === '"' && char === '\\') i++;
        // '' inside single quotes is an escaped quote.
        else if (quote === "'" && char === "'" && content[i + 1] === "'") i++;
        else if (char === quote) quote = undefined;
      } else if ((char === '"' || char === "'") && /[\s[{,:]/.test(before)) {
        // A quote starts a quoted scalar only where a scalar starts; in `don't` it is a letter.
        quote = char;
      } else if (char === '#' && /\s/.test(before)) {
        comments.push({ line: index + 1, text: content.slice(i + 1) });
        code = content.slice(0, i);
        break;
      }
    }
    if (/(?:^|[\s:-])[|>][-+0-9]*\s*$/.test(code)) blockIndent = indent;
  });
  return comments;
}
