// Control status from rule results: each status, which gaps touch a control, and the evidence
// (counts, uids, populations) that stands behind it. Built through buildResults, as the pipeline does.
import { describe, expect, it } from 'vitest';
import type { Framework } from '../../src/frameworks/catalog.ts';
import type { Gap, Resource, Snapshot } from '../../src/model/resource.ts';
import type { ControlResult, Results, RuleMeta, RuleResult, Waiver } from '../../src/model/results.ts';
import { buildResults } from '../../src/pipeline/results.ts';

const rule = (id: string, kinds: RuleMeta['kinds']): RuleMeta => ({
  id,
  title: id,
  description: 'd',
  severity: 'high',
  kinds,
  remediation: 'r',
  file: `policies/${id}.rego`,
});

const CATALOG = [
  { ...rule('storage.enc', ['storage.bucket']), decides: ['encryption.enabled', 'encryption.algorithm'] },
  rule('storage.public', ['storage.bucket']),
  rule('database.enc', ['database.instance']),
  rule('k8s.root', ['k8s.workload']),
];

const bucket = (name: string, enabled?: boolean): Resource => ({
  uid: `terraform:main.tf:aws_s3_bucket.${name}`,
  kind: 'storage.bucket',
  provider: 'aws',
  nativeType: 'aws_s3_bucket',
  name,
  location: { file: 'main.tf', line: 1, endLine: 5 },
  props: enabled === undefined ? {} : { encryption: { enabled } },
  ...(enabled === true ? { defaulted: ['encryption.enabled'] } : {}),
  sourceId: 'iac-1',
});

const FRAMEWORK: Framework = {
  id: 'test',
  name: 'Test',
  version: '1',
  file: 'test.yaml',
  controls: [
    { id: 'T-1', title: 'Buckets', section: 'S', automation: 'partial', rules: [{ rule: 'storage.enc', reason: 'x' }] },
    {
      id: 'T-2',
      title: 'Buckets and databases',
      section: 'S',
      automation: 'partial',
      rules: [
        { rule: 'storage.public', reason: 'x' },
        { rule: 'database.enc', reason: 'y' },
      ],
    },
    {
      id: 'T-3',
      title: 'Databases only',
      section: 'S',
      automation: 'automated',
      rules: [{ rule: 'database.enc', reason: 'y' }],
    },
    { id: 'T-4', title: 'Policy', section: 'S', automation: 'manual', rules: [] },
    { id: 'T-5', title: 'Workloads', section: 'S', automation: 'partial', rules: [{ rule: 'k8s.root', reason: 'z' }] },
    {
      id: 'T-6',
      title: 'Unknown rule',
      section: 'S',
      automation: 'partial',
      rules: [{ rule: 'gone.rule', reason: 'z' }],
    },
  ],
};

interface Case {
  resources: Resource[];
  ruleResults: RuleResult[];
  gaps?: Gap[];
  waivers?: Waiver[];
  framework?: Framework;
}

function run({ resources, ruleResults, gaps = [], waivers = [], framework = FRAMEWORK }: Case): Results {
  const snapshot: Snapshot = {
    schema: 'assay.snapshot/v1',
    collectedAt: '2026-01-01T00:00:00.000Z',
    tool: { name: 'assay', version: '0' },
    sources: [
      {
        id: 'iac-1',
        collector: 'iac',
        target: '.',
        startedAt: '2026-01-01T00:00:00.000Z',
        finishedAt: '2026-01-01T00:00:01.000Z',
        status: gaps.length > 0 ? 'partial' : 'ok',
        method: 'parsed the files under .',
        gaps,
      },
    ],
    resources,
  };
  return buildResults({
    toolVersion: '1',
    bundleSha256: 'b',
    catalog: CATALOG,
    ruleResults,
    snapshots: [{ snapshot, sha256: 'a'.repeat(64) }],
    controlsByRule: new Map(),
    frameworks: [framework],
    waivers,
    now: new Date('2026-06-01T00:00:00Z'),
  });
}

