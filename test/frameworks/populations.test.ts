// Populations and their hashes: an auditor must be able to recompute a population's hash from the
// snapshot alone, so the test recomputes it with Python from the README's description, not our code.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  buildPopulations,
  canonicalJson,
  canonicalJsonByDefinition,
  resourceSha256,
} from '../../src/frameworks/populations.ts';
import type { Resource, Snapshot, Source } from '../../src/model/resource.ts';
import { serializeSnapshot, sha256 } from '../../src/model/snapshot.ts';

const source = (id: string): Source => ({
  id,
  collector: 'iac',
  target: 'infra/',
  startedAt: '2026-01-01T00:00:00.000Z',
  finishedAt: '2026-01-01T00:00:02.000Z',
  status: 'ok',
  gaps: [],
  method: 'parsed every Terraform file under infra/',
  queries: ['infra/**/*.tf'],
});

const resource = (
  name: string,
  kind: Resource['kind'],
  sourceId: string,
  props: Record<string, unknown> = {},
): Resource =>
  ({
    uid: `terraform:main.tf:x.${name}`,
    kind,
    provider: 'aws',
    nativeType: 'x',
    name,
    location: { file: 'main.tf', line: 1 },
    props,
    sourceId,
  }) as Resource;

const snapshot: Snapshot = {
  schema: 'assay.snapshot/v1',
  collectedAt: '2026-01-01T00:00:02.000Z',
  tool: { name: 'assay', version: '0' },
  sources: [source('iac-1'), source('iac-2')],
  resources: [
    resource('b2', 'storage.bucket', 'iac-1', { versioning: { enabled: true }, name: 'ünïcode' }),
    resource('b1', 'storage.bucket', 'iac-1', { encryption: { enabled: false, algorithm: null } }),
    resource('db', 'database.instance', 'iac-1'),
    resource('b3', 'storage.bucket', 'iac-2'),
  ],
};
const text = serializeSnapshot(snapshot);

// The documented algorithm, written independently: canonical JSON = keys sorted, no spaces, UTF-8.
const PYTHON = `
import hashlib, json, sys
snap = json.loads(sys.stdin.read())
lines = []
for r in snap["resources"]:
    if r["sourceId"] == sys.argv[1] and r["kind"] == sys.argv[2]:
        canon = json.dumps(r, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        lines.append(r["uid"] + " " + hashlib.sha256(canon.encode()).hexdigest() + "\\n")
print(hashlib.sha256("".join(sorted(lines)).encode()).hexdigest())
`;

function pythonHash(sourceId: string, kind: string): string {
  return execFileSync('python3', ['-c', PYTHON, sourceId, kind], { input: text, encoding: 'utf8' }).trim();
}

describe('populations', () => {
  const populations = buildPopulations([{ snapshot, sha256: sha256(text) }]);

  it('groups resources by collector run and kind, with how they were obtained', () => {
    expect(populations.map((p) => [p.id.split('/').slice(1).join('/'), p.count])).toEqual([
      ['iac-1/database.instance', 1],
      ['iac-1/storage.bucket', 2],
      ['iac-2/storage.bucket', 1],
    ]);
    expect(populations[1]?.source).toEqual({
      id: 'iac-1',
      collector: 'iac',
      target: 'infra/',
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:00:02.000Z',
      status: 'ok',
      method: 'parsed every Terraform file under infra/',
      queries: ['infra/**/*.tf'],
    });
    expect(populations[1]?.id.startsWith(sha256(text).slice(0, 12))).toBe(true);
  });

  it('has hashes that an auditor can recompute from the snapshot without assay', () => {
    for (const p of populations) {
      expect(p.sha256, p.id).toBe(pythonHash(p.source.id, p.kind));
    }
  });

  it('changes a population hash when one property of one member changes, and no other', () => {
    const changed = structuredClone(snapshot);
    (changed.resources[1]!.props as { encryption: { enabled: boolean } }).encryption.enabled = true;
    const after = buildPopulations([{ snapshot: changed, sha256: sha256(text) }]);
    expect(after.map((p) => p.sha256 === populations.find((q) => q.id === p.id)?.sha256)).toEqual([true, false, true]);
  });

  it('does not depend on key order or resource order', () => {
    const reordered = structuredClone(snapshot);
    reordered.resources.reverse();
    reordered.resources[0] = Object.fromEntries(
      Object.entries(reordered.resources[0]!).reverse(),
    ) as unknown as Resource;
    expect(buildPopulations([{ snapshot: reordered, sha256: sha256(text) }])).toEqual(populations);
  });

  it('writes canonical JSON with sorted keys and no whitespace', () => {
    expect(canonicalJson({ b: [1, { d: null, c: 'x' }], a: true })).toBe('{"a":true,"b":[1,{"c":"x","d":null}]}');
    expect(resourceSha256(snapshot.resources[0]!)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('writes what its definition writes, on every resource and on values JSON.stringify writes otherwise', () => {
    for (const resource of snapshot.resources)
      expect(canonicalJson(resource)).toBe(canonicalJsonByDefinition(resource));
    const unusual: unknown[] = [
      { z: 1, 10: 'ten', 2: 'two', a: { c: [3, { y: 1, x: 2 }], b: null } },
      [1, undefined, () => 1, Symbol('s')],
      { b: undefined, a: () => 1, c: Symbol('s'), d: 'kept' },
      { when: new Date(0), list: new Set([1]), map: new Map([['k', 1]]) },
      { boxed: [new String(''), new String('ab'), new Number(1), new Boolean(false)] },
      Object.assign(Object.create(null), { b: 1, a: 2 }),
      // biome-ignore lint/suspicious/noSparseArray: a hole is one of the cases
      [1, , 3],
      { nested: { deeper: { z: NaN, y: -0, x: Infinity, w: 'é"\\\n' } } },
      // Keys and strings JSON must escape; a lone surrogate; a pair that needs none.
      { 'k"ey': 1, 'a\u0001': 'x\ud800', '\\': ['\ud83d\ude00', '\u2028', 1e21, -1.5e-7] },
      Object.assign(new (class List extends Array {})(), [2, 1]),
      [{ b: [[], {}], a: [null, false] }, Object.assign(Object.create(null), { y: [1], x: {} })],
      'text',
      7,
      null,
    ];
    for (const value of unusual) expect(canonicalJson(value)).toBe(canonicalJsonByDefinition(value));
    expect(canonicalJson({ 10: 'ten', 2: 'two', a: 1 })).toBe('{"10":"ten","2":"two","a":1}');
  });
});
