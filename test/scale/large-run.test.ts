// A run over 150,000 resources (built in memory, no wasm: the engine's merge and the results builder
// are what a long array used to break) must come through whole: no stack overflow from spreading a
// long array into a call, every finding counted, every streamed document written.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ResultAccumulator } from '../../src/engine/raw-results.ts';
import { controlsByRule, loadFrameworks } from '../../src/frameworks/catalog.ts';
import type { Resource, Snapshot } from '../../src/model/resource.ts';
import type { RuleMeta } from '../../src/model/results.ts';
import { buildResults } from '../../src/pipeline/results.ts';
import { FORMATS } from '../../src/reports/registry.ts';
import { TABLE_LIMIT } from '../../src/reports/table.ts';
import type { TextSink } from '../../src/util/json-stream.ts';

const COUNT = 150_000;
const catalog = (
  JSON.parse(readFileSync(new URL('../../dist/policies/catalog.json', import.meta.url), 'utf8')) as RuleMeta[]
).filter((rule) => rule.id === 'storage.versioning_enabled' || rule.id === 'storage.encryption_at_rest');

function buckets(): Resource[] {
  return Array.from({ length: COUNT }, (_, i) => ({
    uid: `bucket-${String(i).padStart(6, '0')}`,
    kind: 'storage.bucket',
    provider: 'aws',
    nativeType: 'aws_s3_bucket',
    name: `b${i}`,
    location: { file: `m${i % 100}/main.tf`, line: (i % 50) + 1 },
    props: { versioning: { enabled: i < 0 }, encryption: { enabled: true } },
    sourceId: 's',
  }));
}

/** Counts what a streamed writer emits without keeping it. */
function countingSink(): TextSink & { chars: number; lines: number } {
  const sink = {
    chars: 0,
    lines: 0,
    write(text: string) {
      sink.chars += text.length;
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) sink.lines++;
    },
  };
  return sink;
}

describe('a 150,000-resource run', () => {
  it('merges, builds and writes every result without overflowing the stack', () => {
    const resources = buckets();
    const uids = resources.map((r) => r.uid);
    const failing = resources.filter((r) => !(r.props as { versioning: { enabled: boolean } }).versioning.enabled);
    // One batch output holding every resource, as a single large wasm batch would.
    const accumulator = new ResultAccumulator(catalog.map((r) => r.id));
    accumulator.add({
      'storage.versioning_enabled': {
        in_scope: uids,
        deny: failing.map((r) => ({ uid: r.uid, message: `Bucket "${r.name}" has no versioning` })),
      },
      'storage.encryption_at_rest': { in_scope: uids, deny: [] },
    });
    const ruleResults = accumulator.results();
    expect(ruleResults.find((r) => r.ruleId === 'storage.versioning_enabled')?.failed).toHaveLength(COUNT);

    const frameworks = loadFrameworks();
    const snapshot: Snapshot = {
      schema: 'assay.snapshot/v1',
      collectedAt: '2026-01-01T00:00:00.000Z',
      tool: { name: 'assay', version: '0' },
      sources: [
        {
          id: 's',
          collector: 'iac',
          target: '.',
          startedAt: '2026-01-01T00:00:00.000Z',
          finishedAt: '2026-01-01T00:00:00.000Z',
          status: 'ok',
          gaps: [],
        },
      ],
      resources,
    };
    const results = buildResults({
      toolVersion: '1.0.0',
      bundleSha256: 'abc',
      catalog,
      ruleResults,
      snapshots: [{ snapshot, sha256: 'f'.repeat(64) }],
      controlsByRule: controlsByRule(frameworks),
      frameworks,
      now: new Date('2026-01-02T00:00:00.000Z'),
    });
    expect(results.summary.resources).toBe(COUNT);
    expect(results.summary.findings).toBe(COUNT);
    expect(results.resources).toHaveLength(COUNT);
    expect(results.evidence.map((e) => e.values.length)).toEqual([COUNT, COUNT]);

    // results.json is written whole, piece by piece (the other streamed formats share the writer).
    const json = countingSink();
    FORMATS.json.write!(results, { color: false }, json);
    expect(json.lines).toBeGreaterThan(COUNT * 4);
    // The table names the first findings and counts the rest.
    const table = FORMATS.table.render(results, { color: false });
    expect(table).toContain(`… ${COUNT - TABLE_LIMIT} more medium findings`);
  });
});
