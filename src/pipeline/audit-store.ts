// The run store as the faces reach it (the CLI talks to stages through the pipeline): open one
// for an audit, or check one's ledger for `assay verify --store`.
import { existsSync } from 'node:fs';
import { displayLocation, isPostgresUrl, type LedgerCheck, openRunStore, type RunStore } from '../store/index.ts';

export { displayLocation, type LedgerCheck, openRunStore, type RunStore };

export class StoreNotFoundError extends Error {
  override name = 'StoreNotFoundError';
}

/** Opens an existing store (a missing SQLite file is an error, not a new empty store) and checks its ledger. */
export async function verifyStore(location: string): Promise<LedgerCheck> {
  if (!isPostgresUrl(location) && !existsSync(location)) {
    throw new StoreNotFoundError(`${location}: no run store there (a SQLite file or a postgres:// URL)`);
  }
  const store = await openRunStore(location);
  try {
    return await store.verify();
  } finally {
    await store.close();
  }
}
