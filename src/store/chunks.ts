// Content-defined chunking of a document's text (a gear rolling hash, as in FastCDC): a boundary
// falls where the last 32 characters hash to a chosen pattern, so an edit moves only the
// boundaries near it and the chunks elsewhere come out the same, whatever shifted before them.
import { createHash } from 'node:crypto';

/** Chunks are at least this long, so a run of boundaries cannot make tiny chunks. */
const MIN_CHUNK = 4096;
/** A boundary where the top bits of the hash are zero: one in 2^14 positions, about 16 KB apart. */
const BOUNDARY_MASK = 0xfffc0000;
/** Cut here at the latest (a text that never matches, e.g. one character repeated). */
const MAX_CHUNK = 131_072;

/** 256 fixed pseudo-random values: the table must never change, or stored chunks stop matching. */
const GEAR = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    table[i] = createHash('sha256').update(`assay gear ${i}`).digest().readUInt32BE(0);
  }
  return table;
})();

/** The text cut into chunks whose concatenation is the text; never inside a surrogate pair. */
export function chunkText(text: string): string[] {
  const chunks: string[] = [];
  let start = 0;
  let hash = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    hash = ((hash << 1) + GEAR[code & 0xff]!) >>> 0;
    const length = i + 1 - start;
    if (length < MIN_CHUNK) continue;
    if ((hash & BOUNDARY_MASK) !== 0 && length < MAX_CHUNK) continue;
    // Never end a chunk between the halves of a surrogate pair: its UTF-8 would be lost.
    if (code >= 0xd800 && code <= 0xdbff) continue;
    chunks.push(text.slice(start, i + 1));
    start = i + 1;
    hash = 0;
  }
  if (start < text.length) chunks.push(text.slice(start));
  return chunks;
}
