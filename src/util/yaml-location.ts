// Maps a JSON pointer (an ajv instancePath) back to the line in the YAML source it came from.
import { type Document, isMap, isScalar, isSeq, type LineCounter } from 'yaml';

/** 1-based line of the node at `pointer` (e.g. "/controls/3/automation"), or of its nearest existing ancestor. */
export function lineOfPointer(doc: Document, lineCounter: LineCounter, pointer: string): number {
  const segments = pointer === '' ? [] : pointer.slice(1).split('/').map(unescapePointer);
  let node: unknown = doc.contents;
  // Start of the deepest node found; a map entry points at its key so the line shows the key.
  let offset = rangeStart(node) ?? 0;
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === segment);
      if (!pair) break;
      offset = rangeStart(pair.key) ?? rangeStart(pair.value) ?? offset;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)];
      if (item === undefined) break;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return lineCounter.linePos(offset).line;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range?.[0];
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}
