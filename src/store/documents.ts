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

interface PartRef {
  $blob?: string;
  $chunks?: string[];
}

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

/** Values larger than the threshold become parts (objects key by key, arrays in chunks), recursively. */
async function encode(db: Queries, value: unknown, written: string[]): Promise<unknown> {
  const text = JSON.stringify(value);
  if (text === undefined || text.length < PART_THRESHOLD || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const chunks: string[] = [];
    for (let i = 0; i < value.length; i += CHUNK_ITEMS) {
      const items: unknown[] = [];
      for (const item of value.slice(i, i + CHUNK_ITEMS)) items.push(await encode(db, item, written));
      chunks.push(await putBlob(db, JSON.stringify(items), written));
    }
    return { $chunks: chunks } satisfies PartRef;
  }
  const encoded: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) encoded[key] = await encode(db, item, written);
  return { $blob: await putBlob(db, JSON.stringify(encoded), written) } satisfies PartRef;
}

async function decode(db: Queries, value: unknown): Promise<unknown> {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (const item of value) items.push(await decode(db, item));
    return items;
  }
  const ref = value as PartRef;
  const keys = Object.keys(ref);
  if (keys.length === 1 && typeof ref.$blob === 'string') return decode(db, JSON.parse(await getBlob(db, ref.$blob)));
  if (keys.length === 1 && Array.isArray(ref.$chunks)) {
    const items: unknown[] = [];
    for (const chunk of ref.$chunks)
      items.push(...((await decode(db, JSON.parse(await getBlob(db, chunk)))) as unknown[]));
    return items;
  }
  const decoded: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) decoded[key] = await decode(db, item);
  return decoded;
}

/**
 * The root part: the document's encoded value, with the strings that change every run without
 * saying anything new (the snapshots' hashes, cited all through the results) lifted out into
 * `vars`, so the parts that cite them stay the same from day to day. Or the whole text.
 */
interface Root {
  vars?: string[];
  value?: unknown;
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

async function textOf(db: Queries, root: Root, serialize: (value: unknown) => string): Promise<string> {
  if (typeof root.whole === 'string') return root.whole;
  return lower(serialize(await decode(db, root.value)), root.vars ?? []);
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
  let root: Root = {
    ...(vars.length > 0 && { vars: [...vars] }),
    value: await encode(db, JSON.parse(lifted), written),
  };
  // A document that does not come back byte for byte (a token already in its text) is stored whole.
  if (sha256(await textOf(db, root, serialize)) !== hash || lower(lifted, vars) !== text) {
    written.length = 0;
    root = { whole: text };
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
  const serialize = SERIALIZERS[kind];
  const rows = await db.all('SELECT root FROM documents WHERE sha256 = ?', [hash]);
  if (rows.length === 0) throw new StoreIntegrityError(`stored document ${hash} is missing`);
  const root = JSON.parse(await getBlob(db, String(rows[0]!.root))) as Root;
  const text = await textOf(db, root, serialize);
  if (sha256(text) !== hash) throw new StoreIntegrityError(`stored document ${hash} was changed`);
  return text;
}
