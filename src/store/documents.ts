// Snapshots and results as stored: each document's exact text is cut into content-defined
// chunks (a boundary falls where the text around it says so, not at a fixed offset, so a change
// in one place leaves the other chunks as they were), each chunk compressed and stored once by its
// SHA-256. A day on which little changed costs the few chunks around the changes and the list of
// chunks. The text is never parsed: storing and reading a 10,000-resource document is hashing,
// cutting and compressing. Documents written by earlier versions (split along their JSON
// structure) are still read.
import { createHash } from 'node:crypto';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import type { Snapshot } from '../model/resource.ts';
import { serializeSnapshot, sha256 } from '../model/snapshot.ts';
import { chunkText } from './chunks.ts';
import type { Queries } from './database.ts';

export type DocumentKind = 'snapshot' | 'results';

/** How each kind of document is written as text: a snapshot as its file is, results compactly. */
const SERIALIZERS: Record<DocumentKind, (value: unknown) => string> = {
  snapshot: (value) => serializeSnapshot(value as Snapshot),
  results: (value) => JSON.stringify(value),
};

/** How many hashes one query looks up: well under SQLite's and PostgreSQL's parameter limits. */
const LOOKUP_BATCH = 200;

function compress(bytes: Buffer): Buffer {
  return brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  });
}

/** `IN (?, ?, ...)` for a batch, padded to the full batch size so the statement is always the same. */
function batches(hashes: readonly string[]): { sql: string; params: string[] }[] {
  const list = [...new Set(hashes)];
  const out: { sql: string; params: string[] }[] = [];
  const size = Math.min(LOOKUP_BATCH, list.length);
  const marks = Array.from({ length: size }, () => '?').join(', ');
  for (let i = 0; i < list.length; i += size) {
    const params = list.slice(i, i + size);
    while (params.length < size) params.push(params[0]!);
    out.push({ sql: `IN (${marks})`, params });
  }
  return out;
}

/** Stores the parts (text by SHA-256) the store does not hold yet, compressing only those. */
async function putBlobs(db: Queries, parts: ReadonlyMap<string, string>): Promise<void> {
  const missing = new Set(parts.keys());
  for (const batch of batches([...parts.keys()])) {
    for (const row of await db.all(`SELECT sha256 FROM blobs WHERE sha256 ${batch.sql}`, batch.params))
      missing.delete(String(row.sha256));
  }
  for (const hash of missing) {
    const bytes = Buffer.from(parts.get(hash)!, 'utf8');
    await db.run('INSERT INTO blobs (sha256, size, data) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING', [
      hash,
      bytes.length,
      compress(bytes),
    ]);
  }
}

export class StoreIntegrityError extends Error {
  override name = 'StoreIntegrityError';
}

function checkedText(hash: string, data: unknown): string {
  const text = brotliDecompressSync(data as Buffer).toString('utf8');
  if (sha256(text) !== hash) throw new StoreIntegrityError(`stored part ${hash} was changed`);
  return text;
}

async function getBlob(db: Queries, hash: string): Promise<string> {
  const rows = await db.all('SELECT data FROM blobs WHERE sha256 = ?', [hash]);
  if (rows.length === 0) throw new StoreIntegrityError(`stored part ${hash} is missing`);
  return checkedText(hash, rows[0]!.data);
}

/**
 * The parts' texts, each checked against its hash as it is read. `known` holds texts already read
 * and checked (a document shares most of its chunks with the one stored before it).
 */
async function getBlobs(
  db: Queries,
  hashes: readonly string[],
  known: ReadonlyMap<string, string> = new Map(),
): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  const wanted: string[] = [];
  for (const hash of hashes) {
    const text = known.get(hash);
    if (text === undefined) wanted.push(hash);
    else texts.set(hash, text);
  }
  for (const batch of batches(wanted)) {
    for (const row of await db.all(`SELECT sha256, data FROM blobs WHERE sha256 ${batch.sql}`, batch.params)) {
      const hash = String(row.sha256);
      texts.set(hash, checkedText(hash, row.data));
    }
  }
  for (const hash of hashes) {
    if (!texts.has(hash)) throw new StoreIntegrityError(`stored part ${hash} is missing`);
  }
  return texts;
}

const REFERENCE = /\{"\$blob":"([0-9a-f]{64})"\}|\{"\$chunks":\[((?:"[0-9a-f]{64}",?)+)\]\}/g;

/** A document stored by an earlier version: compact text with references to parts, replaced recursively. */
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
 * The root part. `chunks`: the hashes of the chunks whose concatenation is the text, with the
 * strings that change every run without saying anything new (the snapshots' hashes, cited all
 * through the results) lifted out into `vars`, so the chunks that cite them stay the same from
 * day to day. `text` (a compact text with references) and `whole` are earlier versions' forms.
 */
interface Root {
  vars?: string[];
  chunks?: string[];
  text?: string;
  whole?: string;
}

/** Marks a lifted variable; a text that already holds one is stored without lifting. */
const MARK = '\u00ab';
const token = (i: number) => `${MARK}${i}\u00bb`;

