// Declarations Terraform refuses as duplicates: one attribute twice in a body, or two resource,
// data, module or variable blocks with the same name in one module. The evaluator would keep one
// of them without a word; each becomes a gap naming both lines, so nothing is merged silently.
import type { Gap } from '../../../../model/resource.ts';
import type { Block, Body, ParsedFile } from './ast.ts';
import { isLocalSource } from './module.ts';

/** The gaps for every duplicate among the files of one module directory. */
export function duplicateGaps(files: ParsedFile[]): Gap[] {
  const gaps: Gap[] = [];
  const declared = new Map<string, { file: string; line: number }>();
  for (const file of files) {
    for (const block of file.body.blocks) {
      const key = declarationKey(block.type, block.labels);
      if (key === undefined) continue;
      const first = declared.get(key);
      if (first) {
        // Resources in two files keep two uids and are both evaluated, and a module read from
        // elsewhere (registry, remote) yields no resources here; anything else collides.
        const both = first.file !== file.relPath && (block.type !== 'module' || !callsLocalModule(block));
        gaps.push({
          reason: both ? 'unsupported' : 'parse-error',
          message: `${key} is declared twice in one module (first at ${first.file}:${first.line}); Terraform refuses this configuration, ${both ? 'assay reads both, and references to it may resolve to either' : 'so what assay evaluates there may not be what would be deployed'}`,
          file: file.relPath,
          line: block.line,
        });
      } else declared.set(key, { file: file.relPath, line: block.line });
    }
    gaps.push(...duplicateAttributes(file.body, file.relPath));
  }
  return gaps;
}

function callsLocalModule(block: Block): boolean {
  const source = block.body.attributes.find((a) => a.name === 'source');
  return source?.expr.t === 'literal' && typeof source.expr.value === 'string' && isLocalSource(source.expr.value);
}

/** How Terraform names a declaration; undefined for blocks that may repeat (terraform, provider, locals) or that assay does not evaluate (output). */
function declarationKey(type: string, labels: string[]): string | undefined {
  const [first, second] = labels;
  if (type === 'resource' && first && second) return `${first}.${second}`;
  if (type === 'data' && first && second) return `data.${first}.${second}`;
  if ((type === 'module' || type === 'variable') && first) return `${type} "${first}"`;
  return undefined;
}

function duplicateAttributes(body: Body, file: string, where = ''): Gap[] {
  const gaps: Gap[] = [];
  const seen = new Map<string, number>();
  for (const attribute of body.attributes) {
    const first = seen.get(attribute.name);
    if (first === undefined) {
      seen.set(attribute.name, attribute.line);
      continue;
    }
    gaps.push({
      reason: 'parse-error',
      message: `attribute ${attribute.name}${where} is set twice (first at line ${first}); Terraform refuses this configuration, so what assay evaluates there may not be what would be deployed`,
      file,
      line: attribute.line,
    });
  }
  for (const block of body.blocks) {
    const name = [block.type, ...block.labels].join('.');
    gaps.push(...duplicateAttributes(block.body, file, ` in ${where ? `${where.slice(4)} > ` : ''}${name}`));
  }
  return gaps;
}
