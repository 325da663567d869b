import { describe, expect, it } from 'vitest';
import type { Location, Resource } from '../../src/model/resource.ts';
import type { Finding, Waiver, WaiverOutcome } from '../../src/model/results.ts';
import { applyWaivers, globToRegExp, sortOutcomes } from '../../src/waivers/apply.ts';

const TODAY = '2026-03-15';

function resource(uid: string, location: Location, tags?: Record<string, string>): Resource {
  return {
    uid,
    kind: 'storage.bucket',
    provider: 'aws',
    nativeType: 'aws_s3_bucket',
    name: uid.split('.').pop() ?? uid,
    location,
    ...(tags && { tags }),
    props: {},
    sourceId: 'iac',
  } as Resource;
}

// The finding's location is narrowed to `line` when given, as rules do for one property.
function finding(ruleId: string, of: Resource, line?: number): Finding {
  return {
    ruleId,
    title: ruleId,
    severity: 'high',
    message: `${of.uid} fails ${ruleId}`,
    remediation: 'fix it',
    resource: {
      uid: of.uid,
      kind: of.kind,
      name: of.name,
      nativeType: of.nativeType,
      provider: of.provider,
      location: line === undefined ? of.location : { file: of.location.file, line },
    },
    controls: [],
    fingerprint: `fp-${ruleId}-${of.uid}`,
  };
}

function waiver(id: string, rule: string, selector: Waiver['selector'], extra: Partial<Waiver> = {}): Waiver {
  return {
    id,
    rule,
    selector,
    reason: `reason ${id}`,
    approver: 'jane',
    expires: '2026-12-31',
    origin: { kind: 'file', file: '.assay/waivers.yaml', line: Number(id.replace(/\D/g, '')) || 1 },
    ...extra,
  };
}

const legacy = resource('terraform:legacy/main.tf:aws_s3_bucket.assets', {
  file: 'legacy/main.tf',
  line: 10,
  endLine: 20,
});
const sandbox = resource(
  'terraform:envs/sandbox/eu/logs.tf:aws_s3_bucket.logs',
  { file: 'envs/sandbox/eu/logs.tf', line: 3, endLine: 8 },
  { env: 'sandbox', team: 'platform' },
);
const prod = resource(
  'terraform:envs/prod/logs.tf:aws_s3_bucket.logs',
  { file: 'envs/prod/logs.tf', line: 1, endLine: 5 },
  { env: 'prod' },
);
const secretsFile = resource('file:legacy/main.tf', { file: 'legacy/main.tf', line: 1 });
const RESOURCES = new Map([legacy, sandbox, prod, secretsFile].map((r) => [r.uid, r]));

const FINDINGS = [
  finding('storage.encryption_at_rest', legacy, 14),
  finding('storage.encryption_at_rest', sandbox),
  finding('logging.access_logs', sandbox),
  finding('storage.encryption_at_rest', prod),
  finding('secrets.no_hardcoded_secrets', secretsFile, 31),
];

function run(...waivers: Waiver[]) {
  return applyWaivers(FINDINGS, waivers, RESOURCES, TODAY);
}

function waivedBy(findings: Finding[]): (string | undefined)[] {
  return findings.map((f) => f.waiver?.id);
}

function inline(id: string, rule: string, file: string, line: number): Waiver {
  return waiver(id, rule, { file, line }, { origin: { kind: 'inline', file, line } });
}