const control = (results: Results, id: string): ControlResult => {
  const found = results.frameworks[0]?.controls.find((c) => c.id === id);
  if (!found) throw new Error(`no control ${id}`);
  return found;
};

const good = bucket('good', true);
const bad = bucket('bad', false);
const twoBuckets: Case = {
  resources: [good, bad],
  ruleResults: [
    {
      ruleId: 'storage.enc',
      inScope: [good.uid, bad.uid],
      passed: [good.uid],
      failed: [{ uid: bad.uid, message: 'not encrypted' }],
    },
    { ruleId: 'storage.public', inScope: [good.uid, bad.uid], passed: [good.uid, bad.uid], failed: [] },
    { ruleId: 'database.enc', inScope: [], passed: [], failed: [] },
    { ruleId: 'k8s.root', inScope: [], passed: [], failed: [] },
  ],
};

const waiver = (expires: string): Waiver => ({
  id: 'W1',
  rule: 'storage.enc',
  selector: { uid: '*aws_s3_bucket.bad' },
  reason: 'scheduled for deletion',
  approver: 'ciso@example.com',
  expires,
  origin: { kind: 'file', file: '.assay/waivers.yaml', line: 3 },
});

describe('control status', () => {
  it('fails a control with an open failure, and says which rule and how many resources', () => {
    const t1 = control(run(twoBuckets), 'T-1');
    expect(t1.status).toBe('fail');
    expect(t1.statusReason).toBe('1 open finding on 1 resource (storage.enc).');
    expect(t1.rules).toEqual([
      {
        ruleId: 'storage.enc',
        reason: 'x',
        inScope: 2,
        passed: 1,
        failed: 1,
        waived: 0,
        notEvaluated: 0,
        populations: ['aaaaaaaaaaaa/iac-1/storage.bucket'],
        mappingType: 'evidence',
      },
    ]);
    expect(t1.findings).toHaveLength(1);
  });

  it('passes with limited scope a control half of whose rules had nothing in scope, naming them', () => {
    const t2 = control(run(twoBuckets), 'T-2');
    expect(t2.status).toBe('pass');
    expect(t2.passScope).toBe('limited');
    expect(t2.statusReason).toBe(
      'Pass (limited scope): 1 of 2 rules had resources in scope. 2 resource checks by 1 rule, none failed. No resource in scope for database.enc.',
    );
    expect(t2.coverage).toEqual({
      evidenceRules: 2,
      evidenceRulesInScope: 1,
      supportingRules: 0,
      supportingRulesInScope: 0,
      summary: '1 of 2 rules had resources in scope',
    });
  });

  it('never passes a control with nothing in scope', () => {
    const results = run(twoBuckets);
    expect(control(results, 'T-3')).toMatchObject({
      status: 'not-evaluated',
      statusReason: 'Nothing to test: no resource in scope.',
    });
    expect(control(results, 'T-6')).toMatchObject({
      status: 'not-evaluated',
      statusReason: 'Nothing to test: none of its rules is in the policy bundle.',
    });
  });

  it('reports manual controls as manual with no rules', () => {
    expect(control(run(twoBuckets), 'T-4')).toMatchObject({ status: 'manual', rules: [], findings: [] });
  });

  it('turns a fully waived control into an exception, and counts the resource as waived', () => {
    const results = run({ ...twoBuckets, waivers: [waiver('2026-12-31')] });
    const t1 = control(results, 'T-1');
    expect(t1.status).toBe('exception');
    expect(t1.statusReason).toBe('All 1 failure accepted by waiver W1.');
    expect(t1.rules[0]).toMatchObject({ inScope: 2, passed: 1, failed: 0, waived: 1 });
    expect(results.summary).toMatchObject({ findings: 1, open: 0, waived: 1 });
    expect(results.findings[0]?.waiver).toMatchObject({ id: 'W1', reason: 'scheduled for deletion' });
    expect(results.evidence.find((e) => e.ruleId === 'storage.enc')).toEqual({
      ruleId: 'storage.enc',
      inScope: [bad.uid, good.uid],
      passed: [good.uid],
      failed: [],
      waived: [bad.uid],
      notEvaluated: [],
      notEvaluatedReasons: {},
      // The values the rule decided on, for passing and failing resources alike.
      values: [
        { uid: bad.uid, values: { 'encryption.enabled': false } },
        { uid: good.uid, values: { 'encryption.enabled': true }, defaulted: ['encryption.enabled'] },
      ],
    });
  });

  it('lets an expired waiver lapse: the control fails again and the waiver is reported', () => {
    const results = run({ ...twoBuckets, waivers: [waiver('2026-05-31')] });
    expect(control(results, 'T-1').status).toBe('fail');
    expect(results.waivers).toMatchObject([
      { id: 'W1', state: 'expired', findings: [results.findings[0]?.fingerprint] },
    ]);
    expect(results.summary.open).toBe(1);
  });

  it('marks a control not-evaluated when an unread input may hold its resources', () => {
    const results = run({
      ...twoBuckets,
      ruleResults: twoBuckets.ruleResults.map((r) =>
        r.ruleId === 'storage.enc' ? { ...r, passed: [good.uid, bad.uid], failed: [] } : r,
      ),
      gaps: [{ reason: 'parse-error', file: 'broken.tf', line: 7, message: 'unexpected }' }],
    });
    const t1 = control(results, 'T-1');
    expect(t1.status).toBe('not-evaluated');
    expect(t1.statusReason).toBe('Not every input was read (broken.tf: parse-error); resources there may be missing.');
    expect(t1.gaps).toEqual(['gap-1']);
  });

  it('never reports an exception when an unread input may hold more failures of the control', () => {
    const results = run({
      ...twoBuckets,
      waivers: [waiver('2026-12-31')],
      gaps: [{ reason: 'parse-error', file: 'broken.tf', line: 7, message: 'unexpected }' }],
    });
    const t1 = control(results, 'T-1');
    expect(t1.status).toBe('not-evaluated');
    expect(t1.statusReason).toBe(
      'Not every input was read (broken.tf: parse-error); resources there may be missing. 1 failure found was accepted by waiver W1.',
    );
    expect(t1.rules[0]).toMatchObject({ failed: 0, waived: 1 });
  });

  it('keeps a failure a failure even when inputs are missing', () => {
    const results = run({ ...twoBuckets, gaps: [{ reason: 'unreadable', file: 'x.tf', message: 'EACCES' }] });
    expect(control(results, 'T-1').status).toBe('fail');
  });

  it('lets a gap that names other kinds leave a control alone, and lists non-blocking gaps', () => {
    const results = run({
      ...twoBuckets,
      gaps: [
        {
          reason: 'permission-denied',
          endpoint: 'rds.DescribeDBInstances',
          message: 'denied',
          kinds: ['database.instance'],
        },
        { reason: 'unsupported', file: 'main.tf', line: 40, message: 'aws_waf_acl is not modelled' },
      ],
    });
    const t2 = control(results, 'T-2');
    expect(t2.status).toBe('not-evaluated');
    expect(t2.gaps).toEqual(['gap-1', 'gap-2']);
    const t5 = control(results, 'T-5');
    expect(t5.gaps).toEqual(['gap-2']);
    expect(t5.status).toBe('not-evaluated');
    expect(t5.statusReason).toBe('Nothing to test: no resource in scope.');
  });

  it('counts statuses per framework', () => {
    const { summary } = run(twoBuckets).frameworks[0]!;
    expect(summary).toEqual({
      total: 6,
      fail: 1,
      pass: 1,
      passLimitedScope: 1,
      exception: 0,
      'not-evaluated': 3,
      manual: 1,
    });
  });

  it('lists the resources in scope with names and locations, for the uids in the evidence', () => {
    expect(run(twoBuckets).resources.map((r) => [r.uid, r.name, r.location.file])).toEqual([
      [bad.uid, 'bad', 'main.tf'],
      [good.uid, 'good', 'main.tf'],
    ]);
  });
});

