// The policy build: the committed bundle matches the sources, the catalog covers every rule
// file, and the capabilities file turns a builtin the wasm host lacks into a build error.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPolicyBundle, hashSources, listRegoFiles, PolicyBuildError } from '../../src/policies/build.ts';
import { findOpa, OPA_VERSION } from '../../src/policies/opa-cli.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const policyDir = path.join(repoRoot, 'policies');
const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'dist/policies/manifest.json'), 'utf8'));
const catalog = JSON.parse(readFileSync(path.join(repoRoot, 'dist/policies/catalog.json'), 'utf8')) as {
  id: string;
  file: string;
}[];

function scratchPolicies(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'assay-policy-test-'));
  cpSync(path.join(policyDir, 'lib'), path.join(dir, 'policies/lib'), { recursive: true });
  cpSync(path.join(policyDir, 'main'), path.join(dir, 'policies/main'), { recursive: true });
  cpSync(path.join(policyDir, 'storage'), path.join(dir, 'policies/storage'), { recursive: true });
  return dir;
}

describe('policy bundle', () => {
  it('was built from the committed Rego sources', () => {
    expect(manifest.sourcesSha256).toBe(hashSources(policyDir));
  });

  it('has one catalog entry per rule file, with the id the file path gives', () => {
    const ruleFiles = listRegoFiles(policyDir)
      .map((f) => path.relative(repoRoot, f).split(path.sep).join('/'))
      .filter((f) => !f.endsWith('_test.rego') && !f.startsWith('policies/lib/') && !f.startsWith('policies/main/'));
    expect(catalog.map((r) => r.file).sort()).toEqual(ruleFiles.sort());
    for (const rule of catalog) {
      expect(rule.file).toBe(`policies/${rule.id.replace('.', '/')}.rego`);
    }
  });

  it('every rule has a test file beside it', () => {
    for (const rule of catalog) {
      expect(listRegoFiles(policyDir).map((f) => path.relative(repoRoot, f))).toContain(
        rule.file.replace('.rego', '_test.rego'),
      );
    }
  });

  const opa = (() => {
    try {
      return findOpa({ cacheDir: path.join(repoRoot, '.cache/opa'), install: false });
    } catch {
      return undefined;
    }
  })();

  it.runIf(opa)('fails the build on a builtin the wasm host does not provide', () => {
    const dir = scratchPolicies();
    writeFileSync(
      path.join(dir, 'policies/storage/clock.rego'),
      [
        '# METADATA',
        '# title: Uses the clock',
        '# description: Reads time, which the wasm host lacks.',
        '# custom:',
        '#   id: storage.clock',
        '#   severity: low',
        '#   kinds: [storage.bucket]',
        '#   remediation: none',
        'package assay.rules.storage.clock',
        '',
        'in_scope contains "x" if time.now_ns() > 0',
        '',
      ].join('\n'),
    );
    const build = () =>
      buildPolicyBundle({
        opa: opa!,
        opaVersion: OPA_VERSION,
        repoRoot: dir,
        policyDir: path.join(dir, 'policies'),
        outDir: path.join(dir, 'out'),
      });
    expect(build).toThrow(PolicyBuildError);
    expect(build).toThrow(/time\.now_ns/);
  });

  it.runIf(opa)('refuses METADATA whose id differs from the package path', () => {
    const dir = scratchPolicies();
    const file = path.join(dir, 'policies/storage/versioning_enabled.rego');
    writeFileSync(file, readFileSync(file, 'utf8').replace('id: storage.versioning_enabled', 'id: storage.versioning'));
    expect(() =>
      buildPolicyBundle({
        opa: opa!,
        opaVersion: OPA_VERSION,
        repoRoot: dir,
        policyDir: path.join(dir, 'policies'),
        outDir: path.join(dir, 'out'),
      }),
    ).toThrow(/custom\.id must be "storage\.versioning_enabled"/);
  });
});
