// Snapshots and results as stored: each document is split into parts that stay the same from one
// day to the next (a source's resources, the findings, the evidence), each part compressed and
// stored once by its SHA-256. A day on which nothing changed costs the few parts that carry
// times and the run's identity. A document is always read back to the exact text it was stored
// from: the split is checked when storing, and a document that does not survive it is stored whole.
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import type { Snapshot } from '../model/resource.ts';
import { serializeSnapshot, sha256 } from '../model/snapshot.ts';
import type { Queries } from './database.ts';

export type DocumentKind = 'snapshot' | 'results';

/** How each kind of document is written as text: a snapshot as its file is, results compactly. */
const SERIALIZERS: Record<DocumentKind, (value: unknown) => string> = {
  snapshot: (value) => serializeSnapshot(value as Snapshot),
  results: (value) => JSON.stringify(value),
};

/** Top-level values shorter than this stay in the document's root part. */
const PART_THRESHOLD = 2048;
/** Long arrays are stored in runs of this many items, so one changed item re-stores one run. */
const CHUNK_ITEMS = 200;
/** How deep the split goes; below, a large value is one part. */
const MAX_DEPTH = 4;

function compress(bytes: Buffer): Buffer {
  return brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  });
}

async function putBlob(db: Queries, text: string, written: string[]): Promise<string> {
  const hash = sha256(text);
  const found = await db.all('SELECT 1 AS found FROM blobs WHERE sha256 = ?', [hash]);
  if (found.length === 0) {
    const bytes = Buffer.from(text, 'utf8');
    await db.run('INSERT INTO blobs (sha256, size, data) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING', [
      hash,
      bytes.length,
      compress(bytes),
    ]);
  }
  written.push(hash);
  return hash;
}

export class StoreIntegrityError extends Error {
  override name = 'StoreIntegrityError';
}

async function getBlob(db: Queries, hash: string): Promise<string> {
  const rows = await db.all('SELECT data FROM blobs WHERE sha256 = ?', [hash]);
  if (rows.length === 0) throw new StoreIntegrityError(`stored part ${hash} is missing`);
  const text = brotliDecompressSync(rows[0]!.data as Buffer).toString('utf8');
  if (sha256(text) !== hash) throw new StoreIntegrityError(`stored part ${hash} was changed`);
  return text;
}

/**
 * The compact JSON text of `value` (as JSON.stringify writes it), with every value longer than the
 * threshold replaced by a reference to a part: objects as `{"$blob":"<sha256>"}`, arrays in chunks
 * as `{"$chunks":["<sha256>",...]}`. Parts are collected in `parts`, keyed by the hash of their text.
 * Working on text keeps a 10,000-resource document from being walked and copied as objects.
 */
function encode(value: unknown, parts: Map<string, string>, depth = 0): string {
  const text = JSON.stringify(value) ?? 'null';
  if (text.length < PART_THRESHOLD || value === null || typeof value !== 'object') return text;
  const part = (partText: string) => {
    const hash = sha256(partText);
    parts.set(hash, partText);
    return hash;
  };
  // Deeper values are stored whole: JSON.stringify per level is native, walking every node is not.
  if (depth >= MAX_DEPTH) return `{"$blob":"${part(text)}"}`;
  if (Array.isArray(value)) {
    const items = value.map((item) => encode(item, parts, depth + 1));
    const chunks: string[] = [];
    for (let i = 0; i < items.length; i += CHUNK_ITEMS)
      chunks.push(part(`[${items.slice(i, i + CHUNK_ITEMS).join(',')}]`));
    return `{"$chunks":[${chunks.map((c) => `"${c}"`).join(',')}]}`;
  }
  const members: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    if (item !== undefined) members.push(`${JSON.stringify(key)}:${encode(item, parts, depth + 1)}`);
  }
  return `{"$blob":"${part(`{${members.join(',')}}`)}"}`;
}

