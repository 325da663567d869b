// Users' own policy folders: compiled with the real opa together with the shipped rules, run
// through the CLI as a user would, with the errors a user meets (no opa, bad Rego, a clashing id).
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Results, RuleMeta } from '../../src/model/results.ts';
import { findOpa } from '../../src/policies/opa-cli.ts';
import { buildUserBundle, OPA_MISSING_MESSAGE, UserPoliciesError } from '../../src/policies/user-bundle.ts';
import { repoRoot, runCli } from '../cli/run-cli.ts';

const fixtures = 'test/fixtures/user-policies';
const orgRules = path.join(repoRoot, fixtures, 'org');

const opa = (() => {
  try {
    return findOpa({ cacheDir: path.join(repoRoot, '.cache/opa'), install: false });
  } catch {
    return undefined;
  }
})();

const originalEnv = { PATH: process.env.PATH, TMPDIR: process.env.TMPDIR, ASSAY_OPA: process.env.ASSAY_OPA };

beforeAll(() => {
  // The CLI keeps its bundle cache under the temp folder: give this file its own.
  process.env.TMPDIR = mkdtempSync(path.join(os.tmpdir(), 'assay-user-bundle-test-'));
  delete process.env.ASSAY_OPA;
});

afterEach(() => {
  process.env.PATH = originalEnv.PATH;
});

