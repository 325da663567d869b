// The run store's entry point: `openRunStore(location)` opens (and creates or migrates) a SQLite
// file or, for a postgres:// URL, a PostgreSQL database.
import path from 'node:path';
import type { Db } from './database.ts';
import { type RunStore, SqlRunStore } from './run-store.ts';
import { migrate } from './schema.ts';

export {
  AmbiguousRunError,
  type NewRun,
  type PruneRequest,
  type PruneResult,
  type RunOutcome,
  type RunStore,
  type SnapshotText,
  StoreIntegrityError,
} from './run-store.ts';
export { StoreVersionError } from './schema.ts';
export type { LedgerCheck } from './verify.ts';

/** Whether a store location names a PostgreSQL database rather than a SQLite file. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** The location as it may be printed: a URL's password left out. */
export function displayLocation(location: string): string {
  if (!isPostgresUrl(location)) return location;
  try {
    const url = new URL(location);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}

export class StoreOpenError extends Error {
  override name = 'StoreOpenError';
}

/** Opens the store at a SQLite file path or a postgres:// URL, creating its tables when they are missing. */
export async function openRunStore(location: string): Promise<RunStore> {
  const shown = displayLocation(location);
  let db: Db;
  try {
    // The database drivers (pg, better-sqlite3) are loaded here, when a store is opened: every
    // command's start would load them otherwise (about 50 ms of CPU), scans included.
    const { openPostgres, openSqlite } = await import('./database.ts');
    db = isPostgresUrl(location) ? await openPostgres(location) : openSqlite(path.resolve(location));
  } catch (error) {
    throw new StoreOpenError(`cannot open the run store ${shown}: ${(error as Error).message}`);
  }
  try {
    await migrate(db, shown);
  } catch (error) {
    await db.close();
    throw error;
  }
  return new SqlRunStore(db, shown);
}