describe('a resource whose deciding property is unknown', () => {
  const unknownBucket: Resource = {
    ...bucket('maybe'),
    unknown: ['encryption'],
    unknownReasons: { encryption: 'server_side_encryption depends on var.sse, which has no value' },
  };
  const results = (others: Resource[], failed: RuleResult['failed'] = []) =>
    run({
      resources: [unknownBucket, ...others],
      ruleResults: [
        {
          ruleId: 'storage.enc',
          inScope: [unknownBucket.uid, ...others.map((r) => r.uid)],
          passed: [unknownBucket.uid, ...others.map((r) => r.uid)].filter((uid) => !failed.some((f) => f.uid === uid)),
          failed,
        },
        // storage.public does not decide on encryption: the unknown does not touch it.
        { ruleId: 'storage.public', inScope: [unknownBucket.uid], passed: [unknownBucket.uid], failed: [] },
      ],
    });

  it('is not evaluated (never passed) for a rule deciding on it, with the reason in evidence and counts', () => {
    const r = results([]);
    const evidence = r.evidence.find((e) => e.ruleId === 'storage.enc')!;
    expect(evidence.passed).toEqual([]);
    expect(evidence.notEvaluated).toEqual([unknownBucket.uid]);
    expect(evidence.notEvaluatedReasons[unknownBucket.uid]).toEqual([
      'server_side_encryption depends on var.sse, which has no value',
    ]);
    // `encryption` unknown bears on the decided path `encryption.enabled` (prefix-aware).
    expect(evidence.values[0]?.unknown).toEqual({
      encryption: 'server_side_encryption depends on var.sse, which has no value',
    });
    expect(r.rules.find((x) => x.id === 'storage.enc')).toMatchObject({ inScope: 1, passed: 0, notEvaluated: 1 });
    expect(r.evidence.find((e) => e.ruleId === 'storage.public')?.passed).toEqual([unknownBucket.uid]);
  });

  it('makes the control not-evaluated, also when other resources passed, saying how many and why', () => {
    const only = control(results([]), 'T-1');
    expect(only.status).toBe('not-evaluated');
    expect(only.statusReason).toBe(
      `1 resource check could not be evaluated (storage.enc on ${unknownBucket.uid}: server_side_encryption depends on var.sse, which has no value); an unknown value is never a pass.`,
    );
    const mixed = control(results([good]), 'T-1');
    expect(mixed.status).toBe('not-evaluated');
    expect(mixed.statusReason).toMatch(/^1 resource check could not be evaluated .*; 1 passed; an unknown value/);
    expect(mixed.rules[0]).toMatchObject({ inScope: 2, passed: 1, notEvaluated: 1 });
  });

  it('still fails the control when a resource fails, and a failing resource is never not-evaluated', () => {
    const r = results([], [{ uid: unknownBucket.uid, message: 'not encrypted when var.sse is false' }]);
    expect(control(r, 'T-1').status).toBe('fail');
    const evidence = r.evidence.find((e) => e.ruleId === 'storage.enc')!;
    expect(evidence.failed).toEqual([unknownBucket.uid]);
    expect(evidence.notEvaluated).toEqual([]);
  });
});

