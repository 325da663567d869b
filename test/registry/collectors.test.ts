// The collector contract end to end: the registry's definitions, option validation (as the CLI and
// an audit config give options), the context's secrets and redaction, the runner turning a throw
// into a failed source and a cancellation into a gap, and `assay collect <id>` generated from it.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCollectCommands } from '../../src/cli/collect-commands.ts';
import { createContext, readSecret } from '../../src/collectors/context.ts';
import {
  type Collector,
  CollectorError,
  type CollectorResult,
  type OptionSchema,
} from '../../src/collectors/contract.ts';
import { COLLECTORS, findCollector } from '../../src/collectors/registry.ts';
import { checkOptions, OptionsError, runCollector } from '../../src/collectors/run.ts';
import { KINDS } from '../../src/model/kinds.ts';

const SECRET = 'tok-Sup3r-Secret-Value';
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'assay-collectors-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NOW = new Date('2026-06-01T12:00:00.000Z');

/** A collector for tests: `behave` decides what its collection does. */
function fakeCollector(
  behave: (options: Record<string, unknown>, context: Parameters<Collector['collect']>[1]) => Promise<CollectorResult>,
): Collector {
  return {
    id: 'fake',
    description: 'a fake source for tests',
    kinds: ['host.os'],
    options: {
      type: 'object',
      properties: {
        targets: { type: 'array', items: { type: 'string' }, description: 'hosts', 'x-positional': true },
        endpoint: { type: 'string', description: 'where to connect', 'x-short': 'e', 'x-value-name': 'url' },
        token: { type: 'string', description: 'the API token', 'x-secret': true },
        retries: { type: 'integer', minimum: 0, maximum: 5, default: 2, description: 'retries per request' },
        verbose: { type: 'boolean', description: 'say more' },
      },
      required: ['targets'],
      additionalProperties: false,
    },
    collect: behave,
    target: (options) => String(options.endpoint ?? 'nowhere'),
  };
}

const result = (gaps: CollectorResult['gaps'] = []): CollectorResult => ({
  source: {
    id: 'fake',
    collector: 'fake',
    target: 'hosts',
    startedAt: NOW.toISOString(),
    finishedAt: NOW.toISOString(),
    status: 'ok',
    itemCount: 1,
  },
  resources: [],
  gaps,
});

describe('the registry', () => {
  it('lists iac, ad, host, aws, firewall and azure, each with a valid, self-describing options definition', () => {
    expect(COLLECTORS.map((c) => c.id)).toEqual(['iac', 'ad', 'host', 'aws', 'firewall', 'azure']);
    expect(findCollector('ad')?.id).toBe('ad');
    expect(findCollector('nope')).toBeUndefined();
    for (const collector of COLLECTORS) {
      expect(collector.kinds.length).toBeGreaterThan(0);
      for (const kind of collector.kinds) expect(KINDS).toContain(kind);
      const names = Object.keys(collector.options.properties);
      for (const name of names) expect(name, `${collector.id} ${name}`).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      for (const name of collector.options.required ?? []) expect(names).toContain(name);
      const positional = Object.values(collector.options.properties).filter((o) => o['x-positional']);
      expect(positional.length).toBeLessThanOrEqual(1);
      // Compiles (strict ajv); one with required options refuses none (host's and aws's options are each optional).
      if (collector.options.required?.length) expect(() => checkOptions(collector, {})).toThrow(OptionsError);
      else expect(checkOptions(collector, {})).toBeTypeOf('object');
    }
  });

  it('validates a source of an audit config by the same definition, with defaults and secrets by reference', () => {
    const iac = findCollector('iac')!;
    expect(checkOptions(iac, { paths: ['infra/'] })).toEqual({ paths: ['infra/'], root: '.' });
    expect(() => checkOptions(iac, { paths: 'infra/' })).toThrow("collector iac: option 'paths' must be array");
    const ad = findCollector('ad')!;
    const source = { url: 'ldaps://dc01', 'bind-dn': 'CN=r', 'password-env': 'AD_PASSWORD' };
    expect(checkOptions(ad, source)).toEqual({ ...source, 'page-size': 500 });
    expect(() => checkOptions(ad, { ...source, password: 'x' })).toThrow("collector ad: unknown option 'password'");
    expect(() => checkOptions(ad, { ...source, 'page-size': 5000 })).toThrow("option 'page-size' must be <= 1000");
    expect(() => checkOptions(ad, { url: 'ldaps://dc01' })).toThrow("option 'bind-dn' is required");
  });
});

