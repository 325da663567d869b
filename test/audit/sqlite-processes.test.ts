// Killed audits and concurrent shards against a SQLite store in a temporary file.
import { afterAll, beforeAll, describe } from 'vitest';
import { AuditFolder } from './audit-harness.ts';
import { killAndShardTests } from './kill-and-shards.ts';

let folder: AuditFolder;
let n = 0;

describe('audit processes on SQLite', () => {
  beforeAll(() => {
    folder = new AuditFolder(['terraform', 'kubernetes', 'cloudformation', 'arm']);
  });
  afterAll(() => folder.remove());
  killAndShardTests(
    () => folder,
    async () => folder.path(`store-${++n}.db`),
  );
});
