// Building the results contract from rule results: one finding per failure, ordered by severity,
// located at the rule's line when it names one, with controls and stable fingerprints.
import { describe, expect, it } from 'vitest';
import type { Resource, Snapshot } from '../../src/model/resource.ts';
import type { RuleMeta } from '../../src/model/results.ts';
import { sha256 } from '../../src/model/snapshot.ts';
import { buildResults, fingerprint } from '../../src/pipeline/results.ts';
import { hasFindingsAtOrAbove } from '../../src/pipeline/verdict.ts';

const rule = (id: string, severity: RuleMeta['severity']): RuleMeta => ({
  id,
  title: `${id} title`,
  description: 'd',
  severity,
  kinds: ['storage.bucket'],
  remediation: 'r',
  file: `policies/${id}.rego`,
});

const bucket: Resource = {
  uid: 'terraform:main.tf:aws_s3_bucket.b',
  kind: 'storage.bucket',
  provider: 'aws',
  nativeType: 'aws_s3_bucket',
  name: 'b',
  location: { file: 'main.tf', line: 3, endLine: 20 },
  props: {},
  sourceId: 's',
};

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
      status: 'partial',
      gaps: [{ reason: 'parse-error', file: 'bad.tf', line: 4, message: 'unexpected }' }],
    },
  ],
  resources: [bucket],
};

function build(failureLine?: number) {
  return buildResults({
    toolVersion: '1.0.0',
    bundleSha256: 'abc',
    catalog: [rule('storage.low', 'low'), rule('storage.crit', 'critical')],
    ruleResults: [
      { ruleId: 'storage.low', inScope: [bucket.uid], passed: [], failed: [{ uid: bucket.uid, message: 'low one' }] },
      {
        ruleId: 'storage.crit',
        inScope: [bucket.uid],
        passed: [],
        failed: [{ uid: bucket.uid, message: 'critical one', ...(failureLine ? { line: failureLine } : {}) }],
      },
    ],
    snapshots: [{ snapshot, sha256: 'f00' }],
    controlsByRule: new Map([['storage.crit', [{ framework: 'pci-dss', control: '1.3.1' }]]]),
  });
}

describe('buildResults', () => {
  it('orders findings by severity and attaches controls, gaps and per-rule counts', () => {
    const results = build();
    expect(results.findings.map((f) => f.ruleId)).toEqual(['storage.crit', 'storage.low']);
    expect(results.findings[0]!.controls).toEqual([{ framework: 'pci-dss', control: '1.3.1' }]);
    expect(results.findings[1]!.controls).toEqual([]);
    expect(results.summary).toMatchObject({ resources: 1, rules: 2, findings: 2, gaps: 1 });
    expect(results.summary.bySeverity).toMatchObject({ critical: 1, low: 1, high: 0 });
    expect(results.gaps).toEqual([
      { id: 'gap-1', source: 'iac', reason: 'parse-error', file: 'bad.tf', line: 4, message: 'unexpected }' },
    ]);
    expect(results.rules.find((r) => r.id === 'storage.crit')).toMatchObject({ inScope: 1, passed: 0, failed: 1 });
  });

  it('counts resources, not messages, and keeps a failing resource in scope, so passed + failed = in scope', () => {
    const other: Resource = { ...bucket, uid: 'terraform:main.tf:aws_s3_bucket.other', name: 'other' };
    const results = buildResults({
      toolVersion: '1.0.0',
      bundleSha256: 'abc',
      catalog: [rule('storage.two', 'high')],
      ruleResults: [
        {
          ruleId: 'storage.two',
          // A rule may deny a resource it did not list in in_scope (a user policy).
          inScope: [bucket.uid],
          passed: [],
          failed: [
            { uid: bucket.uid, message: 'first problem' },
            { uid: bucket.uid, message: 'second problem' },
            { uid: other.uid, message: 'not listed in scope' },
          ],
        },
      ],
      snapshots: [{ snapshot: { ...snapshot, resources: [bucket, other] }, sha256: 'f00' }],
      controlsByRule: new Map(),
    });
    expect(results.findings).toHaveLength(3);
    expect(results.rules[0]).toMatchObject({ inScope: 2, passed: 0, failed: 2 });
    expect(results.evidence[0]).toMatchObject({ inScope: [bucket.uid, other.uid], failed: [bucket.uid, other.uid] });
    expect(results.resources.map((r) => r.uid)).toEqual([bucket.uid, other.uid]);
  });

  it('points at the line a rule names, without the resource end line', () => {
    expect(build().findings[0]!.resource.location).toEqual({ file: 'main.tf', line: 3, endLine: 20 });
    expect(build(7).findings[0]!.resource.location).toEqual({ file: 'main.tf', line: 7 });
  });

  it('keeps fingerprints stable when the line moves', () => {
    expect(build(7).findings[0]!.fingerprint).toBe(build(9).findings[0]!.fingerprint);
    expect(build().findings[0]!.fingerprint).not.toBe(build().findings[1]!.fingerprint);
  });

  it('applies --fail-on thresholds by severity rank', () => {
    const results = build();
    expect(hasFindingsAtOrAbove(results, 'critical')).toBe(true);
    const lowOnly = { ...results, findings: results.findings.filter((f) => f.severity === 'low') };
    expect(hasFindingsAtOrAbove(lowOnly, 'medium')).toBe(false);
    expect(hasFindingsAtOrAbove(lowOnly, 'low')).toBe(true);
  });
});