describe('the context', () => {
  it('reads a secret from a file (first line) or an environment variable and registers it for redaction', () => {
    const file = path.join(dir, 'token');
    writeFileSync(file, `${SECRET}\nsecond line\n`);
    const collector = fakeCollector(async () => result());
    const fromFile = createContext(collector, { 'token-file': file });
    expect(fromFile.secret('token')).toBe(SECRET);
    expect(fromFile.redactor.redact(`Bearer ${SECRET}`)).toBe('Bearer ***');
    const fromEnv = createContext(collector, { 'token-env': 'FAKE_TOKEN' }, { env: { FAKE_TOKEN: SECRET } });
    expect(fromEnv.secret('token')).toBe(SECRET);
    expect(() => createContext(collector, {}).secret('token')).toThrow(
      'the API token is needed: give --token-file FILE or --token-env VAR',
    );
    // In a config the same options are named without dashes.
    expect(() => createContext(collector, {}, { optionLabel: (n) => n }).secret('token')).toThrow(
      'give token-file FILE or token-env VAR',
    );
    expect(() => fromFile.secret('endpoint')).toThrow("no secret option 'endpoint'");
  });

  it('refuses two sources, an empty file or an unset variable, naming the option, never the value', () => {
    expect(() => readSecret('token', 'the API token', { file: 'a', env: 'B' })).toThrow(
      'use either --token-file or --token-env, not both',
    );
    const empty = path.join(dir, 'empty');
    writeFileSync(empty, '\n');
    expect(() => readSecret('token', 'the API token', { file: empty })).toThrow(/is empty/);
    expect(() => readSecret('token', 'the API token', { env: 'FAKE_UNSET' }, {})).toThrow(
      'environment variable FAKE_UNSET is not set or empty',
    );
  });

  it('redacts the password of any URL among the options', () => {
    const context = createContext(
      fakeCollector(async () => result()),
      {
        endpoint: 'https://reader:Pa%24%24word-42@api.example.com/v1',
      },
    );
    expect(context.redactor.redact('GET https://reader:Pa%24%24word-42@api.example.com failed')).toBe(
      'GET https://reader:***@api.example.com failed',
    );
    expect(context.redactor.redact('password Pa$$word-42')).toBe('password ***');
  });
});

