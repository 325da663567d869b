// `assay collect ad`, generated from the ad collector's definition, in a small program whose `ad`
// collector reads recorded entries or a local fake server: password sources, refusals, exit codes,
// and that the password never reaches output or the snapshot.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCollectCommands } from '../../src/cli/collect-commands.ts';
import { defineAdCollector } from '../../src/collectors/ad/collector.ts';
import type { AdCollectOptions } from '../../src/collectors/ad/index.ts';
import { collectAd, collectFromDirectory } from '../../src/collectors/ad/index.ts';
import { readSecret } from '../../src/collectors/context.ts';
import { parseSnapshot } from '../../src/model/snapshot.ts';
import { validateSnapshot } from '../../src/model/validate.ts';
import { FakeDirectory, loadRecording } from '../collectors/ad/fake-directory.ts';
import {
  closedPort,
  makeTestPki,
  type RunningServer,
  startRejectingLdaps,
  type TestPki,
} from '../collectors/ad/fake-ldaps.ts';

const PASSWORD = 'Correct-Horse-Battery-Staple-42';
const BIND_DN = 'CN=assay-reader,CN=Users,DC=corp,DC=example,DC=com';

let dir: string;
let passwordFile: string;
let pki: TestPki;
let server: RunningServer;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'assay-ad-cli-'));
  passwordFile = path.join(dir, 'password');
  writeFileSync(passwordFile, `${PASSWORD}\n`);
  pki = makeTestPki();
  server = await startRejectingLdaps(pki.good);
});

