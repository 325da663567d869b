import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  artifactPathProblem,
  buildManifest,
  EvidenceError,
  MANIFEST_FILE,
  parseManifest,
  serializeManifest,
} from '../../src/evidence/manifest.ts';
import { sha256 } from '../../src/model/snapshot.ts';

const BUNDLE = 'b'.repeat(64);
const CREATED = '2025-01-02T03:04:05.000Z';

function evidenceDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'assay-manifest-'));
  mkdirSync(path.join(dir, 'reports'));
  writeFileSync(path.join(dir, 'snapshot.json'), '{"schema":"assay.snapshot/v1"}\n');
  writeFileSync(path.join(dir, 'results.json'), '{"findings":[]}\n');
  writeFileSync(path.join(dir, 'reports', 'report.html'), '<html></html>\n');
  return dir;
}

function build(dir: string, artifacts: { path: string; role: 'snapshot' | 'results' | 'report' }[]) {
  return buildManifest({ dir, artifacts, toolVersion: '1.2.3', bundleSha256: BUNDLE, createdAt: CREATED });
}

describe('buildManifest', () => {
  it('hashes every artifact, sorted by path, with tool version, bundle hash and time', () => {
    const dir = evidenceDir();
    const manifest = build(dir, [
      { path: 'snapshot.json', role: 'snapshot' },
      { path: 'reports/report.html', role: 'report' },
      { path: 'results.json', role: 'results' },
    ]);
    expect(manifest).toEqual({
      schema: 'assay.manifest/v1',
      tool: { name: 'assay', version: '1.2.3' },
      bundleSha256: BUNDLE,
      createdAt: CREATED,
      artifacts: [
        { path: 'reports/report.html', role: 'report', sha256: sha256('<html></html>\n'), bytes: 14 },
        { path: 'results.json', role: 'results', sha256: sha256('{"findings":[]}\n'), bytes: 16 },
        {
          path: 'snapshot.json',
          role: 'snapshot',
          sha256: sha256('{"schema":"assay.snapshot/v1"}\n'),
          bytes: 31,
        },
      ],
    });
  });

  it('serializes to the same text every time, ending in one newline, and parses back', () => {
    const dir = evidenceDir();
    const a = build(dir, [
      { path: 'results.json', role: 'results' },
      { path: 'snapshot.json', role: 'snapshot' },
    ]);
    const b = build(dir, [
      { path: 'snapshot.json', role: 'snapshot' },
      { path: 'results.json', role: 'results' },
    ]);
    const text = serializeManifest(a);
    expect(serializeManifest(b)).toBe(text);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.endsWith('\n\n')).toBe(false);
    expect(parseManifest(text)).toEqual(a);
    // Key order is fixed even if the object was assembled in another order.
    const shuffled = {
      artifacts: a.artifacts,
      createdAt: a.createdAt,
      bundleSha256: a.bundleSha256,
      tool: a.tool,
      schema: a.schema,
    };
    expect(serializeManifest(shuffled)).toBe(text);
  });

  it.each([
    ['../outside.json', "'..'"],
    ['reports/../../outside.json', "'..'"],
    ['/etc/passwd', 'relative'],
    ['C:/evidence/x.json', 'relative'],
    ['reports\\report.html', 'forward slashes'],
    ['', 'empty'],
    ['./results.json', "'.'"],
    ['reports//report.html', 'empty'],
    [MANIFEST_FILE, 'reserved'],
    ['manifest.sig', 'reserved'],
  ])('rejects the artifact path %j', (rel, reason) => {
    expect(artifactPathProblem(rel)).toContain(reason);
    expect(() => build(evidenceDir(), [{ path: rel, role: 'report' }])).toThrow(EvidenceError);
  });

  it('rejects a path listed twice, a missing file, a folder and an unknown role, naming the path', () => {
    const dir = evidenceDir();
    expect(() =>
      build(dir, [
        { path: 'results.json', role: 'results' },
        { path: 'results.json', role: 'report' },
      ]),
    ).toThrow(/'results.json' is listed twice/);
    expect(() => build(dir, [{ path: 'nope.json', role: 'results' }])).toThrow(/'nope.json': does not exist/);
    expect(() => build(dir, [{ path: 'reports', role: 'report' }])).toThrow(/'reports': is not a regular file/);
    expect(() => build(dir, [{ path: 'results.json', role: 'log' as 'report' }])).toThrow(/unknown role 'log'/);
  });

  it('refuses symbolic links, which could point outside the folder', () => {
    const dir = evidenceDir();
    const outside = path.join(mkdtempSync(path.join(os.tmpdir(), 'assay-outside-')), 'secret.txt');
    writeFileSync(outside, 'secret');
    symlinkSync(outside, path.join(dir, 'link.txt'));
    symlinkSync(path.dirname(outside), path.join(dir, 'linked-dir'));
    expect(() => build(dir, [{ path: 'link.txt', role: 'report' }])).toThrow(/'link.txt': is not a regular file/);
    expect(() => build(dir, [{ path: 'linked-dir/secret.txt', role: 'report' }])).toThrow(
      /resolves outside the folder/,
    );
  });

  it('rejects a bundle hash that is not a SHA-256', () => {
    const dir = evidenceDir();
    expect(() =>
      buildManifest({ dir, artifacts: [], toolVersion: '1', bundleSha256: 'not-a-hash', createdAt: CREATED }),
    ).toThrow(/bundleSha256/);
  });
});

describe('parseManifest', () => {
  const valid = () => JSON.parse(serializeManifest(build(evidenceDir(), [{ path: 'results.json', role: 'results' }])));

  it('names the file when the text is not JSON', () => {
    expect(() => parseManifest('{"schema": ', 'ev/manifest.json')).toThrow(/^ev\/manifest\.json: not valid JSON/);
  });

  it('rejects another schema, missing fields, wrong hash formats and extra properties', () => {
    const cases: ((m: Record<string, unknown>) => void)[] = [
      (m) => {
        m.schema = 'assay.manifest/v2';
      },
      (m) => {
        delete m.bundleSha256;
      },
      (m) => {
        (m.artifacts as { sha256: string }[])[0]!.sha256 = 'XYZ';
      },
      (m) => {
        (m.artifacts as { bytes: number }[])[0]!.bytes = -1;
      },
      (m) => {
        m.extra = true;
      },
    ];
    for (const mutate of cases) {
      const manifest = valid();
      mutate(manifest);
      expect(() => parseManifest(JSON.stringify(manifest), 'm.json')).toThrow(/^m\.json: not a valid assay manifest/);
    }
  });

  it('rejects artifact paths that escape the folder, so verify never reads outside it', () => {
    const manifest = valid();
    manifest.artifacts[0].path = '../../etc/passwd';
    expect(() => parseManifest(JSON.stringify(manifest), 'm.json')).toThrow(
      /m\.json: artifact path '..\/..\/etc\/passwd'/,
    );
  });
});