describe('a failure for a resource no snapshot holds', () => {
  it('becomes a gap naming the rule and the uid, never a silent drop', () => {
    const results = buildResults({
      toolVersion: '1.0.0',
      bundleSha256: 'abc',
      catalog: [rule('storage.crit', 'critical')],
      ruleResults: [
        {
          ruleId: 'storage.crit',
          inScope: [bucket.uid],
          passed: [bucket.uid],
          failed: [{ uid: 'terraform:ghost.tf:aws_s3_bucket.ghost', message: 'ghost bucket' }],
        },
      ],
      snapshots: [{ snapshot, sha256: 'f00' }],
      controlsByRule: new Map(),
    });
    expect(results.findings).toEqual([]);
    const gap = results.gaps.find((g) => g.source === 'engine');
    expect(gap).toMatchObject({ reason: 'other' });
    expect(gap?.message).toContain(
      'rule storage.crit (policies/storage.crit.rego) reported a failure for "terraform:ghost.tf:aws_s3_bucket.ghost"',
    );
    expect(results.evidence[0]).toMatchObject({ inScope: [bucket.uid], passed: [bucket.uid], failed: [] });
  });
});

describe('buildResults: how a finding is written', () => {
  it('fingerprints with the SHA-256 of rule, uid and message, as sha256() does', () => {
    for (const message of ['critical one', 'non-ASCII: é 😀 ü']) {
      expect(fingerprint('r.id', bucket.uid, message)).toBe(sha256(`r.id\n${bucket.uid}\n${message}`).slice(0, 32));
    }
  });

  it('writes its members and its resource in the contract order, evidence only when the failure has some', () => {
    const results = buildResults({
      toolVersion: '1.0.0',
      bundleSha256: 'abc',
      catalog: [rule('storage.low', 'low'), rule('storage.crit', 'critical')],
      ruleResults: [
        {
          ruleId: 'storage.low',
          inScope: [bucket.uid],
          passed: [],
          failed: [{ uid: bucket.uid, message: 'low one', evidence: { property: 'versioning', value: false } }],
        },
        {
          ruleId: 'storage.crit',
          inScope: [bucket.uid],
          passed: [],
          failed: [{ uid: bucket.uid, message: 'c', line: 5 }],
        },
      ],
      snapshots: [{ snapshot, sha256: 'f00' }],
      controlsByRule: new Map(),
    });
    const base = ['ruleId', 'title', 'severity', 'message', 'remediation', 'resource', 'controls'];
    expect(Object.keys(results.findings[0]!)).toEqual([...base, 'fingerprint']);
    expect(Object.keys(results.findings[1]!)).toEqual([...base, 'evidence', 'fingerprint']);
    for (const finding of results.findings) {
      expect(Object.keys(finding.resource)).toEqual(['uid', 'kind', 'name', 'nativeType', 'provider', 'location']);
    }
    expect(results.findings[0]!.resource.location).toEqual({ file: 'main.tf', line: 5 });
    expect(results.findings[1]!.resource.location).toBe(bucket.location);
  });
});