afterAll(async () => {
  await server?.close();
  pki?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

async function run(
  args: string[],
  collect?: (o: AdCollectOptions) => Promise<never> | ReturnType<typeof collectFromDirectory>,
) {
  let stdout = '';
  let stderr = '';
  let code = 0;
  const io = { stdout: (s: string) => (stdout += s), stderr: (s: string) => (stderr += s), isTty: false };
  const program = new Command('assay').exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  const collectCommand = program.command('collect');
  collectCommand.exitOverride();
  registerCollectCommands(collectCommand, [defineAdCollector(collect ?? collectAd)], io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync(['collect', 'ad', ...args], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    code = 2;
  }
  return { code, stdout, stderr };
}

describe('assay collect ad', () => {
  it('exits 2 on a wrong password, naming the bind DN, without the password anywhere', async () => {
    const output = path.join(dir, 'wrong.json');
    const result = await run([
      '--url',
      `ldaps://127.0.0.1:${server.port}`,
      '--password-file',
      passwordFile,
      '--bind-dn',
      BIND_DN,
      '--ca-file',
      pki.caFile,
      '--output',
      output,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`error: bind as ${BIND_DN} failed: invalid credentials\n`);
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
    expect(existsSync(output)).toBe(false);
  });

  it('reads the password from an environment variable', async () => {
    process.env.ASSAY_TEST_AD_PASSWORD = PASSWORD;
    try {
      const output = path.join(dir, 'env.json');
      const result = await run([
        '--url',
        `ldaps://127.0.0.1:${server.port}`,
        '--password-env',
        'ASSAY_TEST_AD_PASSWORD',
        '--bind-dn',
        BIND_DN,
        '--ca-file',
        pki.caFile,
        '--output',
        output,
      ]);
      expect(result.stderr).toContain('invalid credentials');
      expect(result.stderr).not.toContain(PASSWORD);
    } finally {
      delete process.env.ASSAY_TEST_AD_PASSWORD;
    }
  });

  it('refuses --password without echoing its value', async () => {
    const result = await run([
      '--url',
      'ldaps://127.0.0.1:1',
      '--password',
      PASSWORD,
      '--bind-dn',
      BIND_DN,
      '--output',
      path.join(dir, 'x.json'),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--password is not accepted');
    expect(result.stderr).toContain('--password-file');
    expect(result.stderr).not.toContain(PASSWORD);
  });

  it('needs a password source, and only one', async () => {
    const base = ['--url', 'ldaps://127.0.0.1:1', '--bind-dn', BIND_DN, '--output', path.join(dir, 'x.json')];
    expect((await run(base)).stderr).toContain('give --password-file FILE or --password-env VAR');
    const both = await run([...base, '--password-file', passwordFile, '--password-env', 'HOME']);
    expect(both.stderr).toContain('not both');
    const unset = await run([...base, '--password-env', 'ASSAY_TEST_SURELY_UNSET']);
    expect(unset).toMatchObject({ code: 2 });
    expect(unset.stderr).toContain('ASSAY_TEST_SURELY_UNSET is not set or empty');
  });

  it('exits 2 naming host and port when the server is unreachable', async () => {
    const port = await closedPort();
    const result = await run([
      '--url',
      `ldaps://127.0.0.1:${port}`,
      '--password-file',
      passwordFile,
      '--bind-dn',
      BIND_DN,
      '--ca-file',
      pki.caFile,
      '--output',
      path.join(dir, 'x.json'),
    ]);
    expect(result).toMatchObject({ code: 2, stderr: `error: cannot reach 127.0.0.1:${port}: ECONNREFUSED\n` });
  });

  it('warns loudly when verification is turned off', async () => {
    const result = await run([
      '--url',
      `ldaps://127.0.0.1:${server.port}`,
      '--password-file',
      passwordFile,
      '--bind-dn',
      BIND_DN,
      '--insecure-skip-verify',
      '--output',
      path.join(dir, 'x.json'),
    ]);
    expect(result.stderr).toMatch(
      /^WARNING: --insecure-skip-verify: the domain controller's certificate is NOT verified/,
    );
    expect(result.stderr).toContain('invalid credentials');
  });

  it('rejects a page size above what AD serves', async () => {
    const result = await run([
      '--url',
      'ldaps://x',
      '--password-file',
      passwordFile,
      '--bind-dn',
      BIND_DN,
      '--page-size',
      '5000',
      '--output',
      'x.json',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('from 1 to 1000');
  });

  it('writes a valid snapshot, prints counts and gaps, and exits 2 when something was not read', async () => {
    const recording = loadRecording('corp.json');
    const output = path.join(dir, 'corp', 'snapshot.json');
    let received: AdCollectOptions | undefined;
    const result = await run(
      [
        '--url',
        'ldaps://dc01.corp.example.com',
        '--password-file',
        passwordFile,
        '--bind-dn',
        BIND_DN,
        '--ca-file',
        pki.caFile,
        '--page-size',
        '250',
        '--output',
        output,
      ],
      (options) => {
        received = options;
        return collectFromDirectory(new FakeDirectory(recording), { ...options, now: () => new Date(recording.now) });
      },
    );
    expect(received).toMatchObject({
      password: PASSWORD,
      pageSize: 250,
      caFile: pki.caFile,
      insecureSkipVerify: false,
    });
    const text = readFileSync(output, 'utf8');
    expect(text).not.toContain(PASSWORD);
    const snapshot = parseSnapshot(text, output);
    expect(validateSnapshot(snapshot)).toEqual([]);
    expect(snapshot.sources[0]!.collector).toBe('ad');
    expect(result.stderr).toContain(
      `wrote ${output}: 28 resources from corp.example.com via ldaps://dc01.corp.example.com (12 users, 3 computers, 11 groups, 2 password policies)`,
    );
    expect(result.stderr).toContain('gap: ldaps://dc01.corp.example.com: permission-denied (read userAccountControl)');
    expect(result.code).toBe(2);
  });

  it('exits 0 when everything was read', async () => {
    const recording = loadRecording('corp.json');
    recording.users = recording.users.filter(
      (u) => !/hidden_hank|weird_ivan|never_frank|carol/.test(String(u.sAMAccountName)),
    );
    const output = path.join(dir, 'clean.json');
    const result = await run(
      [
        '--url',
        'ldaps://dc01.corp.example.com',
        '--password-file',
        passwordFile,
        '--bind-dn',
        BIND_DN,
        '--output',
        output,
      ],
      (options) => collectFromDirectory(new FakeDirectory(recording), options),
    );
    // The foreign member of Administrators is an unresolved reference: reported, not a failure.
    expect(result.stderr).toContain('unresolved-reference');
    expect(result.code).toBe(0);
  });
});

const readPassword = (given: { passwordFile?: string }) =>
  readSecret('password', 'the bind password', { file: given.passwordFile });

describe('readSecret (the bind password)', () => {
  it('drops only the final line break of a password file', () => {
    const file = path.join(dir, 'spaces');
    writeFileSync(file, ' pass word \r\n');
    expect(readPassword({ passwordFile: file })).toBe(' pass word ');
  });
  it('reads the first line only, as --help says', () => {
    const file = path.join(dir, 'two-lines');
    writeFileSync(file, 's3cret\r\n# rotated 2026-01\n');
    expect(readPassword({ passwordFile: file })).toBe('s3cret');
  });
  it('refuses an empty or missing file without showing its content', () => {
    const empty = path.join(dir, 'empty');
    writeFileSync(empty, '\n');
    expect(() => readPassword({ passwordFile: empty })).toThrow(/is empty/);
    expect(() => readPassword({ passwordFile: path.join(dir, 'nope') })).toThrow(/ENOENT/);
  });
});
