// Killed audits and concurrent shards against one real PostgreSQL server (test/store/postgres-server.ts).
import { afterAll, beforeAll, describe } from 'vitest';
import { PostgresServer, pgTestsEnabled } from '../store/postgres-server.ts';
import { AuditFolder } from './audit-harness.ts';
import { killAndShardTests } from './kill-and-shards.ts';

const enabled = pgTestsEnabled();
const server = new PostgresServer();
let folder: AuditFolder;

describe.runIf(enabled)('audit processes on PostgreSQL', () => {
  beforeAll(async () => {
    await server.start();
    folder = new AuditFolder(['terraform', 'kubernetes', 'cloudformation', 'arm']);
  });
  afterAll(() => {
    server.stop();
    folder?.remove();
  });
  killAndShardTests(
    () => folder,
    () => server.database(),
  );
});
