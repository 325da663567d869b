// The streamed writers (used for --output-dir) must write exactly the bytes the in-memory renderers
// return: a results.json or SARIF file must not depend on how large the run was.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderCsv, writeCsv } from '../../src/reports/csv.ts';
import { renderJson, writeJsonResults } from '../../src/reports/json.ts';
import { FORMATS } from '../../src/reports/registry.ts';
import { renderSarif, writeSarif } from '../../src/reports/sarif.ts';
import { LazyArray, StringSink, type TextSink, writeFileBy, writeJson } from '../../src/util/json-stream.ts';
import { emptyResults, sampleResults } from './sample-results.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'assay-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function streamed(fill: (sink: TextSink) => void): string {
  const sink = new StringSink();
  fill(sink);
  return sink.text();
}

function viaFile(fill: (sink: TextSink) => void): string {
  const file = path.join(dir, `out-${Math.random().toString(36).slice(2)}`);
  writeFileBy(file, fill);
  return readFileSync(file, 'utf8');
}

/** Edge cases of JSON.stringify: unicode, empty containers, omitted members, long nested arrays. */
function edgeCases(): Record<string, unknown> {
  const long = Array.from({ length: 700 }, (_, i) => ({
    uid: `r${i}`,
    values: { 'a.b[]': [i, null, true], 'x"y': 'line\nbreak\u2028 é 😀' },
    nested: Array.from({ length: i % 3 === 0 ? 300 : 0 }, (_, j) => j),
  }));
  return {
    empty: [],
    emptyObject: {},
    unicode: 'Zürich — 東京 — \u0000\u001f "quoted" \\ back',
    skipped: undefined,
    fn: () => 1,
    holes: [undefined, () => 2, Symbol('s'), Number.NaN, Number.POSITIVE_INFINITY, -0],
    date: new Date('2026-01-02T03:04:05.000Z'),
    custom: { toJSON: () => ({ became: ['this'] }) },
    deep: { a: { b: { c: { d: [[], {}, [[1, [2, [3]]]]] } } } },
    long,
    longOfLong: [long.slice(0, 300), [], long.slice(0, 2)],
    lazy: LazyArray.of(long.slice(0, 400), (item) => ({ made: item.uid, skipped: undefined })),
    lazyEmpty: new LazyArray(0, () => 0),
    lazyNested: { deeper: [LazyArray.of(['a', 'b'], (x) => [x, undefined])] },
  };
}

describe('streamed writers', () => {
  it('write what the renderers return for the examples’ results', async () => {
    const results = await sampleResults();
    expect(streamed((sink) => writeJsonResults(results, sink))).toBe(renderJson(results));
    expect(streamed((sink) => writeSarif(results, sink))).toBe(renderSarif(results));
    expect(streamed((sink) => writeCsv(results, sink))).toBe(renderCsv(results));
    expect(viaFile((sink) => writeJsonResults(results, sink))).toBe(renderJson(results));
  });

  it('write what the renderers return for results with nothing in them', () => {
    const results = emptyResults();
    expect(streamed((sink) => writeJsonResults(results, sink))).toBe(renderJson(results));
    expect(streamed((sink) => writeSarif(results, sink))).toBe(renderSarif(results));
    expect(streamed((sink) => writeCsv(results, sink))).toBe(renderCsv(results));
  });

  it('every format with a streamed writer writes the bytes of its renderer', async () => {
    const results = await sampleResults();
    const streamedFormats = Object.values(FORMATS).filter((spec) => spec.write);
    expect(streamedFormats.map((spec) => spec.file).sort()).toEqual([
      'findings.csv',
      'junit.xml',
      'oscal-assessment-results.json',
      'report.html',
      'results.json',
      'results.sarif',
    ]);
    const snapshotFiles = new Map([[results.snapshots[0]!.sha256, 'snapshots/scan.json']]);
    for (const context of [{ color: false }, { color: false, snapshotFiles }]) {
      for (const spec of streamedFormats) {
        const text = streamed((sink) => spec.write!(results, context, sink));
        expect(text).toBe(spec.render(results, context));
      }
    }
    // The OSCAL document escapes <, > and & in every piece, as the renderer does in the whole.
    expect(FORMATS.oscal.render(results, { color: false })).toMatch(/\\u003c|\\u0026/);
  });

  it('writeJson is JSON.stringify for every indent, on edge cases', () => {
    const value = edgeCases();
    for (const indent of [0, 1, 2, 4]) {
      expect(streamed((sink) => writeJson(sink, value, indent))).toBe(JSON.stringify(value, null, indent));
    }
    for (const top of [[], {}, 'text', 3, null, [1, [2]]]) {
      expect(streamed((sink) => writeJson(sink, top, 2))).toBe(JSON.stringify(top, null, 2));
    }
  });

  it('writeJson is JSON.stringify at every streamed depth, objects just above it written whole or member by member', () => {
    // Objects just above the streamed depth are written whole unless a member is long or lazy:
    // both kinds at every depth, with and without lazy arrays (a LazyArray must stay above it).
    const eager = { ...edgeCases(), lazy: [], lazyEmpty: [], lazyNested: {} };
    const rows = Array.from({ length: 20 }, (_, i) => ({
      id: i,
      when: new Date(i),
      small: [i],
      long: Array.from({ length: i % 2 ? 300 : 3 }, (_, j) => ({ j })),
      skipped: undefined,
    }));
    const value = { rows, nested: { rows: { rows } }, eager };
    for (const streamedDepth of [0, 1, 2, 3, 4, 6])
      for (const indent of [0, 1, 2]) {
        expect(streamed((sink) => writeJson(sink, value, indent, streamedDepth))).toBe(
          JSON.stringify(value, null, indent),
        );
      }
    const lazy = { top: { rows: LazyArray.of(rows, (row) => ({ ...row, made: true })) } };
    for (const streamedDepth of [2, 3, 4])
      expect(streamed((sink) => writeJson(sink, lazy, 2, streamedDepth))).toBe(JSON.stringify(lazy, null, 2));
  });

  it('writes a file larger than one flush whole', () => {
    const value = { rows: Array.from({ length: 40_000 }, (_, i) => ({ i, text: `row ${i} ✓` })) };
    const text = viaFile((sink) => writeJson(sink, value, 2));
    expect(text.length).toBeGreaterThan(2 << 20);
    expect(text).toBe(JSON.stringify(value, null, 2));
  });
});
