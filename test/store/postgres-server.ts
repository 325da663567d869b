// A PostgreSQL server for the tests, from Debian's packages: initdb in a temporary folder, started
// on a loopback port as an unprivileged user (postgres refuses to run as root: as root the server
// runs as `nobody` through runuser), stopped and removed afterwards. Missing PostgreSQL skips the
// tests with a printed warning, unless ASSAY_PG_TESTS=require (set in .ci/run).
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const DEBIAN_ROOT = '/usr/lib/postgresql';

function binDir(): string | undefined {
  if (!existsSync(DEBIAN_ROOT)) return undefined;
  const versions = readdirSync(DEBIAN_ROOT)
    .filter((v) => existsSync(path.join(DEBIAN_ROOT, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : path.join(DEBIAN_ROOT, versions[0], 'bin');
}

/** Skips (with a warning) unless ASSAY_PG_TESTS=require, which turns a missing server into a failure. */
export function pgTestsEnabled(): boolean {
  if (binDir() !== undefined) return true;
  const why = `no PostgreSQL under ${DEBIAN_ROOT} (apt-get install postgresql)`;
  if (process.env.ASSAY_PG_TESTS === 'require') throw new Error(`ASSAY_PG_TESTS=require but ${why}`);
  console.warn(`WARNING: skipping the PostgreSQL tests: ${why} (set ASSAY_PG_TESTS=require to make this an error)`);
  return false;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export class PostgresServer {
  private dir = '';
  private port = 0;
  private bin = '';
  private databases = 0;

  /** Runs a PostgreSQL program as the server's (unprivileged) user. */
  private as(program: string, args: string[]): void {
    const command = path.join(this.bin, program);
    if (process.getuid?.() === 0)
      execFileSync('runuser', ['-u', 'nobody', '--', command, ...args], { stdio: 'pipe', cwd: '/' });
    else execFileSync(command, args, { stdio: 'pipe' });
  }

  async start(): Promise<this> {
    this.bin = binDir()!;
    this.dir = mkdtempSync(path.join(os.tmpdir(), 'assay-pg-'));
    if (process.getuid?.() === 0) chownSync(this.dir, 65534, 65534);
    this.port = await freePort();
    const data = path.join(this.dir, 'data');
    this.as('initdb', ['-D', data, '-U', 'assay', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    const options = `-h 127.0.0.1 -p ${this.port} -k ${this.dir} -c fsync=off -c max_connections=60`;
    this.as('pg_ctl', ['-D', data, '-l', path.join(this.dir, 'server.log'), '-o', options, '-w', 'start']);
    return this;
  }

  /** A new, empty database on the server; its URL. */
  async database(): Promise<string> {
    const name = `assay_${++this.databases}`;
    const client = new pg.Client({ connectionString: this.url('postgres') });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${name}`);
    } finally {
      await client.end();
    }
    return this.url(name);
  }

  url(database: string): string {
    return `postgres://assay@127.0.0.1:${this.port}/${database}`;
  }

  /** Runs SQL on a database as its owner (to tamper with a store, as someone with write access would). */
  async sql(url: string, statement: string): Promise<void> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  }

  stop(): void {
    if (!this.dir) return;
    try {
      this.as('pg_ctl', ['-D', path.join(this.dir, 'data'), '-m', 'fast', '-w', 'stop']);
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
      this.dir = '';
    }
  }
}
