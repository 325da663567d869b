// Writing a large document piece by piece, so that no single string holds all of it: V8 caps a
// string near 512 MB, and the results of a few hundred thousand resources pass that. What is written
// is byte for byte what the in-memory renderer returns (JSON.stringify with the same indent).
import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';

export interface TextSink {
  write(text: string): void;
}

/** Collects the pieces in memory: for documents known to be small, and for tests. */
export class StringSink implements TextSink {
  private readonly parts: string[] = [];
  write(text: string): void {
    this.parts.push(text);
  }
  text(): string {
    return this.parts.join('');
  }
}

// Pieces are gathered up to this size before a write: one syscall per finding would be slow, and
// pieces held longer outlive young-generation collections and pile up as old garbage.
const FLUSH_AT = 1 << 16;

/** A sink that hands `out` the pieces gathered up to FLUSH_AT; call `end` for the last ones. */
function bufferedSink(out: (text: string) => void): TextSink & { end(): void } {
  let pending: string[] = [];
  let size = 0;
  const flush = () => {
    if (pending.length > 0) out(pending.join(''));
    pending = [];
    size = 0;
  };
  return {
    write(text) {
      pending.push(text);
      size += text.length;
      if (size >= FLUSH_AT) flush();
    },
    end: flush,
  };
}

/**
 * Writes `file` through a sink given to `fill`; the file is complete when this returns. With
 * `hash`, every piece written is fed to it as well (UTF-8, as written), so a large file is hashed
 * without being read back or held.
 */
export function writeFileBy(file: string, fill: (sink: TextSink) => void, hash?: Hash): void {
  const fd = openSync(file, 'w');
  try {
    const sink = bufferedSink((text) => {
      writeSync(fd, text);
      hash?.update(text);
    });
    fill(sink);
    sink.end();
  } finally {
    closeSync(fd);
  }
}

/** The SHA-256 (hex) of what `fill` writes, the text never held whole. */
export function sha256By(fill: (sink: TextSink) => void): string {
  const hash = createHash('sha256');
  const sink = bufferedSink((text) => hash.update(text));
  fill(sink);
  sink.end();
  return hash.digest('hex');
}

/**
 * An array whose elements are made when they are written: a streamed document never holds them all
 * (SARIF results, OSCAL subjects). JSON.stringify sees an ordinary array through toJSON.
 */
export class LazyArray<T> {
  constructor(
    readonly length: number,
    readonly at: (index: number) => T,
  ) {}
  static of<S, T>(items: readonly S[], map: (item: S) => T): LazyArray<T> {
    return new LazyArray(items.length, (i) => map(items[i]!));
  }
  toJSON(): T[] {
    return Array.from({ length: this.length }, (_, i) => this.at(i));
  }
}

// Containers this shallow, or arrays this long, are written element by element; anything smaller
// is one JSON.stringify call (native, fast) re-indented to its depth.
const STREAMED_DEPTH = 3;
const STREAMED_LENGTH = 256;

type Json = unknown;

function toJsonValue(value: Json, key: string): Json {
  if (value instanceof LazyArray) return value; // written element by element, never made whole
  const withToJson = value as { toJSON?: (key: string) => Json } | null;
  return typeof withToJson?.toJSON === 'function' ? withToJson.toJSON(key) : value;
}

/** Whether JSON.stringify leaves this out of an object (and writes null for it in an array). */
function omitted(value: Json): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/**
 * Writes exactly `JSON.stringify(value, null, indent)` (value is not omitted at the top level).
 * `streamedDepth`: containers above it are written member by member; it must reach every LazyArray,
 * which a container written whole would make whole.
 */
export function writeJson(sink: TextSink, value: Json, indent: number, streamedDepth = STREAMED_DEPTH): void {
  writeValue(sink, toJsonValue(value, ''), indent, 0, streamedDepth);
}

/**
 * An object just above the streamed depth whose members would each be written whole (none a
 * LazyArray or an array longer than STREAMED_LENGTH): it is written whole too, one JSON.stringify
 * instead of one per member, the same bytes (a resource of a snapshot, a finding of the results).
 */
function small(v: object): boolean {
  for (const key in v) {
    if (!Object.hasOwn(v, key)) continue;
    const item = toJsonValue((v as Record<string, Json>)[key], key);
    if (item instanceof LazyArray || (Array.isArray(item) && item.length > STREAMED_LENGTH)) return false;
  }
  return true;
}

/** `v` has had its toJSON applied. */
function writeValue(sink: TextSink, v: Json, indent: number, depth: number, streamedDepth: number): void {
  if (v instanceof LazyArray) {
    writeArray(sink, v.length, (i) => v.at(i), indent, depth, streamedDepth);
    return;
  }
  const streamed =
    typeof v === 'object' &&
    v !== null &&
    (Array.isArray(v)
      ? depth < streamedDepth || v.length > STREAMED_LENGTH
      : depth < streamedDepth - 1 || (depth === streamedDepth - 1 && !small(v)));
  if (!streamed) {
    const text = JSON.stringify(v, null, indent);
    sink.write(indent > 0 && depth > 0 ? text.replaceAll('\n', `\n${' '.repeat(indent * depth)}`) : text);
    return;
  }
  const inner = indent > 0 ? `\n${' '.repeat(indent * (depth + 1))}` : '';
  const close = indent > 0 ? `\n${' '.repeat(indent * depth)}` : '';
  if (Array.isArray(v)) {
    writeArray(sink, v.length, (i) => v[i], indent, depth, streamedDepth);
    return;
  }
  const entries = Object.entries(v as object)
    .map(([k, item]) => [k, toJsonValue(item, k)] as const)
    .filter(([, item]) => !omitted(item));
  if (entries.length === 0) {
    sink.write('{}');
    return;
  }
  sink.write('{');
  entries.forEach(([k, item], i) => {
    sink.write(`${i === 0 ? inner : `,${inner}`}${JSON.stringify(k)}:${indent > 0 ? ' ' : ''}`);
    writeValue(sink, item, indent, depth + 1, streamedDepth);
  });
  sink.write(`${close}}`);
}

function writeArray(
  sink: TextSink,
  length: number,
  at: (i: number) => Json,
  indent: number,
  depth: number,
  streamedDepth: number,
): void {
  if (length === 0) {
    sink.write('[]');
    return;
  }
  const inner = indent > 0 ? `\n${' '.repeat(indent * (depth + 1))}` : '';
  const close = indent > 0 ? `\n${' '.repeat(indent * depth)}` : '';
  sink.write('[');
  for (let i = 0; i < length; i++) {
    sink.write(i === 0 ? inner : `,${inner}`);
    const element = toJsonValue(at(i), String(i));
    if (omitted(element)) sink.write('null');
    else writeValue(sink, element, indent, depth + 1, streamedDepth);
  }
  sink.write(`${close}]`);
}
