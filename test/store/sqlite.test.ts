// The run store on SQLite, in a temporary file, with real runs of the bundled examples.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRunStore } from '../../src/store/index.ts';
import { type RealRun, realRun } from './real-run.ts';
import { storeContract } from './store-contract.ts';

let dir: string;
let day1: RealRun;
let day2: RealRun;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'assay-store-'));
  day1 = await realRun(new Date('2026-03-01T02:00:00Z'));
  day2 = await realRun(new Date('2026-03-02T02:00:00Z'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
const fresh = () => path.join(dir, `store-${++n}.db`);

describe('SQLite run store', () => {
  storeContract(
    () => ({ location: fresh(), day1, day2 }),
    (location, sql) => {
      const db = new Database(location);
      try {
        db.exec(sql);
      } finally {
        db.close();
      }
    },
  );

  it('says which folder is missing when the file cannot be created', async () => {
    await expect(openRunStore(path.join(dir, 'no-such-folder', 'h.db'))).rejects.toThrow(
      /cannot open the run store .*no-such-folder/,
    );
  });

  it('refuses a store written by a newer assay', async () => {
    const location = fresh();
    (await openRunStore(location)).close();
    const db = new Database(location);
    db.exec('UPDATE schema_version SET version = 99');
    db.close();
    await expect(openRunStore(location)).rejects.toThrow(/schema version 99, newer than this assay knows/);
  });
});