describe('runCollector', () => {
  it('files the gaps into the source after its status, as snapshots have them', async () => {
    const gap = { reason: 'unsupported' as const, message: 'not modelled' };
    const collected = await runCollector(
      fakeCollector(async () => result([gap])),
      { targets: ['h1'] },
    );
    expect(Object.keys(collected.source)).toEqual([
      'id',
      'collector',
      'target',
      'startedAt',
      'finishedAt',
      'status',
      'gaps',
      'itemCount',
    ]);
    expect(collected.source.gaps).toEqual([gap]);
    expect(collected.failure).toBeUndefined();
  });

  it('turns a throw into a failed source whose gap carries the reason, redacted', async () => {
    const file = path.join(dir, 'token2');
    writeFileSync(file, SECRET);
    const unreachable = fakeCollector(async (_options, context) => {
      throw new CollectorError('unreachable', `cannot reach api.example.com with ${context.secret('token')}`);
    });
    const collected = await runCollector(
      unreachable,
      { targets: ['h1'], endpoint: 'https://api.example.com', 'token-file': file },
      { now: () => NOW },
    );
    expect(collected).toEqual({
      source: {
        id: 'fake',
        collector: 'fake',
        target: 'https://api.example.com',
        startedAt: NOW.toISOString(),
        finishedAt: NOW.toISOString(),
        status: 'failed',
        gaps: [{ reason: 'unreachable', message: 'cannot reach api.example.com with ***' }],
      },
      resources: [],
      failure: 'cannot reach api.example.com with ***',
    });
    const bug = await runCollector(
      fakeCollector(async () => {
        throw new TypeError('x is undefined');
      }),
      { targets: [] },
    );
    expect(bug.source.gaps).toEqual([{ reason: 'other', message: 'x is undefined' }]);
  });

  it('keeps what a cancelled collection read and says it was cancelled', async () => {
    const controller = new AbortController();
    const cancelledMidway = fakeCollector(async () => {
      controller.abort();
      return result();
    });
    const collected = await runCollector(cancelledMidway, { targets: ['h1'] }, { signal: controller.signal });
    expect(collected.source.status).toBe('partial');
    expect(collected.source.itemCount).toBe(1);
    expect(collected.source.gaps).toEqual([
      { reason: 'other', message: expect.stringMatching(/^the fake collection was cancelled before it finished/) },
    ]);
    let called = false;
    const before = await runCollector(
      fakeCollector(async () => {
        called = true;
        return result();
      }),
      { targets: ['h1'] },
      { signal: AbortSignal.abort() },
    );
    expect(called).toBe(false);
    expect(before.source.status).toBe('failed');
    expect(before.failure).toMatch(/cancelled/);
  });

  it('refuses options the definition does not allow, before collecting', async () => {
    let called = false;
    const collector = fakeCollector(async () => {
      called = true;
      return result();
    });
    await expect(runCollector(collector, { targets: ['h1'], retries: 9 })).rejects.toThrow(
      "collector fake: option 'retries' must be <= 5",
    );
    await expect(runCollector(collector, { targets: ['h1'], token: SECRET })).rejects.toThrow("unknown option 'token'");
    expect(called).toBe(false);
  });
});

