// Issue 15: a snapshot is never one string. It is hashed and written piece by piece (the bytes are
// exactly those JSON.stringify would give, so hashes of small snapshots are unchanged), and a stored
// one above a size is parsed member by member and element by element from its bytes. The giant
// inputs themselves are in `npm run bench`; here the same code paths run with the threshold at 0.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Collected } from '../../src/collectors/run.ts';
import type { Resource, Snapshot, Source } from '../../src/model/resource.ts';
import {
  makeSnapshot,
  parseSnapshot,
  serializeSnapshot,
  sha256,
  snapshotSha256,
  writeSnapshot,
} from '../../src/model/snapshot.ts';
import { readSnapshotFiles, saveSnapshot, snapshotOf } from '../../src/pipeline/snapshots.ts';
import { StringSink } from '../../src/util/json-stream.ts';
import { LargeJsonError, parseLargeJson } from '../../src/util/large-json.ts';

const SOURCE: Source = {
  id: 's',
  collector: 'iac',
  target: '.',
  startedAt: '2026-01-01T00:00:00.000Z',
  finishedAt: '2026-01-01T00:00:00.000Z',
  status: 'ok',
  gaps: [{ reason: 'parse-error', message: 'a "quoted" \\ gap\nline two', file: 'a.tf', line: 3 }],
};

/** Resources with the strings that trip hand-written JSON: quotes, backslashes, brackets, non-ASCII. */
function resources(count: number): Resource[] {
  return Array.from({ length: count }, (_, i) => ({
    uid: `r-${i}`,
    kind: 'storage.bucket',
    provider: 'aws',
    nativeType: 'aws_s3_bucket',
    name: `b${i} "q" \\ ] } [ { , : é 🔒`,
    location: { file: `m${i % 7}/main.tf`, line: i + 1 },
    props: { versioning: { enabled: i % 2 === 0 }, list: [1, -2.5e-7, null, true, 'x\\"y'], empty: {}, none: [] },
    tags: { __proto__: 'own', team: `t\u2028${i}` } as unknown as Record<string, string>,
    sourceId: 's',
  }));
}

function collected(count: number): Collected {
  return { source: SOURCE, resources: resources(count) } as Collected;
}

function tempFile(name: string): string {
  return path.join(mkdtempSync(path.join(os.tmpdir(), 'assay-stream-')), name);
}

describe('a snapshot written piece by piece', () => {
  it('is the text JSON.stringify gives, so its hash is the one cited before', () => {
    const snapshot = makeSnapshot('0.0.0-test', [SOURCE], resources(600));
    const sink = new StringSink();
    writeSnapshot(sink, snapshot);
    expect(sink.text()).toBe(serializeSnapshot(snapshot));
  });

  it("is hashed whole while it fits one string, piece by piece past V8's string limit: the same hash", () => {
    const snapshot = makeSnapshot('0.0.0-test', [SOURCE], resources(400));
    const expected = sha256(serializeSnapshot(snapshot));
    expect(snapshotSha256(snapshot)).toBe(expected);
    const tooLong = () => {
      throw new RangeError('Invalid string length');
    };
    expect(snapshotSha256(snapshot, tooLong)).toBe(expected);
    // Any other failure is not taken for the string limit.
    const broken = () => {
      throw new TypeError('cyclic');
    };
    expect(() => snapshotSha256(snapshot, broken)).toThrow('cyclic');
  });

  it('is stored with the bytes its hash was computed over, for a scan and for collect --output', () => {
    const input = snapshotOf([collected(300)]);
    const stored = tempFile('scan.json');
    input.writeTo(stored);
    expect(sha256(readFileSync(stored))).toBe(input.sha256);
    expect(readFileSync(stored, 'utf8')).toBe(serializeSnapshot(input.snapshot));

    const saved = saveSnapshot([collected(300)], tempFile('collect.json'));
    expect(saved.sha256).toBe(sha256(readFileSync(saved.file)));
    expect(saved.sha256).toBe(input.sha256);
    const copy = tempFile('copy.json');
    saved.writeTo(copy);
    expect(sha256(readFileSync(copy))).toBe(saved.sha256);
  });

  it('read back from a file is hashed over its bytes and copied byte for byte', () => {
    const file = tempFile('stored.json');
    // Not our own formatting: a hand-edited or minified file is cited and stored as it is.
    writeFileSync(file, JSON.stringify(makeSnapshot('0.0.0-test', [SOURCE], resources(20))));
    const [input] = readSnapshotFiles([file]);
    expect(input!.sha256).toBe(sha256(readFileSync(file)));
    const copy = tempFile('copy.json');
    input!.writeTo(copy);
    expect(readFileSync(copy).equals(readFileSync(file))).toBe(true);
  });
});

describe('a large snapshot parsed from its bytes', () => {
  const bytes = (text: string) => Buffer.from(text, 'utf8');

  it('gives what JSON.parse gives, whatever the formatting', () => {
    const snapshot = makeSnapshot('0.0.0-test', [SOURCE], resources(300));
    for (const text of [serializeSnapshot(snapshot), JSON.stringify(snapshot), JSON.stringify(snapshot, null, '\t')]) {
      expect(parseSnapshot(bytes(text), 'big.json', 0)).toEqual(JSON.parse(text) as Snapshot);
    }
    const odd = '\r\n { "a" : [ ] , "b":[1 ,"]\\"[",{"c":[{}]}],"__proto__":{"x":1},"n":-0.5e3,"s":"\\\\","t":true}\n';
    const parsed = parseLargeJson(bytes(odd));
    expect(parsed).toEqual(JSON.parse(odd));
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.hasOwn(parsed, '__proto__')).toBe(true);
  });

  it('refuses malformed text with the file and byte offset, quoting none of it', () => {
    const cases: [string, RegExp][] = [
      ['', /expected an object at byte 0/],
      ['[1]', /expected an object at byte 0/],
      ['{"a":1', /expected "," or "}" at byte 6/],
      ['{"a":[1,]}', /not valid JSON .* at byte 8/],
      ['{"a":[1 2]}', /expected "," or "]" at byte 8/],
      ['{"a":"secret-value-Tk9Lp3', /unterminated string at byte 5/],
      ['{"a":tru}', /not valid JSON/],
      ['{"a":1} x', /unexpected text after the document at byte 8/],
      ['{a:1}', /expected a member name at byte 1/],
      ['\ufeff{}', /byte order mark/],
      ['{"a":{"b":[}', /unexpected end of the document/],
    ];
    for (const [text, message] of cases) {
      expect(() => parseLargeJson(bytes(text)), text).toThrow(LargeJsonError);
      expect(() => parseSnapshot(bytes(text), 'big.json', 0), text).toThrow(message);
    }
    expect(() => parseSnapshot(bytes('{"a":"Tk9Lp3Qw7ZxR2m}'), 'big.json', 0)).not.toThrow(/Tk9L/);
    expect(() => parseSnapshot(bytes('{"a":[Tk9Lp3Qw7ZxR2m]}'), 'big.json', 0)).toThrow(/^big\.json: not valid JSON/);
    expect(() => parseSnapshot(bytes('{"a":[Tk9Lp3Qw7ZxR2m]}'), 'big.json', 0)).not.toThrow(/Tk9L/);
  });
});
