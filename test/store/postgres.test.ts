// The run store on PostgreSQL: the same contract as on SQLite, against a real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRunStore } from '../../src/store/index.ts';
import { PostgresServer, pgTestsEnabled } from './postgres-server.ts';
import { type RealRun, realRun } from './real-run.ts';
import { storeContract } from './store-contract.ts';

const enabled = pgTestsEnabled();
const server = new PostgresServer();
let day1: RealRun;
let day2: RealRun;
const urls: string[] = [];

describe.runIf(enabled)('PostgreSQL run store', () => {
  beforeAll(async () => {
    await server.start();
    for (let i = 0; i < 9; i++) urls.push(await server.database());
    day1 = await realRun(new Date('2026-03-01T02:00:00Z'));
    day2 = await realRun(new Date('2026-03-02T02:00:00Z'));
  });
  afterAll(() => server.stop());

  storeContract(
    () => ({ location: urls.shift()!, day1, day2 }),
    (location, statement) => server.sql(location, statement),
  );

  it('names the server it cannot reach, without the password', async () => {
    await expect(openRunStore('postgres://assay:hunter2@127.0.0.1:1/none')).rejects.toThrow(
      /^cannot open the run store postgres:\/\/assay:\*\*\*@127\.0\.0\.1:1\/none: .*ECONNREFUSED/,
    );
  });
});
