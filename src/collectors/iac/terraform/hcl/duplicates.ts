// Declarations Terraform refuses as duplicates: one attribute twice in a body, or two resource,
// data, module or variable blocks with the same name in one module. The evaluator would keep one
// of them without a word; each becomes a gap naming both lines, so nothing is merged silently.
import type { Gap } from '../../../../model/resource.ts';
import type { Attribute, Block, Body, ParsedFile } from './ast.ts';
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
    duplicateAttributes(file.body, file.relPath, gaps);
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

/**
 * Attributes set twice in a body and, recursively, in its nested blocks. `path` is the chain of
 * blocks down to `body`; the words naming it (`in resource.aws_x.y > ingress`) are written only
 * for a gap, so the 11,000 bodies of a large repo cost no string each.
 */
function duplicateAttributes(body: Body, file: string, gaps: Gap[], path: Block[] = []): void {
  const attributes = body.attributes;
  // A body holds a handful of attributes: a pass over the earlier ones costs less than a Map per
  // body. A long body gets the Map, so the check stays linear.
  const seen = attributes.length > 16 ? new Map<string, number>() : undefined;
  for (let i = 0; i < attributes.length; i++) {
    const attribute = attributes[i] as Attribute;
    let first: number | undefined;
    if (seen) {
      first = seen.get(attribute.name);
      if (first === undefined) seen.set(attribute.name, attribute.line);
    } else {
      for (let j = 0; j < i && first === undefined; j++)
        if ((attributes[j] as Attribute).name === attribute.name) first = (attributes[j] as Attribute).line;
    }
    if (first === undefined) continue;
    gaps.push({
      reason: 'parse-error',
      message: `attribute ${attribute.name}${where(path)} is set twice (first at line ${first}); Terraform refuses this configuration, so what assay evaluates there may not be what would be deployed`,
      file,
      line: attribute.line,
    });
  }
  for (const block of body.blocks) {
    path.push(block);
    duplicateAttributes(block.body, file, gaps, path);
    path.pop();
  }
}

/** ` in resource.aws_x.y > ingress` for a chain of blocks, '' at the top of a file. */
function where(path: Block[]): string {
  if (path.length === 0) return '';
  return ` in ${path.map((block) => [block.type, ...block.labels].join('.')).join(' > ')}`;
}