const REFERENCE = /\{"\$blob":"([0-9a-f]{64})"\}|\{"\$chunks":\[((?:"[0-9a-f]{64}",?)+)\]\}/g;

/** The compact text with every reference replaced by its part's text, recursively. */
async function expand(db: Queries, text: string): Promise<string> {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(REFERENCE)) {
    out += text.slice(last, match.index);
    if (match[1] !== undefined) out += await expand(db, await getBlob(db, match[1]));
    else {
      const items: string[] = [];
      for (const hash of match[2]!.match(/[0-9a-f]{64}/g) ?? []) {
        items.push((await expand(db, await getBlob(db, hash))).slice(1, -1));
      }
      out += `[${items.join(',')}]`;
    }
    last = match.index + match[0].length;
  }
  return out + text.slice(last);
}

/**
 * The root part: the document's encoded value, with the strings that change every run without
 * saying anything new (the snapshots' hashes, cited all through the results) lifted out into
 * `vars`, so the parts that cite them stay the same from day to day. Or the whole text.
 */
interface Root {
  vars?: string[];
  /** The document's compact text with references to its parts. */
  text?: string;
  whole?: string;
}

const token = (i: number) => `\u00ab${i}\u00bb`;

function lift(text: string, vars: readonly string[]): string {
  let out = text;
  vars.forEach((v, i) => {
    out = out.split(v).join(token(i));
  });
  return out;
}

function lower(text: string, vars: readonly string[]): string {
  let out = text;
  vars.forEach((v, i) => {
    out = out.split(token(i)).join(v);
  });
  return out;
}

async function textOf(db: Queries, root: Root, kind: DocumentKind): Promise<string> {
  if (typeof root.whole === 'string') return root.whole;
  const compact = await expand(db, root.text ?? '');
  // Results are stored compact already; a snapshot is written back in its file's layout.
  const text = kind === 'results' ? compact : SERIALIZERS[kind](JSON.parse(compact));
  return lower(text, root.vars ?? []);
}

/** Results as the store hashes them (resultsSha256). */
export const serializeResults = SERIALIZERS.results;

/**
 * Stores a document whose exact text is `text` and returns its SHA-256. Storing it again writes
 * nothing. `vars`: strings that change from run to run all through the document (longest first).
 */
export async function putDocument(
  db: Queries,
  kind: DocumentKind,
  text: string,
  vars: readonly string[] = [],
): Promise<string> {
  const serialize = SERIALIZERS[kind];
  const hash = sha256(text);
  if ((await db.all('SELECT 1 AS found FROM documents WHERE sha256 = ?', [hash])).length > 0) return hash;
  const written: string[] = [];
  const lifted = lift(text, vars);
  const value = JSON.parse(lifted) as unknown;
  let root: Root = { whole: text };
  // Split only a document that comes back byte for byte (not one with a token already in its text).
  if (serialize(value) === lifted && lower(lifted, vars) === text) {
    const parts = new Map<string, string>();
    root = { ...(vars.length > 0 && { vars: [...vars] }), text: encode(value, parts) };
    for (const part of parts.values()) await putBlob(db, part, written);
  }
  const rootHash = await putBlob(db, JSON.stringify(root), written);
  await db.run(
    'INSERT INTO documents (sha256, kind, root, parts) VALUES (?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING',
    [hash, kind, rootHash, JSON.stringify([...new Set(written)])],
  );
  return hash;
}

/** The exact text a document was stored from; StoreIntegrityError when any part is missing or changed. */
export async function getDocument(db: Queries, hash: string, kind: DocumentKind): Promise<string> {
  const rows = await db.all('SELECT root FROM documents WHERE sha256 = ?', [hash]);
  if (rows.length === 0) throw new StoreIntegrityError(`stored document ${hash} is missing`);
  const root = JSON.parse(await getBlob(db, String(rows[0]!.root))) as Root;
  const text = await textOf(db, root, kind);
  if (sha256(text) !== hash) throw new StoreIntegrityError(`stored document ${hash} was changed`);
  return text;
}