describe('buildResults: the resources in scope', () => {
  it('lists every resource some rule had in scope once, sorted by uid, whatever the snapshot order', () => {
    const make = (name: string): Resource => ({ ...bucket, uid: `terraform:main.tf:aws_s3_bucket.${name}`, name });
    const names = ['m', 'b', 'z', 'a', 'q', 'c', 'y', 'unused'];
    const shuffled = names.map(make);
    const uid = (name: string) => make(name).uid;
    const results = buildResults({
      toolVersion: '1.0.0',
      bundleSha256: 'abc',
      catalog: [rule('storage.low', 'low'), rule('storage.crit', 'critical')],
      ruleResults: [
        {
          ruleId: 'storage.low',
          inScope: ['z', 'a', 'm', 'q'].map(uid),
          passed: ['z', 'a', 'm', 'q'].map(uid),
          failed: [],
        },
        // 'ghost' is in scope but in no snapshot: left out, as before
        {
          ruleId: 'storage.crit',
          inScope: ['c', 'a', 'y', 'b', 'ghost'].map(uid),
          passed: ['c', 'a', 'y', 'b'].map(uid),
          failed: [],
        },
      ],
      snapshots: [{ snapshot: { ...snapshot, resources: shuffled }, sha256: 'f00' }],
      controlsByRule: new Map(),
    });
    // the definition: the distinct uids in scope, sorted, those a snapshot holds
    const expected = [...new Set(['z', 'a', 'm', 'q', 'c', 'a', 'y', 'b', 'ghost'].map(uid))]
      .sort()
      .filter((u) => shuffled.some((r) => r.uid === u));
    expect(results.resources.map((r) => r.uid)).toEqual(expected);
    expect(results.resources).toHaveLength(7);
    expect(Object.keys(results.resources[0]!)).toEqual(['uid', 'kind', 'name', 'nativeType', 'provider', 'location']);
  });
  it('lists evidence in scope and passed sorted and once each, whatever order the rule results give', () => {
    const make = (name: string): Resource => ({ ...bucket, uid: `terraform:main.tf:aws_s3_bucket.${name}`, name });
    const uid = (name: string) => make(name).uid;
    const results = buildResults({
      toolVersion: '1.0.0',
      bundleSha256: 'abc',
      catalog: [rule('storage.sorted', 'low'), rule('storage.unsorted', 'high'), rule('storage.passing', 'low')],
      ruleResults: [
        // As the engine gives them: sorted, failing resources in scope and not passed.
        {
          ruleId: 'storage.sorted',
          inScope: ['a', 'b', 'c'].map(uid),
          passed: ['a', 'c'].map(uid),
          failed: [{ uid: uid('b'), message: 'm' }],
        },
        // Out of order, a duplicate, a failing resource left out of scope and listed as passed.
        {
          ruleId: 'storage.unsorted',
          inScope: ['c', 'a', 'c'].map(uid),
          passed: ['c', 'b', 'a'].map(uid),
          failed: [{ uid: uid('b'), message: 'm' }],
        },
        { ruleId: 'storage.passing', inScope: ['b', 'a'].map(uid), passed: ['b', 'a'].map(uid), failed: [] },
      ],
      snapshots: [{ snapshot: { ...snapshot, resources: ['c', 'b', 'a'].map(make) }, sha256: 'f00' }],
      controlsByRule: new Map(),
    });
    const byRule = new Map(results.evidence.map((e) => [e.ruleId, e]));
    expect(byRule.get('storage.sorted')).toMatchObject({
      inScope: ['a', 'b', 'c'].map(uid),
      passed: ['a', 'c'].map(uid),
    });
    expect(byRule.get('storage.unsorted')).toMatchObject({
      inScope: ['a', 'b', 'c'].map(uid),
      passed: ['a', 'c'].map(uid),
      failed: [uid('b')],
    });
    expect(byRule.get('storage.passing')).toMatchObject({ inScope: ['a', 'b'].map(uid), passed: ['a', 'b'].map(uid) });
    expect(results.rules.map((r) => [r.id, r.inScope, r.passed, r.failed])).toEqual([
      ['storage.sorted', 3, 2, 1],
      ['storage.unsorted', 3, 2, 1],
      ['storage.passing', 2, 2, 0],
    ]);
  });
});
