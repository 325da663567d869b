// A module repository with example roots (the terraform-aws-modules layout), read end to end:
// fixture files -> the real HCL reader -> AWS mapping; and what the Action does with a finding
// on a module's resource.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { planAnnotations } from '../../../../src/action/annotations.ts';
import { changedLinesFilter } from '../../../../src/action/filter.ts';
import { collectTerraform } from '../../../../src/collectors/iac/terraform/index.ts';
import type { IacFile } from '../../../../src/kit/format-contract.ts';
import type { Resource } from '../../../../src/model/resource.ts';
import type { Finding } from '../../../../src/model/results.ts';
import { validateResources } from '../../../../src/model/validate.ts';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/terraform');

export function terraformFiles(folder: string): IacFile[] {
  const root = path.join(fixtures, folder);
  const files: IacFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(abs);
      else if (/\.tf(vars)?$/.test(entry.name))
        files.push({
          relPath: path.relative(root, abs).split(path.sep).join('/'),
          absPath: abs,
          content: readFileSync(abs, 'utf8'),
          format: entry.name.endsWith('.tf') ? 'terraform' : 'tfvars',
        });
    }
  };
  walk(root);
  return files;
}

async function scan(folder: string) {
  const { resources, gaps } = await collectTerraform(terraformFiles(folder), 'src-tf');
  expect(validateResources(resources)).toEqual([]);
  const get = (uid: string): Resource => {
    const found = resources.find((r) => r.uid === uid);
    if (!found) throw new Error(`no ${uid}; have ${resources.map((r) => r.uid).join(', ')}`);
    return found;
  };
  return { resources, gaps, get };
}

const COMPLETE = 'terraform:examples/complete/main.tf:module.s3_bucket.aws_s3_bucket.this[0]';
const SIMPLE = 'terraform:examples/simple/main.tf:module.s3_bucket.aws_s3_bucket.this[0]';
const LOGS = 'terraform:examples/complete/main.tf:module.log_bucket.aws_s3_bucket.this[0]';

describe('example roots calling one module under the same name', async () => {
  const { resources, get } = await scan('module-examples');

  it('keeps one resource per root and call, named from the calling root', () => {
    const buckets = resources.filter((r) => r.nativeType === 'aws_s3_bucket').map((r) => r.uid);
    expect(buckets.sort()).toEqual([COMPLETE, LOGS, SIMPLE].sort());
  });

  it('links each root companions to its own bucket only', () => {
    // Only the complete example configures KMS encryption; the simple one suspends versioning.
    expect(get(COMPLETE).props).toMatchObject({ encryption: { enabled: true, algorithm: 'aws:kms' } });
    expect(get(SIMPLE).props).toMatchObject({ versioning: { enabled: false } });
    expect(get(SIMPLE).props).not.toMatchObject({ encryption: { algorithm: 'aws:kms' } });
  });

  it('locates a module resource at its line in the module and at the calling module block', () => {
    expect(get(SIMPLE).location).toEqual({
      file: 'main.tf',
      line: 6,
      endLine: 13,
      calledFrom: [{ file: 'examples/simple/main.tf', line: 5, endLine: 13 }],
    });
  });

  it('shows the Action a finding on a module resource where the changed call is, and keeps it', () => {
    const bucket = get(SIMPLE);
    const finding = {
      ruleId: 'storage.versioning_enabled',
      title: 'Buckets keep versions',
      severity: 'medium',
      message: 'versioning is off',
      remediation: 'enable it',
      resource: {
        uid: bucket.uid,
        kind: bucket.kind,
        name: bucket.name,
        nativeType: bucket.nativeType,
        provider: bucket.provider,
        location: bucket.location,
      },
      controls: [],
      fingerprint: 'fp-1',
    } as unknown as Finding;
    const changed = [{ path: 'examples/simple/main.tf', ranges: [{ start: 10, end: 11 }] }];
    const { keep } = changedLinesFilter(changed, { resources: [finding.resource] });
    expect(keep(finding)).toBe(true);
    // A change elsewhere in the calling file does not bring it in.
    const { keep: elsewhere } = changedLinesFilter(
      [{ path: 'examples/simple/main.tf', ranges: [{ start: 1, end: 3 }] }],
      { resources: [finding.resource] },
    );
    expect(elsewhere(finding)).toBe(false);
    const plan = planAnnotations({
      findings: [finding],
      gaps: [],
      seeAlso: 'the job summary',
      changedFiles: new Set(changed.map((c) => c.path)),
    });
    expect(plan.annotations[0]).toMatchObject({ file: 'examples/simple/main.tf', startLine: 5 });
    // Without a pull request's changed files, the resource's own line.
    const full = planAnnotations({ findings: [finding], gaps: [], seeAlso: 'x' });
    expect(full.annotations[0]).toMatchObject({ file: 'main.tf', startLine: 6 });
  });
});