afterAll(() => {
  for (const [name, value] of Object.entries(originalEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

/** PATH with the real opa in front. */
function pathWithOpa(): string {
  return `${path.dirname(opa!)}${path.delimiter}${originalEnv.PATH}`;
}

/**
 * PATH without any opa, and with a `go` that records being called, so a test can tell that no
 * go install was attempted.
 */
function pathWithoutOpa(): { path: string; goCalled: string } {
  const bin = mkdtempSync(path.join(os.tmpdir(), 'assay-fake-go-'));
  const goCalled = path.join(bin, 'go-was-called');
  writeFileSync(path.join(bin, 'go'), `#!/bin/sh\ntouch '${goCalled}'\nexit 1\n`);
  chmodSync(path.join(bin, 'go'), 0o755);
  const entries = (originalEnv.PATH ?? '').split(path.delimiter).filter((dir) => !existsSync(path.join(dir, 'opa')));
  return { path: [bin, ...entries].join(path.delimiter), goCalled };
}

function scratchFolder(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'assay-user-rules-'));
}

describe.runIf(opa)('assay scan --policies with opa on PATH', () => {
  it('reports the user rule next to the shipped rules, with its METADATA in the catalog', async () => {
    process.env.PATH = pathWithOpa();
    const { code, stdout, stderr } = await runCli([
      'scan',
      'examples/terraform',
      '--policies',
      `${fixtures}/org`,
      '--format',
      'json',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const results = JSON.parse(stdout) as Results;
    const custom = results.findings.filter((f) => f.ruleId === 'custom.bucket_customer_managed_key');
    expect(custom.map((f) => f.resource.name).sort()).toEqual(['logs', 'this', 'website']);
    expect(custom[0]!.message).toMatch(/is not encrypted with a customer-managed key/);
    expect(custom[0]!.severity).toBe('medium');
    // The shipped rules still run in the same bundle.
    expect(results.findings.some((f) => f.ruleId === 'storage.versioning_enabled')).toBe(true);
    expect(results.findings.some((f) => f.ruleId === 'network.admin_ports_restricted')).toBe(true);
    const rule = results.rules.find((r) => r.id === 'custom.bucket_customer_managed_key')!;
    expect(rule).toMatchObject({
      title: 'Storage buckets encrypt with a customer-managed key',
      decides: ['encryption.kmsKeyId'],
      file: `${fixtures}/org/bucket_customer_managed_key.rego`,
    });
    // One bucket names its key and passes.
    expect(rule.passed).toBeGreaterThan(0);
    // The user's Rego unit test is not compiled into the bundle.
    expect(results.rules.some((r) => r.id.endsWith('_test'))).toBe(false);
  });

  it('maps the user rule to the control of a user framework (--frameworks-dir)', async () => {
    process.env.PATH = pathWithOpa();
    const { code, stdout } = await runCli([
      'scan',
      'examples/terraform',
      '--policies',
      `${fixtures}/org`,
      '--frameworks-dir',
      `${fixtures}/frameworks`,
      '--framework',
      'acme-baseline',
      '--format',
      'json',
    ]);
    expect(code).toBe(1);
    const results = JSON.parse(stdout) as Results;
    const control = results.frameworks.find((f) => f.id === 'acme-baseline')!.controls[0]!;
    expect(control.id).toBe('ACME-KEY-1');
    expect(control.status).toBe('fail');
    expect(control.rules.find((r) => r.ruleId === 'custom.bucket_customer_managed_key')).toMatchObject({
      inScope: 4,
      failed: 3,
    });
    const finding = results.findings.find((f) => f.ruleId === 'custom.bucket_customer_managed_key')!;
    expect(finding.controls).toEqual([{ framework: 'acme-baseline', control: 'ACME-KEY-1' }]);
  });

  it('exits 2 with the file and line of a Rego syntax error', async () => {
    process.env.PATH = pathWithOpa();
    const { code, stdout, stderr } = await runCli(['scan', 'examples/terraform', '--policies', `${fixtures}/broken`]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/broken\/missing_brace\.rego:17: rego_parse_error/);
  });

  it('refuses a user rule that takes the id of a shipped rule', async () => {
    process.env.PATH = pathWithOpa();
    const { code, stderr } = await runCli(['scan', 'examples/terraform', '--policies', `${fixtures}/collision`]);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /collision\/encryption_at_rest\.rego: rule id storage\.encryption_at_rest is already a shipped rule \(policies\/storage\/encryption_at_rest\.rego\)/,
    );
    expect(stderr).toMatch(/assay\.rules\.custom\.encryption_at_rest/);
  });

  it('refuses the same rule in two user folders, naming both files', async () => {
    process.env.PATH = pathWithOpa();
    const copy = scratchFolder();
    cpSync(orgRules, copy, { recursive: true });
    const build = buildUserBundle([orgRules, copy], { cacheDir: scratchFolder() });
    await expect(build).rejects.toThrow(UserPoliciesError);
    // opa itself refuses two package METADATA blocks for one package (naming them in path order).
    const message = await build.catch((error: Error) => error.message);
    expect(message).toMatch(/\.rego:1: rego_type_error: package annotation redeclared: /);
    expect(message).toContain(`${path.join(copy, 'bucket_customer_managed_key.rego')}:1`);
    expect(message).toContain(`${path.join(orgRules, 'bucket_customer_managed_key.rego')}:1`);
  });

  it('refuses a rule package without METADATA', async () => {
    process.env.PATH = pathWithOpa();
    await expect(
      buildUserBundle([path.join(repoRoot, fixtures, 'no-metadata')], { cacheDir: scratchFolder() }),
    ).rejects.toThrow(/undocumented\.rego: package assay\.rules\.custom\.undocumented has no package METADATA/);
  });

  it("refuses packages that would change assay's own entrypoint, and rules nested too deep", async () => {
    process.env.PATH = pathWithOpa();
    const main = scratchFolder();
    writeFileSync(path.join(main, 'main.rego'), 'package assay.main\n\nextra := 1\n');
    await expect(buildUserBundle([main], { cacheDir: scratchFolder() })).rejects.toThrow(
      /main\.rego: package assay\.main is assay's own/,
    );
    const deep = scratchFolder();
    writeFileSync(path.join(deep, 'deep.rego'), 'package assay.rules.custom.a.b\n\ndeny := set()\n');
    await expect(buildUserBundle([deep], { cacheDir: scratchFolder() })).rejects.toThrow(
      /package assay\.rules\.custom\.a\.b must be assay\.rules\.<domain>\.<name>/,
    );
  });

  it('holds user rules to the wasm capabilities and to the decides paths of the model', async () => {
    process.env.PATH = pathWithOpa();
    const rule = readFileSync(path.join(orgRules, 'bucket_customer_managed_key.rego'), 'utf8');
    const clock = scratchFolder();
    const usesClock = rule.replace('not r.props.encryption.kmsKeyId', 'time.now_ns() > 0');
    expect(usesClock).not.toBe(rule);
    writeFileSync(path.join(clock, 'rule.rego'), usesClock);
    await expect(buildUserBundle([clock], { cacheDir: scratchFolder() })).rejects.toThrow(/time\.now_ns/);

    // Tags are not props, so a rule cannot (yet) declare that it decides on them.
    const tags = scratchFolder();
    const decidesTag = rule.replace('- encryption.kmsKeyId', '- tags.owner');
    expect(decidesTag).not.toBe(rule);
    writeFileSync(path.join(tags, 'rule.rego'), decidesTag);
    await expect(buildUserBundle([tags], { cacheDir: scratchFolder() })).rejects.toThrow(
      /custom\.decides path "tags\.owner" is not a property of storage\.bucket/,
    );
  });

  it('reuses a cached bundle for the same sources and builds a new one when a source changes', async () => {
    process.env.PATH = pathWithOpa();
    const cacheDir = scratchFolder();
    const rules = scratchFolder();
    cpSync(orgRules, rules, { recursive: true });
    const first = await buildUserBundle([rules], { cacheDir });
    for (const name of ['policy.wasm', 'catalog.json', 'manifest.json']) {
      expect(existsSync(path.join(first, name))).toBe(true);
    }
    const catalog = JSON.parse(readFileSync(path.join(first, 'catalog.json'), 'utf8')) as RuleMeta[];
    expect(catalog.map((r) => r.id)).toContain('custom.bucket_customer_managed_key');
    expect(catalog.map((r) => r.id)).toContain('storage.encryption_at_rest');
    const builtAt = statSync(path.join(first, 'policy.wasm')).mtimeMs;

    const second = await buildUserBundle([rules], { cacheDir });
    expect(second).toBe(first);
    expect(statSync(path.join(second, 'policy.wasm')).mtimeMs).toBe(builtAt);

    const file = path.join(rules, 'bucket_customer_managed_key.rego');
    writeFileSync(file, readFileSync(file, 'utf8').replace('severity: medium', 'severity: high'));
    const third = await buildUserBundle([rules], { cacheDir });
    expect(third).not.toBe(first);
    const changed = JSON.parse(readFileSync(path.join(third, 'catalog.json'), 'utf8')) as RuleMeta[];
    expect(changed.find((r) => r.id === 'custom.bucket_customer_managed_key')!.severity).toBe('high');
  });

  it('refuses --bundle together with --policies', async () => {
    process.env.PATH = pathWithOpa();
    const { code, stderr } = await runCli([
      'scan',
      'examples/terraform',
      '--policies',
      `${fixtures}/org`,
      '--bundle',
      'dist/policies',
    ]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/use either --bundle or --policies/);
  });
});

describe('assay scan --policies without opa', () => {
  it('exits 2 naming setup-opa, and never tries go install', async () => {
    const { path: noOpa, goCalled } = pathWithoutOpa();
    process.env.PATH = noOpa;
    const { code, stdout, stderr } = await runCli(['scan', 'examples/terraform', '--policies', `${fixtures}/org`]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`error: ${OPA_MISSING_MESSAGE}\n`);
    expect(stderr).toMatch(/uses: open-policy-agent\/setup-opa@v2/);
    expect(stderr).toMatch(/https:\/\/www\.openpolicyagent\.org\/docs\/latest\/#running-opa/);
    expect(existsSync(goCalled)).toBe(false);
  });

  it('names a policy folder that does not exist, before looking for opa', async () => {
    process.env.PATH = pathWithoutOpa().path;
    const { code, stderr } = await runCli(['scan', 'examples/terraform', '--policies', 'no/such/rules']);
    expect(code).toBe(2);
    expect(stderr).toBe('error: policy folder no/such/rules does not exist\n');
  });

  it('names a folder without Rego and a file given as a folder', async () => {
    const empty = scratchFolder();
    mkdirSync(path.join(empty, 'nested'));
    await expect(buildUserBundle([empty])).rejects.toThrow(UserPoliciesError);
    await expect(buildUserBundle([empty])).rejects.toThrow(`policy folder ${empty} holds no .rego files`);
    const file = path.join(orgRules, 'bucket_customer_managed_key.rego');
    await expect(buildUserBundle([file])).rejects.toThrow(`policy folder ${file} is not a folder`);
  });
});