/** One pass over the text: each variable (longest first wins) becomes its token. */
function lift(text: string, vars: readonly string[]): string {
  const index = new Map(vars.map((v, i) => [v, i]));
  const pattern = new RegExp(vars.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  return text.replace(pattern, (v) => token(index.get(v)!));
}

/** One pass over the text: each token becomes its variable again. */
function lower(text: string, vars: readonly string[]): string {
  if (vars.length === 0) return text;
  return text.replace(/\u00ab(\d+)\u00bb/g, (_, i: string) => vars[Number(i)] ?? `${MARK}${i}\u00bb`);
}

/** Reads a root part; StoreIntegrityError when it is not one. */
function parseRoot(text: string, hash: string): Root {
  try {
    return JSON.parse(text) as Root;
  } catch {
    throw new StoreIntegrityError(`stored document root ${hash} is not valid JSON`);
  }
}

async function textOf(db: Queries, root: Root, kind: DocumentKind, known?: Map<string, string>): Promise<string> {
  if (typeof root.whole === 'string') return root.whole;
  if (root.chunks) {
    const texts = await getBlobs(db, root.chunks, known);
    if (known) {
      known.clear();
      for (const [hash, text] of texts) known.set(hash, text);
    }
    return lower(root.chunks.map((hash) => texts.get(hash)!).join(''), root.vars ?? []);
  }
  const compact = await expand(db, root.text ?? '');
  // Results are stored compact already; a snapshot is written back in its file's layout.
  const text = kind === 'results' ? compact : SERIALIZERS[kind](JSON.parse(compact));
  return lower(text, root.vars ?? []);
}

/** Stores one text as one part (compressed, once by its SHA-256) and returns its hash. */
export async function putPart(db: Queries, text: string): Promise<string> {
  const hash = sha256(text);
  await putBlobs(db, new Map([[hash, text]]));
  return hash;
}

/** A part's text, checked against its hash. */
export const getPart = getBlob;

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
  const hash = sha256(text);
  if ((await db.all('SELECT 1 AS found FROM documents WHERE sha256 = ?', [hash])).length > 0) return hash;
  const lifting = vars.length > 0 && !text.includes(MARK);
  const parts = new Map<string, string>();
  const chunks = chunkText(lifting ? lift(text, vars) : text).map((chunk) => {
    const chunkHash = sha256(chunk);
    parts.set(chunkHash, chunk);
    return chunkHash;
  });
  const root = JSON.stringify({ ...(lifting && { vars: [...vars] }), chunks });
  const rootHash = sha256(root);
  parts.set(rootHash, root);
  await putBlobs(db, parts);
  // The root lists the chunks; `parts` is left empty rather than listing them a second time.
  await db.run(
    'INSERT INTO documents (sha256, kind, root, parts) VALUES (?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING',
    [hash, kind, rootHash, '[]'],
  );
  return hash;
}

/**
 * The exact text a document was stored from; StoreIntegrityError when any part is missing or
 * changed. `known`: chunks read before (checked), updated with this document's.
 */
export async function getDocument(
  db: Queries,
  hash: string,
  kind: DocumentKind,
  known?: Map<string, string>,
): Promise<string> {
  const rows = await db.all('SELECT root FROM documents WHERE sha256 = ?', [hash]);
  if (rows.length === 0) throw new StoreIntegrityError(`stored document ${hash} is missing`);
  const rootHash = String(rows[0]!.root);
  const root = parseRoot(await getBlob(db, rootHash), rootHash);
  const text = await textOf(db, root, kind, known);
  if (sha256(text) !== hash) throw new StoreIntegrityError(`stored document ${hash} was changed`);
  return text;
}

/**
 * Checks a stored document without building its text: each chunk is checked against its hash as
 * it is read, and the document's SHA-256 is computed over the chunks in turn. `known`: chunks read
 * and checked before (the previous document's), replaced by this document's.
 */
export async function checkDocument(db: Queries, hash: string, kind: DocumentKind, known: Map<string, string>) {
  const rows = await db.all('SELECT root FROM documents WHERE sha256 = ?', [hash]);
  if (rows.length === 0) throw new StoreIntegrityError(`stored document ${hash} is missing`);
  const rootHash = String(rows[0]!.root);
  const root = parseRoot(await getBlob(db, rootHash), rootHash);
  if (!root.chunks) {
    // An earlier version's form: read whole.
    await getDocument(db, hash, kind);
    return;
  }
  const texts = await getBlobs(db, root.chunks, known);
  const vars = root.vars ?? [];
  const digest = createHash('sha256');
  // A token cut between two chunks waits for the rest of it.
  let carry = '';
  for (const chunk of root.chunks) {
    const text = carry + texts.get(chunk)!;
    const open = text.lastIndexOf(MARK);
    const cut = open >= 0 && text.indexOf('\u00bb', open) < 0 ? open : text.length;
    digest.update(lower(text.slice(0, cut), vars));
    carry = text.slice(cut);
  }
  digest.update(lower(carry, vars));
  known.clear();
  for (const [part, text] of texts) known.set(part, text);
  if (digest.digest('hex') !== hash) throw new StoreIntegrityError(`stored document ${hash} was changed`);
}

/** Every part a stored document uses: its root, and the chunks or parts the root names. */
export async function documentParts(db: Queries, doc: { root: string; parts: string }): Promise<string[]> {
  const parts = [doc.root, ...(JSON.parse(doc.parts) as string[])];
  const root = parseRoot(await getBlob(db, doc.root), doc.root);
  return root.chunks ? [...parts, ...root.chunks] : parts;
}
