// The two databases a run store can live in, behind one small async interface: SQLite (a file,
// better-sqlite3) and PostgreSQL (pg). SQL is written once with `?` placeholders; the PostgreSQL
// side numbers them. Every write that extends the ledger runs inside `serialized`, which holds a
// lock that the store's other writers (other processes, other machines) wait for.
import Database from 'better-sqlite3';
import pg from 'pg';

export type Row = Record<string, unknown>;

export interface Queries {
  all(sql: string, params?: unknown[]): Promise<Row[]>;
  run(sql: string, params?: unknown[]): Promise<void>;
}

export interface Db extends Queries {
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs `work` in a transaction that no other writer of the store runs alongside. */
  serialized<T>(work: (tx: Queries) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function openSqlite(file: string): Db {
  const db = new Database(file);
  // WAL lets readers go on while one process writes; the timeout makes concurrent writers wait.
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 60000');
  // Each statement is compiled once: a run stores hundreds of parts with the same few statements.
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const queries: Queries = {
    all: async (sql, params = []) => prepared(sql).all(...params) as Row[],
    run: async (sql, params = []) => {
      prepared(sql).run(...params);
    },
  };
  let tail: Promise<unknown> = Promise.resolve();
  return {
    dialect: 'sqlite',
    ...queries,
    serialized: <T>(work: (tx: Queries) => Promise<T>): Promise<T> => {
      // One connection: transactions of this process wait for each other, then for other processes.
      const next = tail.then(async () => {
        // IMMEDIATE takes the write lock now, so the ledger's last entry cannot change under us.
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await work(queries);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          db.exec('ROLLBACK');
          throw error;
        }
      });
      tail = next.catch(() => undefined);
      return next;
    },
    close: async () => {
      await tail;
      db.close();
    },
  };
}

/** One lock id for assay stores (pg_advisory_xact_lock): "assa". */
const LEDGER_LOCK = 0x61737361;

/** Each statement's PostgreSQL text and a name, so each connection parses and plans it once. */
const namedStatements = new Map<string, { name: string; text: string }>();

function named(sql: string): { name: string; text: string } {
  let statement = namedStatements.get(sql);
  if (!statement) {
    let n = 0;
    statement = { name: `assay_${namedStatements.size + 1}`, text: sql.replace(/\?/g, () => `$${++n}`) };
    namedStatements.set(sql, statement);
  }
  return statement;
}

function queriesOf(client: pg.Pool | pg.PoolClient): Queries {
  // DDL cannot be a prepared statement; everything else is.
  const query = (sql: string, values: unknown[]) =>
    /^\s*(CREATE|ALTER|DROP)\b/i.test(sql)
      ? client.query(named(sql).text, values)
      : client.query({ ...named(sql), values });
  return {
    all: async (sql, params = []) => (await query(sql, params)).rows as Row[],
    run: async (sql, params = []) => {
      await query(sql, params);
    },
  };
}

export async function openPostgres(url: string): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // An idle connection that drops is reported by the next query; unhandled, the pool's 'error'
  // event would end the process.
  pool.on('error', () => undefined);
  // Connect now, so a wrong URL or a server that is down is reported at open.
  const first = await pool.connect();
  first.release();
  return {
    dialect: 'postgres',
    ...queriesOf(pool),
    serialized: async (work) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock($1)', [LEDGER_LOCK]);
        const result = await work(queriesOf(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
