// Each pass of the redaction on its own: the runner masking what collectors write, the snapshot
// and the results each redacted whole, parser messages that quote no source text, and the CLI's
// output lines for every command.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Collector } from '../../src/collectors/contract.ts';
import { getParser, parseHcl } from '../../src/collectors/iac/terraform/hcl/parser.ts';
import { runCollector } from '../../src/collectors/run.ts';
import { Redactor } from '../../src/kit/redaction.ts';
import type { Resource, Source } from '../../src/model/resource.ts';
import { makeSnapshot, parseSnapshot, serializeSnapshot, sha256 } from '../../src/model/snapshot.ts';
import { evaluateSnapshots } from '../../src/pipeline/evaluate.ts';
import { type SnapshotInput, snapshotOf } from '../../src/pipeline/snapshots.ts';
import { runCli } from '../cli/run-cli.ts';

const NOW = '2026-06-01T12:00:00.000Z';
const TOKEN = 'Tk9Lp3Qw7ZxR2m';

/** A source that writes secrets into its tags, names and gap messages, as a careless collector would. */
const careless: Collector = {
  id: 'careless',
  description: 'writes secrets where they do not belong',
  kinds: ['storage.bucket'],
  options: { type: 'object', properties: {}, additionalProperties: false },
  async collect() {
    const resource: Resource = {
      uid: 'careless:bucket',
      kind: 'storage.bucket',
      provider: 'aws',
      nativeType: 'bucket',
      name: `bucket AKIAIOSFODNN7EXAMPLE`,
      location: { file: 'x.tf', line: 1 },
      props: {},
      tags: { api_token: TOKEN, team: 'platform', config: `{"password":"${TOKEN}"}` },
      sourceId: 'careless',
    };
    return {
      source: {
        id: 'careless',
        collector: 'careless',
        target: 'x',
        startedAt: NOW,
        finishedAt: NOW,
        status: 'partial',
      },
      resources: [resource],
      gaps: [
        {
          reason: 'other',
          message: `login with ghp_${TOKEN}abcdefghijklmnopqrstuv failed; see https://ops:${TOKEN}x@wiki/`,
        },
      ],
    };
  },
};

describe('the runner masks what every collector writes besides raw', () => {
  it('masks secrets in tags, names and gap messages, and leaves the rest', async () => {
    const collected = await runCollector(careless, {});
    const [resource] = collected.resources;
    expect(resource?.name).toBe('bucket AKIA****');
    expect(resource?.tags).toEqual({ api_token: '****', team: 'platform', config: '{"password":"****"}' });
    expect(collected.source.gaps[0]?.message).toBe('login with ghp_**** failed; see https://ops:****@wiki/');
  });
});

/** The bytes a snapshot input stores, as text. */
function writtenText(input: SnapshotInput): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'assay-snapshot-')), 'snapshot.json');
  input.writeTo(file);
  return readFileSync(file, 'utf8');
}

describe('the snapshot pass', () => {
  it('redacts every string with the run redactor before the text is written and hashed', async () => {
    const redactor = new Redactor();
    redactor.add(TOKEN);
    const collected = await runCollector(careless, {}, { redactor });
    collected.resources[0]!.props = { note: `kept ${TOKEN} in a prop` } as never;
    const input = snapshotOf([collected], { redactor });
    const text = writtenText(input);
    expect(text).not.toContain(TOKEN);
    expect(text).toContain('kept *** in a prop');
    expect(input.sha256).toBe(sha256(text));
    expect(parseSnapshot(text, 'x')).toEqual(input.snapshot);
  });

  it('redacts URL passwords even without a redactor', async () => {
    const collected = await runCollector(careless, {});
    collected.source.target = `https://deploy:${TOKEN}@git.example.com/repo`;
    expect(writtenText(snapshotOf([collected]))).toContain('https://deploy:***@git.example.com/repo');
  });
});

describe('the results pass', () => {
  it('redacts the results before any renderer reads them, also for a snapshot written elsewhere', async () => {
    // A snapshot as an older assay wrote it: a URL password and a token in a gap message.
    const source: Source = {
      id: 'iac',
      collector: 'iac',
      target: '.',
      startedAt: NOW,
      finishedAt: NOW,
      status: 'partial',
      gaps: [
        { reason: 'unsupported', file: 'main.tf', message: `remote https://oauth2:${TOKEN}@github.com/m and ${TOKEN}` },
      ],
    };
    const snapshot = makeSnapshot('0.0.0', [source], []);
    const text = serializeSnapshot(snapshot);
    const snapshots = [{ snapshot, sha256: sha256(text), file: 'old.json' }];
    const plain = await evaluateSnapshots(snapshots);
    expect(plain.gaps[0]?.message).toBe(`remote https://oauth2:***@github.com/m and ${TOKEN}`);
    const redactor = new Redactor();
    redactor.add(TOKEN);
    const redacted = await evaluateSnapshots(snapshots, { redactor });
    expect(JSON.stringify(redacted)).not.toContain(TOKEN);
  });
});

describe('parser messages', () => {
  it('name the kind of token at an HCL syntax error, never an unquoted name that may be a secret', async () => {
    const parser = await getParser();
    const at = (line: string) => {
      const parsed = parseHcl(parser, `resource "a" "b" {\n  ${line}\n}\n`, 'x.tf');
      return parsed.ok ? undefined : parsed.gap.message;
    };
    expect(at(`token = "a" ghp_${TOKEN}abcdefghijklmnopqrstu`)).toBe('x.tf:2:15: syntax error: unexpected a name');
    expect(at('count = 1 2345678901')).toBe('x.tf:2:13: syntax error: unexpected a number');
    expect(at('x = "a" true')).toBe("x.tf:2:11: syntax error: unexpected 'true'");
  });

  it('say why a snapshot is not JSON without the characters Node copies from it', () => {
    expect(() => parseSnapshot(`{"schema": ${TOKEN}}`, 's.json')).toThrow(
      /^s\.json: not valid JSON \(Unexpected token 'T'\)$/,
    );
  });
});

describe('every CLI command prints through the redactor', () => {
  it('redacts a URL password from usage errors, as from every other line', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'assay-redaction-cli-'));
    const file = path.join(dir, 'snap.json');
    writeFileSync(file, serializeSnapshot(makeSnapshot('0.0.0', [], [])));
    const { code, stderr } = await runCli(['evaluate', file, '--report-url', `ftp://u:${TOKEN}@example.com/`]);
    expect(code).toBe(2);
    expect(stderr).toContain('--report-url must be an http(s) link');
    expect(stderr).toContain('ftp://u:***@example.com/');
    expect(stderr).not.toContain(TOKEN);
  });
});
