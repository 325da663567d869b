// Reads every YAML (or JSON) document of a manifest file, keeping positions so that each value
// can be traced back to its 1-based line.

import { type Document, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, visit } from 'yaml';
import { MAX_YAML_ALIAS_COUNT } from '../../../kit/limits.ts';
import { isOutOfRange, yamlErrorMessage } from '../../../kit/located.ts';
import { unknown } from '../../../kit/unknown.ts';
import type { Gap } from '../../../model/resource.ts';
import type { Path } from '../../../providers/kubernetes/workload.ts';

export interface ManifestDocument {
  /** 0-based position of the document in its file. */
  index: number;
  value: unknown;
  /** Line where the document's content starts. */
  line: number;
  endLine?: number;
  /** Line of the key (for maps) or the item (for sequences) at `path`; undefined when absent. */
  lineOf(path: Path): number | undefined;
}

export function readDocuments(content: string, file: string): { documents: ManifestDocument[]; gaps: Gap[] } {
  const lineCounter = new LineCounter();
  const documents: ManifestDocument[] = [];
  const gaps: Gap[] = [];
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;
  let parsed: ReturnType<typeof parseAllDocuments>;
  try {
    parsed = parseAllDocuments(content, { lineCounter, prettyErrors: false });
  } catch (error) {
    gaps.push({ reason: 'parse-error', message: `YAML: ${(error as Error).message}`, file, line: 1 });
    return { documents, gaps };
  }
  if (!Array.isArray(parsed)) return { documents, gaps };
  parsed.forEach((doc, index) => {
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        gaps.push({
          reason: 'parse-error',
          message: `YAML: ${yamlErrorMessage(error)}`,
          file,
          line: lineAt(error.pos[0]),
        });
      }
      return;
    }
    const range = doc.contents?.range ?? doc.range ?? [0, 0, 0];
    // A number JavaScript cannot hold (1e400, an integer above 2^53) is unknown, never null or rounded.
    visit(doc, {
      Scalar(_, node) {
        if (typeof node.value !== 'number' || !isOutOfRange(node.value, node.source ?? String(node.value))) return;
        const line = lineAt(node.range?.[0] ?? 0);
        gaps.push({
          reason: 'limit-exceeded',
          file,
          line,
          message: `${file}:${line}: the number ${(node.source ?? '').slice(0, 40)} is out of range; its value is left unknown`,
        });
        node.value = unknown();
      },
    });
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT });
    } catch (error) {
      // The yaml library refuses an alias bomb ("Excessive alias count") and an alias to no anchor;
      // the other documents are still read.
      const message = (error as Error).message.split('\n')[0] ?? '';
      if (!/alias count/i.test(message)) {
        gaps.push({ reason: 'parse-error', message: `YAML: ${message}`, file, line: lineAt(range[0]) });
        return;
      }
      gaps.push({
        reason: 'limit-exceeded',
        message: `YAML document ${index + 1}: aliases expand beyond the limit of ${MAX_YAML_ALIAS_COUNT} (${message}); the document is not read`,
        file,
        line: lineAt(range[0]),
      });
      return;
    }
    const document: ManifestDocument = {
      index,
      value,
      line: lineAt(range[0]),
      lineOf: (path) => lineOf(doc, path, lineAt),
    };
    const endLine = lineAt(Math.max(range[0], range[1] - 1));
    if (endLine > document.line) document.endLine = endLine;
    documents.push(document);
  });
  return { documents, gaps };
}

function lineOf(doc: Document, path: Path, lineAt: (offset: number) => number): number | undefined {
  if (path.length === 0) return doc.contents?.range ? lineAt(doc.contents.range[0]) : undefined;
  const parent = doc.getIn(path.slice(0, -1), true);
  const last = path[path.length - 1];
  if (isMap(parent)) {
    const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === last);
    const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
    return range ? lineAt(range[0]) : undefined;
  }
  if (isSeq(parent) && typeof last === 'number') {
    const item = parent.items[last] as { range?: [number, number, number] } | undefined;
    return item?.range ? lineAt(item.range[0]) : undefined;
  }
  return undefined;
}
