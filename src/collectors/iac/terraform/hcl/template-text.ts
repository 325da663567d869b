// Template text as both HCL readers build it (the tree-sitter converter and the direct parser):
// literal text is cut from the source between interpolations and directives and decoded, and `~`
// strip markers trim the literal beside them. One definition, so both give the same tree.
import type { Expr, TemplatePart } from './ast.ts';

/** An interpolation or directive found between two source offsets, already converted. */
export interface PlacedPart {
  start: number;
  end: number;
  /** Absent for a directive that could not be read: its text is dropped, nothing stands for it. */
  part?: TemplatePart;
  stripLeft?: boolean;
  stripRight?: boolean;
}

export type Decode = (s: string, atLineStart: boolean) => string;

/** Template parts between two source offsets: literal text around `placed`, with strip markers applied. */
export function joinParts(
  text: string,
  from: number,
  to: number,
  placed: Iterable<PlacedPart>,
  decode: Decode,
  stripStart = false,
  stripEnd = false,
): TemplatePart[] {
  const items: { part: TemplatePart; stripLeft?: boolean; stripRight?: boolean }[] = [];
  let pos = from;
  const pushLiteral = (end: number) => {
    if (end > pos) items.push({ part: decode(text.slice(pos, end), pos === from || text[pos - 1] === '\n') });
  };
  for (const item of placed) {
    if (item.start < from || item.end > to) continue;
    pushLiteral(item.start);
    if (item.part !== undefined) items.push(item as { part: TemplatePart });
    pos = item.end;
  }
  pushLiteral(to);
  items.forEach((item, i) => {
    const before = items[i - 1];
    const after = items[i + 1];
    if (item.stripLeft && before && typeof before.part === 'string') before.part = before.part.trimEnd();
    if (item.stripRight && after && typeof after.part === 'string') after.part = after.part.trimStart();
  });
  const first = items[0];
  const last = items[items.length - 1];
  if (stripStart && first && typeof first.part === 'string') first.part = first.part.trimStart();
  if (stripEnd && last && typeof last.part === 'string') last.part = last.part.trimEnd();
  return items.map((item) => item.part).filter((p) => p !== '');
}

/** A template of one literal part is that literal. */
export function simplify(parts: TemplatePart[]): Expr {
  if (parts.length === 0) return { t: 'literal', value: '' };
  if (parts.length === 1 && typeof parts[0] === 'string') return { t: 'literal', value: parts[0] };
  return { t: 'template', parts };
}

export function invalid(text: string): Expr {
  return { t: 'invalid', text: text.slice(0, 40) };
}

const QUOTED_ESCAPE = /\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|(.))|\$\$\{|%%\{/g;
const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

export function unescapeQuoted(s: string): string {
  if (!s.includes('\\') && !s.includes('$${') && !s.includes('%%{')) return s;
  return s.replace(QUOTED_ESCAPE, (match, u4?: string, u8?: string, ch?: string) => {
    if (match === '$${') return '${';
    if (match === '%%{') return '%{';
    if (u4 ?? u8) return String.fromCodePoint(Number.parseInt((u4 ?? u8) as string, 16));
    return ch !== undefined ? (SIMPLE_ESCAPES[ch] ?? match) : match;
  });
}

/** The decoder of a heredoc's text between `from` and `to`: `<<-` removes the common indentation. */
export function heredocDecode(text: string, from: number, to: number, flush: boolean): Decode {
  const indent = flush ? minIndent(text.slice(from, Math.max(from, to))) : 0;
  return (s, atLineStart) => unescapeTemplateMarkers(indent > 0 ? dedent(s, indent, atLineStart) : s);
}

function unescapeTemplateMarkers(s: string): string {
  return s.replaceAll('$${', '${').replaceAll('%%{', '%{');
}

/** Smallest leading-whitespace width over the non-blank lines of a `<<-` heredoc. */
function minIndent(content: string): number {
  let min = Number.POSITIVE_INFINITY;
  for (const line of content.split('\n')) {
    if (line.trim() === '') continue;
    min = Math.min(min, line.length - line.trimStart().length);
  }
  return Number.isFinite(min) ? min : 0;
}

function dedent(s: string, indent: number, atLineStart: boolean): string {
  const lines = s.split('\n');
  return lines.map((line, i) => (i === 0 && !atLineStart ? line : stripIndent(line, indent))).join('\n');
}

function stripIndent(line: string, indent: number): string {
  let i = 0;
  while (i < indent && (line[i] === ' ' || line[i] === '\t')) i++;
  return line.slice(i);
}