describe('applyWaivers', () => {
  it('matches a uid glob and a rule id, and marks the finding with the waiver', () => {
    const { findings, outcomes } = run(
      waiver('W1', 'storage.encryption_at_rest', { uid: 'terraform:legacy/*' }, { ticket: 'SEC-1' }),
    );
    expect(waivedBy(findings)).toEqual(['W1', undefined, undefined, undefined, undefined]);
    expect(findings[0]?.waiver).toEqual({
      id: 'W1',
      reason: 'reason W1',
      ticket: 'SEC-1',
      approver: 'jane',
      expires: '2026-12-31',
      origin: '.assay/waivers.yaml:1',
      kind: 'file',
    });
    expect(outcomes).toMatchObject([{ id: 'W1', state: 'applied', findings: [FINDINGS[0]?.fingerprint] }]);
  });

  it('returns every finding in order, unchanged when not waived, without mutating the input', () => {
    const { findings } = run(waiver('W1', '*', { uid: '*' }));
    expect(findings.map((f) => f.fingerprint)).toEqual(FINDINGS.map((f) => f.fingerprint));
    expect(FINDINGS.every((f) => f.waiver === undefined)).toBe(true);
    expect(run().findings).toEqual(FINDINGS);
  });

  it('matches tags: all given must be present with the same value', () => {
    expect(waivedBy(run(waiver('W1', 'storage.*', { tags: { env: 'sandbox' } })).findings)).toEqual([
      undefined,
      'W1',
      undefined,
      undefined,
      undefined,
    ]);
    const { outcomes } = run(waiver('W1', 'storage.*', { tags: { env: 'sandbox', team: 'data' } }));
    expect(outcomes[0]?.state).toBe('stale');
  });

  it('matches a file glob with ** across folders and * within one', () => {
    const deep = run(waiver('W1', '*', { file: 'envs/**/logs.tf' })).findings;
    expect(waivedBy(deep)).toEqual([undefined, 'W1', 'W1', 'W1', undefined]);
    const shallow = run(waiver('W1', '*', { file: 'envs/*/logs.tf' })).findings;
    expect(waivedBy(shallow)).toEqual([undefined, undefined, undefined, 'W1', undefined]);
  });

  it('requires every selector field to hold', () => {
    const { findings } = run(waiver('W1', '*', { file: 'envs/**', tags: { env: 'prod' } }));
    expect(waivedBy(findings)).toEqual([undefined, undefined, undefined, 'W1', undefined]);
  });

  it('covers with an inline comment inside the block, using the resource range, not the narrowed line', () => {
    // Line 18 is inside the resource (10-20) but after the finding's own line (14).
    const { findings } = run(inline('I1', 'storage.encryption_at_rest', 'legacy/main.tf', 18));
    expect(waivedBy(findings)).toEqual(['I1', undefined, undefined, undefined, undefined]);
  });

  it('covers with an inline comment just above the block, up to 3 lines', () => {
    expect(waivedBy(run(inline('I1', 'storage.*', 'legacy/main.tf', 9)).findings)[0]).toBe('I1');
    expect(waivedBy(run(inline('I1', 'storage.*', 'legacy/main.tf', 7)).findings)[0]).toBe('I1');
    const tooFar = run(inline('I1', 'storage.*', 'legacy/main.tf', 6));
    expect(waivedBy(tooFar.findings)[0]).toBeUndefined();
    expect(tooFar.outcomes[0]?.state).toBe('stale');
  });

  it('does not let an inline comment after a block cover it, nor one in another file', () => {
    expect(run(inline('I1', '*', 'legacy/main.tf', 21)).outcomes[0]?.state).toBe('stale');
    expect(run(inline('I1', '*', 'other/main.tf', 12)).outcomes[0]?.state).toBe('stale');
  });

  it('covers a failure on the file resource (secrets) from the comment just above its line', () => {
    const { findings } = run(inline('I1', 'secrets.*', 'legacy/main.tf', 30));
    expect(waivedBy(findings)).toEqual([undefined, undefined, undefined, undefined, 'I1']);
  });

  it('keeps the failures of an expired waiver open and lists them', () => {
    const { findings, outcomes } = run(
      waiver('W1', 'storage.*', { tags: { env: 'sandbox' } }, { expires: '2026-03-14' }),
    );
    expect(waivedBy(findings).every((id) => id === undefined)).toBe(true);
    expect(outcomes).toMatchObject([
      {
        id: 'W1',
        state: 'expired',
        findings: [FINDINGS[1]?.fingerprint],
        message: expect.stringContaining('2026-03-14'),
      },
    ]);
  });

  it('still applies on its expiry day (expires == today)', () => {
    const { findings, outcomes } = run(waiver('W1', 'storage.*', { tags: { env: 'sandbox' } }, { expires: TODAY }));
    expect(findings[1]?.waiver?.id).toBe('W1');
    expect(outcomes[0]?.state).toBe('applied');
  });

  it('reports a waiver that matches nothing as stale', () => {
    const { findings, outcomes } = run(waiver('W1', 'network.*', { uid: '*' }));
    expect(waivedBy(findings).every((id) => id === undefined)).toBe(true);
    expect(outcomes).toMatchObject([{ id: 'W1', state: 'stale', findings: [] }]);
    expect(outcomes[0]?.message).toMatch(/no failing resource/);
  });

  it('gives an overlapping finding to the first waiver; the later one still lists it and is applied', () => {
    const { findings, outcomes } = run(
      waiver('W1', 'storage.*', { tags: { env: 'sandbox' } }),
      waiver('W2', 'storage.encryption_at_rest', { file: 'envs/**' }),
    );
    expect(waivedBy(findings)).toEqual([undefined, 'W1', undefined, 'W2', undefined]);
    const w2 = outcomes.find((o) => o.id === 'W2');
    expect(w2).toMatchObject({ state: 'applied', findings: [FINDINGS[1]?.fingerprint, FINDINGS[3]?.fingerprint] });
  });

  it('lets a later valid waiver apply where an earlier one has expired', () => {
    const { findings } = run(
      waiver('W1', 'storage.*', { tags: { env: 'sandbox' } }, { expires: '2025-01-01' }),
      waiver('W2', 'storage.*', { tags: { env: 'sandbox' } }),
    );
    expect(findings[1]?.waiver?.id).toBe('W2');
  });

  it('falls back to the finding when a resource is missing from the map', () => {
    const { findings } = applyWaivers(FINDINGS, [waiver('W1', '*', { file: 'envs/prod/*.tf' })], new Map(), TODAY);
    expect(waivedBy(findings)[3]).toBe('W1');
  });

  it('sorts outcomes: expired, stale, applied, then by origin file and numeric line', () => {
    const { outcomes } = run(
      waiver('W10', 'storage.*', { uid: '*' }),
      waiver('W9', 'network.*', { uid: '*' }),
      waiver('W2', 'storage.*', { uid: '*' }, { expires: '2020-01-01' }),
      waiver('W3', 'network.*', { uid: '*' }),
      waiver('W1', 'logging.*', { uid: '*' }),
    );
    expect(outcomes.map((o) => [o.id, o.state])).toEqual([
      ['W2', 'expired'],
      ['W3', 'stale'],
      ['W9', 'stale'],
      ['W1', 'applied'],
      ['W10', 'applied'],
    ]);
  });

  it('sortOutcomes puts invalid inline outcomes first', () => {
    const base = { rule: 'a', selector: {}, reason: '', expires: '', findings: [] };
    const outcomes: WaiverOutcome[] = [
      { ...base, id: 'x', origin: 'b.tf:2', state: 'applied' },
      { ...base, id: 'y', origin: 'a.tf:1', state: 'invalid' },
    ];
    expect(sortOutcomes(outcomes).map((o) => o.id)).toEqual(['y', 'x']);
  });
});

describe('globToRegExp', () => {
  it('treats regexp characters literally and ? as one character', () => {
    expect(globToRegExp('a.b', 'plain').test('axb')).toBe(false);
    expect(globToRegExp('a?c', 'plain').test('abc')).toBe(true);
    expect(globToRegExp('a?c', 'plain').test('ac')).toBe(false);
    expect(globToRegExp('x(1)+', 'plain').test('x(1)+')).toBe(true);
  });

  it('in paths, * stays in a folder, ** spans folders including none', () => {
    expect(globToRegExp('a/*.tf', 'path').test('a/b/c.tf')).toBe(false);
    expect(globToRegExp('a/**/c.tf', 'path').test('a/c.tf')).toBe(true);
    expect(globToRegExp('a/**/c.tf', 'path').test('a/b/d/c.tf')).toBe(true);
    expect(globToRegExp('**', 'path').test('a/b/c.tf')).toBe(true);
    expect(globToRegExp('a/?.tf', 'path').test('a//.tf')).toBe(false);
  });
});
