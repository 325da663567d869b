// Every rule names the props paths its decision reads (METADATA custom.decides), so results can
// show the deciding values for passing resources too. The build checks them against the model's
// kind schemas and refuses a rule without them.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RuleMeta } from '../../src/model/results.ts';
import { buildPolicyBundle, decidesProblem, PolicyBuildError } from '../../src/policies/build.ts';
import { findOpa, OPA_VERSION } from '../../src/policies/opa-cli.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const policyDir = path.join(repoRoot, 'policies');

const opa = (() => {
  try {
    return findOpa({ cacheDir: path.join(repoRoot, '.cache/opa'), install: false });
  } catch {
    return undefined;
  }
})();

/** Top-level props names of a kind, read straight from its schema (independent of the build's walker). */
function topLevelProps(kind: string): string[] {
  const schema = JSON.parse(readFileSync(path.join(repoRoot, 'src/model/schemas', `${kind}.schema.json`), 'utf8'));
  return Object.keys(schema.properties);
}

function build(root: string, policies = path.join(root, 'policies')) {
  return buildPolicyBundle({
    opa: opa!,
    opaVersion: OPA_VERSION,
    repoRoot: root,
    policyDir: policies,
    outDir: path.join(root, 'out'),
  });
}

/** A scratch copy of lib, main and the storage rules, to build with one rule file altered. */
function scratchPolicies(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'assay-decides-test-'));
  for (const sub of ['lib', 'main', 'storage']) {
    cpSync(path.join(policyDir, sub), path.join(dir, 'policies', sub), { recursive: true });
  }
  return dir;
}

function rewrite(file: string, edit: (text: string) => string): void {
  const before = readFileSync(file, 'utf8');
  const after = edit(before);
  expect(after).not.toBe(before); // the edit must hit, or the test proves nothing
  writeFileSync(file, after);
}

describe('decidesProblem', () => {
  it('accepts top-level, nested and array-element paths of the kind schema', () => {
    expect(decidesProblem(['encryption.enabled', 'tls.minVersion'], ['storage.bucket'])).toBeUndefined();
    expect(decidesProblem(['containers[].privileged', 'containers[].limits.cpu'], ['k8s.workload'])).toBeUndefined();
    expect(decidesProblem(['secrets'], ['iac.file'])).toBeUndefined();
    expect(decidesProblem(['statements[].actions'], ['iam.policy'])).toBeUndefined();
  });

  it('accepts a path defined by any one of the rule kinds', () => {
    expect(decidesProblem(['flowLogs', 'enabled'], ['network.vpc', 'network.flow_log'])).toBeUndefined();
    expect(decidesProblem(['flowLogs'], ['network.flow_log'])).toMatch(
      /"flowLogs" is not a property of network\.flow_log/,
    );
  });

  it('refuses an absent, empty or non-list value', () => {
    expect(decidesProblem(undefined, ['storage.bucket'])).toMatch(/must list the props paths.*undefined/);
    expect(decidesProblem([], ['storage.bucket'])).toMatch(/must list the props paths.*\[\]/);
    expect(decidesProblem('encryption.enabled', ['storage.bucket'])).toMatch(/must list the props paths/);
  });

  it('refuses entries that are not dot paths', () => {
    for (const bad of [
      42,
      null,
      '',
      'encryption..enabled',
      '.encryption',
      'containers[0].privileged',
      'containers.[].privileged',
      'props.encryption.enabled ',
    ]) {
      expect(decidesProblem([bad], ['storage.bucket', 'k8s.workload']), JSON.stringify(bad)).toMatch(
        /entries must be dot paths/,
      );
    }
  });

  it('refuses paths the kind schemas do not define', () => {
    expect(decidesProblem(['encrypted'], ['storage.bucket'])).toMatch(
      /"encrypted" is not a property of storage\.bucket/,
    );
    expect(decidesProblem(['encryption.on'], ['storage.bucket'])).toMatch(/"encryption\.on"/);
    // `[]` only after an array, and an array's elements only through `[]`.
    expect(decidesProblem(['encryption[].enabled'], ['storage.bucket'])).toMatch(/is not a property/);
    expect(decidesProblem(['containers.privileged'], ['k8s.workload'])).toMatch(/is not a property/);
    // Array elements that are strings have no properties to step into.
    expect(decidesProblem(['rules[].sources[].cidr'], ['network.firewall'])).toMatch(/is not a property/);
  });

  it('refuses a path listed twice', () => {
    expect(decidesProblem(['versioning.enabled', 'versioning.enabled'], ['storage.bucket'])).toMatch(/twice/);
  });
});

describe.runIf(opa)('custom.decides in the policy build', () => {
  it('is in the catalog of every rule, with paths the kind schemas define', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'assay-decides-catalog-'));
    const manifest = build(dir, policyDir);
    const catalog = JSON.parse(readFileSync(path.join(dir, 'out/catalog.json'), 'utf8')) as RuleMeta[];
    expect(catalog).toHaveLength(manifest.rules);
    expect(catalog.length).toBeGreaterThanOrEqual(33);
    for (const rule of catalog) {
      expect(rule.decides, rule.id).toBeInstanceOf(Array);
      expect(rule.decides!.length, rule.id).toBeGreaterThan(0);
      const defined = new Set(rule.kinds.flatMap(topLevelProps));
      for (const property of rule.decides!) {
        expect(defined, `${rule.id}: ${property}`).toContain(property.split('.')[0]!.replace(/\[\]$/, ''));
      }
    }
  });

  it('records the paths as the METADATA lists them', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'assay-decides-catalog-'));
    build(dir, policyDir);
    const catalog = JSON.parse(readFileSync(path.join(dir, 'out/catalog.json'), 'utf8')) as RuleMeta[];
    const byId = new Map(catalog.map((r) => [r.id, r.decides]));
    expect(byId.get('secrets.no_hardcoded_secrets')).toEqual(['secrets']);
    expect(byId.get('storage.encryption_at_rest')).toEqual(['encryption.enabled']);
    expect(byId.get('k8s.no_privileged_containers')).toEqual(['containers[].privileged']);
  });

  it('fails, naming the rule file, when a rule has no decides', () => {
    const dir = scratchPolicies();
    rewrite(path.join(dir, 'policies/storage/versioning_enabled.rego'), (text) =>
      text.replace(/^# {3}decides:\n(# {5}- .*\n)+/m, ''),
    );
    expect(() => build(dir)).toThrow(PolicyBuildError);
    expect(() => build(dir)).toThrow(
      /policies\/storage\/versioning_enabled\.rego \(package assay\.rules\.storage\.versioning_enabled\): METADATA custom\.decides must list the props paths/,
    );
  });

  it('fails, naming the rule file and the path, when a path is not a property of the kinds', () => {
    const dir = scratchPolicies();
    rewrite(path.join(dir, 'policies/storage/versioning_enabled.rego'), (text) =>
      text.replace('#     - versioning.enabled', '#     - versioning.on'),
    );
    expect(() => build(dir)).toThrow(
      /policies\/storage\/versioning_enabled\.rego.*custom\.decides path "versioning\.on" is not a property of storage\.bucket/,
    );
  });
});
