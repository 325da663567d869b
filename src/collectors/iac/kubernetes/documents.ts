// Reads every YAML (or JSON) document of a manifest file, keeping positions so that each value
// can be traced back to its 1-based line.
import { type Document, isMap, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';
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
        const message = error.message.split('\n')[0] ?? error.message;
        gaps.push({ reason: 'parse-error', message: `YAML: ${message}`, file, line: lineAt(error.pos[0]) });
      }
      return;
    }
    const range = doc.contents?.range ?? doc.range ?? [0, 0, 0];
    // A document that parses can still fail to convert (an alias to no anchor, too many aliases).
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      const message = (error as Error).message.split('\n')[0];
      gaps.push({ reason: 'parse-error', message: `YAML: ${message}`, file, line: lineAt(range[0]) });
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
