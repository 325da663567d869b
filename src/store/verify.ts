// `assay verify --store`: walks the ledger and says what does not add up. Every entry must link
// to the one before it and hash to what it records; a pruned run must be listed, with its hash, by
// the prune entry that removed it; the head must be the last entry; every document a run refers
// to must read back to the hash the run records. The ledger is read a page at a time and each
// document is hashed as its chunks are read, so a year of large runs is checked in bounded memory.
import type { Db, Row } from './database.ts';
import { checkDocument, type DocumentKind, StoreIntegrityError } from './documents.ts';
import { canonicalEntry, chainHash, GENESIS_HASH, type LedgerEntry, type PruneEntry } from './ledger.ts';

export interface LedgerCheck {
  ok: boolean;
  location: string;
  /** Ledger entries read (runs, prune records, pruned runs). */
  entries: number;
  runs: number;
  pruned: number;
  documents: number;
  head?: { seq: number; hash: string };
  /** One sentence per problem, each naming the entry (seq) or document it is about. */
  problems: string[];
}

/** Ledger rows read per query. */
const PAGE = 500;
const COLUMNS = 'seq, kind, run_id, entry, previous_hash, hash, pruned_by';

/** The ledger's rows in order, a page at a time. */
async function* ledgerRows(db: Db): AsyncGenerator<Row> {
  let after = 0;
  for (;;) {
    const rows = await db.all(`SELECT ${COLUMNS} FROM ledger WHERE seq > ? ORDER BY seq LIMIT ${PAGE}`, [after]);
    yield* rows;
    if (rows.length < PAGE) return;
    after = Number(rows.at(-1)!.seq);
  }
}

/** The prune entries (few: one per prune), by seq; an unreadable one is reported with its entry. */
async function pruneEntries(db: Db): Promise<Map<number, PruneEntry>> {
  const prunes = new Map<number, PruneEntry>();
  for (const row of await db.all(`SELECT seq, entry FROM ledger WHERE kind = 'prune' AND entry IS NOT NULL`)) {
    try {
      prunes.set(Number(row.seq), JSON.parse(String(row.entry)) as PruneEntry);
    } catch {
      // reported when the walk reaches it
    }
  }
  return prunes;
}

export async function verifyLedger(db: Db, location: string): Promise<LedgerCheck> {
  const problems: string[] = [];
  const prunes = await pruneEntries(db);
  /** Entry seq -> the prune entry that lists it. */
  const listedBy = new Map<number, number>();
  for (const [seq, entry] of prunes) for (const p of entry.pruned) listedBy.set(p.seq, seq);
  const documents = new Map<string, { what: string; kind: DocumentKind }>();
  let previous = { seq: 0, hash: GENESIS_HASH };
  let entries = 0;
  let runs = 0;
  let pruned = 0;
  for await (const row of ledgerRows(db)) {
    entries++;
    const seq = Number(row.seq);
    const at = `entry ${seq}`;
    if (seq !== previous.seq + 1) {
      problems.push(
        `entries ${previous.seq + 1}..${seq - 1} are missing: the ledger jumps from ${previous.seq} to ${seq}`,
      );
    }
    if (row.previous_hash !== previous.hash) {
      problems.push(`${at} does not follow entry ${previous.seq}: its previous hash is not that entry's hash`);
    }
    if (row.entry === null) {
      pruned++;
      const by = prunes.get(Number(row.pruned_by));
      const listed = by?.pruned.find((p) => p.seq === seq);
      if (!listed) problems.push(`${at} has no content and no prune entry records its removal`);
      else if (listed.hash !== row.hash || listed.id !== row.run_id)
        problems.push(`${at} was pruned, but its hash or id differs from what prune entry ${row.pruned_by} recorded`);
    } else {
      if (listedBy.has(seq))
        problems.push(`prune entry ${listedBy.get(seq)} lists entry ${seq}, which still has its content`);
      const text = String(row.entry);
      let entry: LedgerEntry | undefined;
      try {
        entry = JSON.parse(text) as LedgerEntry;
      } catch {
        problems.push(`${at} is not valid JSON`);
      }
      if (entry && chainHash(String(row.previous_hash), text) !== row.hash)
        problems.push(`${at} was changed: its content does not hash to the hash it records`);
      if (entry && canonicalEntry(entry) !== text) problems.push(`${at} is not in canonical form`);
      if (entry && entry.kind !== row.kind)
        problems.push(`${at}: its kind column says ${row.kind}, its content ${entry.kind}`);
      if (entry?.kind === 'run') {
        runs++;
        if (row.run_id !== entry.id) problems.push(`${at}: its run id column differs from its content`);
        if (entry.resultsSha256)
          documents.set(entry.resultsSha256, { what: `${at} (run ${entry.id}) results`, kind: 'results' });
        for (const s of entry.snapshots)
          documents.set(s.sha256, { what: `${at} (run ${entry.id}) snapshot ${s.name}`, kind: 'snapshot' });
      }
    }
    previous = { seq, hash: String(row.hash) };
  }
  const headRows = await db.all('SELECT seq, hash FROM ledger_head WHERE id = 1');
  const head = headRows[0] ? { seq: Number(headRows[0].seq), hash: String(headRows[0].hash) } : undefined;
  if (entries > 0 && !head) problems.push('the ledger head record is missing');
  if (head && (head.seq !== previous.seq || head.hash !== previous.hash)) {
    problems.push(
      `the ledger ends at entry ${previous.seq}, but its head records entry ${head.seq}: entries at the end were removed or replaced`,
    );
  }
  // In ledger order, each kind remembering the chunks of its last document: consecutive runs
  // share most chunks, so each is decompressed and checked about once.
  const known: Record<DocumentKind, Map<string, string>> = { snapshot: new Map(), results: new Map() };
  for (const [hash, { what, kind }] of documents) {
    try {
      await checkDocument(db, hash, kind, known[kind]);
    } catch (error) {
      if (!(error instanceof StoreIntegrityError)) throw error;
      problems.push(`${what}: ${error.message}`);
    }
  }
  return {
    ok: problems.length === 0,
    location,
    entries,
    runs,
    pruned,
    documents: documents.size,
    ...(head && { head }),
    problems,
  };
}