describe('coverage and supporting mappings', () => {
  const rules = (...ids: string[]) => ids.map((id) => ({ rule: id, reason: 'r' }));
  const framework: Framework = {
    id: 'cov',
    name: 'Coverage',
    version: '1',
    file: 'cov.yaml',
    controls: [
      // One of three rules in scope: mostly not looked at (SOC 2 CC6.1 passed on one secrets scan).
      {
        id: 'C-1',
        title: 't',
        section: 's',
        automation: 'partial',
        rules: rules('storage.enc', 'database.enc', 'k8s.root'),
      },
      // Every evidence rule in scope: a full pass.
      { id: 'C-2', title: 't', section: 's', automation: 'automated', rules: rules('storage.enc', 'storage.public') },
      // A supporting rule in scope does not count toward coverage.
      {
        id: 'C-3',
        title: 't',
        section: 's',
        automation: 'partial',
        rules: [
          { rule: 'storage.public', reason: 'r', type: 'supporting' },
          { rule: 'database.enc', reason: 'r' },
        ],
      },
      // Only supporting rules: never a pass, but their failure is a failure.
      {
        id: 'C-4',
        title: 't',
        section: 's',
        automation: 'partial',
        rules: [{ rule: 'storage.enc', reason: 'r', type: 'supporting' }],
      },
      {
        id: 'C-5',
        title: 't',
        section: 's',
        automation: 'partial',
        rules: [{ rule: 'storage.public', reason: 'r', type: 'supporting' }],
      },
    ],
  };
  const g = bucket('g', true);
  const passing: Case = {
    framework,
    resources: [g],
    ruleResults: [
      { ruleId: 'storage.enc', inScope: [g.uid], passed: [g.uid], failed: [] },
      { ruleId: 'storage.public', inScope: [g.uid], passed: [g.uid], failed: [] },
      { ruleId: 'database.enc', inScope: [], passed: [], failed: [] },
      { ruleId: 'k8s.root', inScope: [], passed: [], failed: [] },
    ],
  };

  it('never passes a control whose rules mostly had nothing in scope, and says k of n', () => {
    const c1 = control(run(passing), 'C-1');
    expect(c1.status).toBe('not-evaluated');
    expect(c1.passScope).toBeUndefined();
    expect(c1.coverage?.summary).toBe('1 of 3 rules had resources in scope');
    expect(c1.statusReason).toBe(
      'Limited scope: 1 of 3 rules had resources in scope, fewer than half. 1 resource check by 1 rule, none failed. No resource in scope for database.enc, k8s.root.',
    );
  });

  it('passes in full only when every evidence rule had resources in scope', () => {
    const c2 = control(run(passing), 'C-2');
    expect(c2).toMatchObject({
      status: 'pass',
      passScope: 'full',
      statusReason: '2 resource checks by 2 rules, none failed.',
    });
    expect(c2.coverage).toMatchObject({ evidenceRules: 2, evidenceRulesInScope: 2 });
  });

  it('leaves supporting rules out of coverage: a supporting pass does not make a control pass', () => {
    const c3 = control(run(passing), 'C-3');
    expect(c3.status).toBe('not-evaluated');
    expect(c3.coverage).toEqual({
      evidenceRules: 1,
      evidenceRulesInScope: 0,
      supportingRules: 1,
      supportingRulesInScope: 1,
      summary: '0 of 1 rule had resources in scope (and 1 of 1 supporting rule, which can only disprove it)',
    });
    expect(c3.rules.map((r) => r.mappingType)).toEqual(['supporting', 'evidence']);
    const c4 = control(run(passing), 'C-4');
    expect(c4.status).toBe('not-evaluated');
    expect(c4.statusReason).toBe('Its rules can only disprove this control, never prove it: 1 check found no failure.');
  });

  it('fails a control on a supporting rule failure', () => {
    const failing: Case = {
      ...passing,
      ruleResults: passing.ruleResults.map((r) =>
        r.ruleId === 'storage.public' ? { ...r, passed: [], failed: [{ uid: g.uid, message: 'public' }] } : r,
      ),
    };
    expect(control(run(failing), 'C-5')).toMatchObject({
      status: 'fail',
      statusReason: '1 open finding on 1 resource (storage.public).',
    });
    expect(control(run(failing), 'C-3').status).toBe('fail');
  });

  it('says what the rules do not check in every status reason of a control that states it', () => {
    const noted: Framework = {
      ...framework,
      controls: [{ ...framework.controls[1]!, notChecked: 'whether logs are reviewed daily.' }],
    };
    expect(control(run({ ...passing, framework: noted }), 'C-2').statusReason).toBe(
      '2 resource checks by 2 rules, none failed. Not checked: whether logs are reviewed daily.',
    );
  });

  it('counts limited-scope passes in the summary beside pass', () => {
    const results = run({
      ...passing,
      framework: {
        ...framework,
        controls: [{ ...framework.controls[0]!, rules: rules('storage.enc', 'database.enc') }],
      },
    });
    expect(results.frameworks[0]?.summary).toMatchObject({ pass: 1, passLimitedScope: 1 });
  });
});