describe('assay collect <id>, generated from the definition', () => {
  async function run(collector: Collector, args: string[], io: { isStderrTty?: boolean } = {}) {
    let stdout = '';
    let stderr = '';
    let code = 0;
    const sink = {
      stdout: (s: string) => (stdout += s),
      stderr: (s: string) => (stderr += s),
      isTty: false,
      ...io,
    };
    const program = new Command('assay')
      .exitOverride()
      .configureOutput({ writeOut: sink.stdout, writeErr: sink.stderr });
    const collect = program.command('collect');
    collect.exitOverride();
    registerCollectCommands(collect, [collector], sink, (c) => {
      code = c;
    });
    try {
      await program.parseAsync(['collect', ...args], { from: 'user' });
    } catch (error) {
      if (!(error instanceof CommanderError)) throw error;
      code = error.exitCode === 0 ? 0 : 2;
    }
    return { code, stdout, stderr };
  }

  it('has help with the positional argument, every option, the secret as -file/-env, and --output', async () => {
    const { stdout } = await run(
      fakeCollector(async () => result()),
      ['fake', '--help'],
    );
    expect(stdout).toContain('Usage: assay collect fake [options] <targets...>');
    expect(stdout).toMatch(/-e, --endpoint <url> +where to connect/);
    expect(stdout).toMatch(/--token-file <file> +file whose first line is the API token/);
    expect(stdout).toMatch(/--token-env <var> +environment variable holding the API token/);
    expect(stdout).toMatch(/--retries <retries> +retries per request \(default: 2\)/);
    expect(stdout).toMatch(/--verbose +say more/);
    expect(stdout).toMatch(/-o, --output <file> +snapshot file to write/);
    expect(stdout).not.toMatch(/--token </);
  });

  it('passes the options by their long names and writes the snapshot, with no secret in any output', async () => {
    const file = path.join(dir, 'token3');
    writeFileSync(file, SECRET);
    let received: Record<string, unknown> = {};
    const leaky = fakeCollector(async (options, context) => {
      received = options;
      const token = context.secret('token');
      context.warn(`WARNING: talking to ${options.endpoint} with ${token}`);
      context.progress(`read host 1 of 1 (${token})`);
      const r = result([{ reason: 'permission-denied', message: `403 for token ${token}` }]);
      r.source.target = `hosts via ${token}`;
      return r;
    });
    const output = path.join(dir, 'out', 'fake.json');
    const { code, stderr, stdout } = await run(
      leaky,
      ['fake', 'h1', 'h2', '-e', 'https://api', '--token-file', file, '--retries', '3', '--verbose', '-o', output],
      { isStderrTty: false },
    );
    expect(received).toEqual({ targets: ['h1', 'h2'], endpoint: 'https://api', retries: 3, verbose: true });
    expect(code).toBe(2); // permission-denied: something was not read
    expect(stderr).toBe(
      [
        'WARNING: talking to https://api with ***',
        `wrote ${output}: 0 resources from hosts via ***, 1 gaps`,
        'gap: permission-denied: 403 for token ***',
        'error: no resource was found to check (give --allow-empty if that is expected)',
        '',
      ].join('\n'),
    );
    const snapshot = readFileSync(output, 'utf8');
    expect(snapshot).not.toContain(SECRET);
    expect(JSON.parse(snapshot).sources[0].gaps[0].message).toBe('403 for token ***');
    expect(stdout + stderr).not.toContain(SECRET);
  });

  it('shows progress when asked or when stderr is a terminal', async () => {
    const chatty = fakeCollector(async (_o, context) => {
      context.progress('read host 1 of 1');
      return result();
    });
    const output = path.join(dir, 'p.json');
    expect((await run(chatty, ['fake', 'h1', '-o', output])).stderr).not.toContain('read host');
    expect((await run(chatty, ['fake', 'h1', '-o', output, '--progress'])).stderr).toContain(
      'fake: read host 1 of 1\n',
    );
    expect((await run(chatty, ['fake', 'h1', '-o', output], { isStderrTty: true })).stderr).toContain('read host 1');
  });

  it('refuses a definition whose option names clash with the command or with each other', () => {
    const base = fakeCollector(async () => result());
    const clashing = (extra: Record<string, OptionSchema>): Collector => ({
      ...base,
      options: { ...base.options, properties: { ...base.options.properties, ...extra } },
    });
    const register = (collector: Collector) =>
      registerCollectCommands(
        new Command('collect'),
        [collector],
        { stdout: () => {}, stderr: () => {}, isTty: false },
        () => {},
      );
    expect(() => register(clashing({ output: { type: 'string', description: 'x' } }))).toThrow(
      "collector fake: option 'output' is taken",
    );
    expect(() => register(clashing({ 'token-file': { type: 'string', description: 'x' } }))).toThrow(
      "option 'token-file' is taken",
    );
  });

  it('refuses a secret on the command line without echoing it, and writes nothing when the collection fails', async () => {
    const output = path.join(dir, 'none.json');
    const refused = await run(
      fakeCollector(async () => result()),
      ['fake', 'h1', '--token', SECRET, '-o', output],
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      'error: --token is not accepted: command-line arguments are visible to other users and kept in shell history. ' +
        'Use --token-file FILE or --token-env VAR (and consider changing a token that was typed here).\n',
    );
    const failing = fakeCollector(async () => {
      throw new CollectorError('unreachable', 'cannot reach api:443: ECONNREFUSED');
    });
    const failed = await run(failing, ['fake', 'h1', '-o', output]);
    expect(failed).toEqual({ code: 2, stdout: '', stderr: 'error: cannot reach api:443: ECONNREFUSED\n' });
    expect(existsSync(output)).toBe(false);
    const bad = await run(
      fakeCollector(async () => result()),
      ['fake', 'h1', '--retries', '9', '-o', output],
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('expected a whole number from 0 to 5');
  });
});
