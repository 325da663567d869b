// The store's tables, the same in SQLite and PostgreSQL (only the binary type differs), and the
// migrations that create them. `schema_version` records the last migration applied; a store
// written by a newer assay is refused rather than misread.
import type { Db } from './database.ts';

/** Each migration's statements, in order; `BYTES` is the binary column type of the dialect. */
const MIGRATIONS: readonly string[][] = [
  [
    'CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)',
    // Compressed content, keyed by the SHA-256 of its uncompressed bytes: stored once, however many runs use it.
    'CREATE TABLE blobs (sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, data BYTES NOT NULL)',
    // A snapshot or results document: its exact text is its parts reassembled (see documents.ts).
    'CREATE TABLE documents (sha256 TEXT PRIMARY KEY, kind TEXT NOT NULL, root TEXT NOT NULL, parts TEXT NOT NULL)',
    // The append-only ledger. `entry` is the canonical JSON the hash covers; a pruned run keeps its
    // row, hashes and seq with entry NULL and `pruned_by` naming the prune entry that removed it.
    `CREATE TABLE ledger (
      seq INTEGER PRIMARY KEY,
      kind TEXT NOT NULL,
      run_id TEXT UNIQUE,
      started_at TEXT,
      entry TEXT,
      previous_hash TEXT NOT NULL,
      hash TEXT NOT NULL,
      pruned_by INTEGER
    )`,
    // The last entry as written: deleting entries from the end of the ledger leaves it pointing past them.
    'CREATE TABLE ledger_head (id INTEGER PRIMARY KEY, seq INTEGER NOT NULL, hash TEXT NOT NULL)',
    // Runs that started and have not finished: not in the ledger until they end.
    `CREATE TABLE open_runs (
      id TEXT PRIMARY KEY,
      started_at TEXT NOT NULL,
      lane TEXT NOT NULL,
      host TEXT NOT NULL,
      pid INTEGER NOT NULL,
      entry TEXT NOT NULL
    )`,
  ],
  [
    // Per results document, the few facts per control a period report reads (src/model/period.ts),
    // derived from the results when they are stored, so a year of runs reads in seconds.
    'CREATE TABLE digests (results_sha256 TEXT PRIMARY KEY, digest TEXT NOT NULL)',
  ],
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export class StoreVersionError extends Error {
  override name = 'StoreVersionError';
}

/** Brings the store's tables to SCHEMA_VERSION, one migration per transaction. */
export async function migrate(db: Db, location: string): Promise<void> {
  const bytes = db.dialect === 'sqlite' ? 'BLOB' : 'BYTEA';
  await db.serialized(async (tx) => {
    await tx.run('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const rows = await tx.all('SELECT version FROM schema_version');
    const current = rows.length === 0 ? 0 : Number(rows[0]!.version);
    if (current > SCHEMA_VERSION) {
      throw new StoreVersionError(
        `${location}: the store has schema version ${current}, newer than this assay knows (${SCHEMA_VERSION}): upgrade assay`,
      );
    }
    for (let version = current; version < SCHEMA_VERSION; version++) {
      for (const statement of MIGRATIONS[version]!) await tx.run(statement.replace('BYTES', bytes));
    }
    if (rows.length === 0) await tx.run('INSERT INTO schema_version (version) VALUES (?)', [SCHEMA_VERSION]);
    else if (current < SCHEMA_VERSION) await tx.run('UPDATE schema_version SET version = ?', [SCHEMA_VERSION]);
  });
}
