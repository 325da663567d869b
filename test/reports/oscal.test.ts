// OSCAL Assessment Results validated against NIST's OSCAL 1.2.1 schema (draft-07, Unicode \p{L} patterns
// that ajv compiles with the `u` flag), plus what an auditor needs from it: every control with a finding,
// waivers as risks, evidence hashes, determinism, and hostile strings kept inert.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ajvModule from 'ajv';
import ajvFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Results } from '../../src/model/results.ts';
import { controlToken, OSCAL_VERSION, oscalUuid, renderOscal } from '../../src/reports/oscal.ts';
import { emptyResults, sampleResults } from './sample-results.ts';

const schemaText = readFileSync(
  path.resolve(import.meta.dirname, '../fixtures/third-party/schemas/oscal/oscal_assessment-results_schema.json'),
  'utf8',
);
// Both packages are CommonJS with a `default` export; TypeScript sees the module object.
const ajv = new ajvModule.default({ allErrors: true, strict: false });
ajvFormats.default(ajv);
const validate = ajv.compile(JSON.parse(schemaText));

interface Prop {
  name: string;
  value: string;
  ns?: string;
}
// biome-ignore lint/suspicious/noExplicitAny: the parsed OSCAL document is walked ad hoc in assertions.
type Doc = any;

function expectValid(doc: unknown) {
  const ok = validate(doc);
  expect(ok, JSON.stringify(validate.errors?.slice(0, 5), null, 1)).toBe(true);
}
const propOf = (props: Prop[] | undefined, name: string) => props?.find((p) => p.name === name)?.value;
const propsOf = (props: Prop[] | undefined, name: string) =>
  (props ?? []).filter((p) => p.name === name).map((p) => p.value);

let results: Results;
let doc: Doc;
let ar: Doc;
let result: Doc;

beforeAll(async () => {
  results = await sampleResults();
  doc = JSON.parse(renderOscal(results));
  ar = doc['assessment-results'];
  result = ar.results[0];
});

describe('OSCAL assessment results', () => {
  it('runs the schema with its Unicode property patterns', () => {
    // The test would prove nothing about tokens if the schema had no \p{L} patterns to compile.
    expect(schemaText).toContain('\\\\p{L}');
    expect(validate({ 'assessment-results': {} })).toBe(false);
  });

  it('is valid against the OSCAL 1.2.1 assessment-results schema', () => {
    expectValid(doc);
    expect(ar.metadata['oscal-version']).toBe(OSCAL_VERSION);
    expect(ar.metadata['last-modified']).toBe(results.generatedAt);
    expect(ar.metadata.version).toBe(results.tool.version);
    expect(propOf(ar.metadata.props, 'bundle-sha256')).toBe(results.tool.bundleSha256);
  });

  it('rejects what the schema forbids, so the validity above means something', () => {
    const broken = structuredClone(doc);
    broken['assessment-results'].results[0].findings[0].target['target-id'] = '8.3.6';
    expect(validate(broken)).toBe(false);
  });

  it('reviews every control it tested, excludes manual ones, and states a finding only where it determined the control', () => {
    const selections = result['reviewed-controls']['control-selections'];
    const tokens = (key: string) =>
      new Set(selections.flatMap((s: Doc) => (s[key] ?? []).map((c: { 'control-id': string }) => c['control-id'])));
    const reviewed = tokens('include-controls');
    const excluded = tokens('exclude-controls');
    const all = results.frameworks.flatMap((f) => f.controls.map((c) => ({ framework: f, control: c })));
    expect(all.length).toBeGreaterThan(0);
    const findings = new Map(
      result.findings.map((f: Doc) => [`${propOf(f.props, 'framework')} ${propOf(f.props, 'control-id')}`, f]),
    );
    const undetermined = new Map(
      result.observations
        .filter((o: Doc) => propOf(o.props, 'determination') === 'not-determined-by-tool')
        .map((o: Doc) => [`${propOf(o.props, 'framework')} ${propOf(o.props, 'control-id')}`, o]),
    );
    let satisfied = 0;
    for (const { framework, control } of all) {
      const key = `${framework.id} ${control.id}`;
      const token = controlToken(framework.id, control.id);
      const finding: Doc = findings.get(key);
      if (control.status === 'manual') {
        // Not assessed by this tool: no finding, no state, listed as excluded.
        expect(excluded.has(token), key).toBe(true);
        expect(reviewed.has(token), key).toBe(false);
        expect(finding, key).toBeUndefined();
        expect(undetermined.has(key), key).toBe(false);
        continue;
      }
      expect(reviewed.has(token), key).toBe(true);
      const determined =
        control.status === 'fail' ||
        control.status === 'exception' ||
        (control.status === 'pass' && control.automation === 'automated' && control.passScope === 'full');
      if (!determined) {
        expect(finding, key).toBeUndefined();
        const observation: Doc = undetermined.get(key);
        expect(propOf(observation.props, 'status'), key).toBe(control.status);
        expect(propOf(observation.props, 'coverage'), key).toBe(control.coverage?.summary);
        expect((observation.links ?? []).length).toBe(control.rules.length + control.gaps.length);
        continue;
      }
      expect(finding.target['target-id']).toBe(`${token}_obj`);
      expect(finding.target.status.state).toBe(control.status === 'pass' ? 'satisfied' : 'not-satisfied');
      if (control.status === 'pass') satisfied++;
      expect(finding.target.status.reason).toBe(control.status);
      expect(propOf(finding.props, 'status')).toBe(control.status);
      const observed = (finding['related-observations'] ?? []).length;
      expect(observed).toBe(control.rules.length + control.gaps.length);
    }
    // The sample holds failing controls and partial controls that pass, so both paths run.
    expect(result.findings.length).toBeGreaterThan(0);
    expect(undetermined.size).toBeGreaterThan(0);
    expect(satisfied).toBe(
      all.filter(
        ({ control }) =>
          control.status === 'pass' && control.automation === 'automated' && control.passScope === 'full',
      ).length,
    );
    expect(controlToken('pci-dss', '8.3.6')).toBe('pci-dss_8.3.6');
    expect(controlToken('9lives', 'A 1(b)')).toBe('_9lives_A_1_b_');
  });

  it('never states satisfied for a partial control that passed, nor for a limited-scope pass; only for an automated full pass', () => {
    const copy = structuredClone(results);
    const framework = copy.frameworks[0]!;
    const [partial, limited, full] = framework.controls.filter((c) => c.status !== 'manual');
    Object.assign(partial!, { status: 'pass', passScope: 'full', automation: 'partial', findings: [] });
    Object.assign(limited!, { status: 'pass', passScope: 'limited', automation: 'automated', findings: [] });
    Object.assign(full!, { status: 'pass', passScope: 'full', automation: 'automated', findings: [] });
    const out: Doc = JSON.parse(renderOscal(copy))['assessment-results'];
    expectValid({ 'assessment-results': out });
    const findingOf = (id: string) =>
      out.results[0].findings.find(
        (f: Doc) => propOf(f.props, 'framework') === framework.id && propOf(f.props, 'control-id') === id,
      );
    expect(findingOf(partial!.id)).toBeUndefined();
    expect(findingOf(limited!.id)).toBeUndefined();
    expect(findingOf(full!.id).target.status).toMatchObject({ state: 'satisfied', reason: 'pass' });
  });

  it('observes each rule on its resources with the population hashes as evidence', () => {
    const items = new Map(
      result['local-definitions']['inventory-items'].map((i: Doc) => [i.uuid, propOf(i.props, 'uid')]),
    );
    for (const rule of results.rules) {
      const observation = result.observations.find((o: Doc) => propOf(o.props, 'rule-id') === rule.id);
      expect(observation.methods).toEqual(['TEST']);
      const evidence = results.evidence.find((e) => e.ruleId === rule.id)!;
      const subjects = observation.subjects ?? [];
      expect(subjects.map((s: Doc) => items.get(s['subject-uuid'])).sort()).toEqual([...evidence.inScope].sort());
      // Whether `waived` is read as a subset of `failed` or apart from it, open failures are the rest.
      const open = evidence.failed.filter((uid) => !evidence.waived.includes(uid));
      const outcome = (result: string) => subjects.filter((s: Doc) => propOf(s.props, 'result') === result);
      expect(outcome('fail')).toHaveLength(open.length);
      expect(outcome('waived')).toHaveLength(evidence.waived.length);
      const populations = results.populations.filter((p) => (rule.kinds as string[]).includes(p.kind));
      const hashes = observation['relevant-evidence'].flatMap((e: Doc) => propsOf(e.props, 'population-sha256'));
      expect(hashes.sort()).toEqual(populations.map((p) => p.sha256).sort());
    }
  });

  it('carries snapshot and population hashes in the back matter', () => {
    const resources: Doc[] = ar['back-matter'].resources;
    expect(results.snapshots.length).toBeGreaterThan(0);
    for (const snapshot of results.snapshots) {
      const resource = resources.find((r) => propOf(r.props, 'snapshot-sha256') === snapshot.sha256 && r.rlinks);
      expect(resource.rlinks[0].hashes).toEqual([{ algorithm: 'SHA-256', value: snapshot.sha256 }]);
      expect(resource.rlinks[0].href).toMatch(/^ni:\/\/\/sha-256;[\w-]{43}$/);
    }
    expect(results.populations.length).toBeGreaterThan(0);
    for (const population of results.populations) {
      const resource = resources.find((r) => propOf(r.props, 'population-id') === population.id);
      expect(propOf(resource.props, 'population-sha256')).toBe(population.sha256);
      expect(propOf(resource.props, 'count')).toBe(String(population.count));
    }
    const plan = resources.find((r) => `#${r.uuid}` === ar['import-ap'].href);
    expect(plan.rlinks[0].hashes[0].value).toBe(results.tool.bundleSha256);
  });

  it('reports the applied waiver as an approved deviation, the expired one as open, the stale one as a record', () => {
    const byWaiver = (id: string) => result.risks.find((r: Doc) => propOf(r.props, 'waiver-id') === id);
    const applied = results.waivers.find((w) => w.state === 'applied')!;
    const expired = results.waivers.find((w) => w.state === 'expired')!;
    const stale = results.waivers.find((w) => w.state === 'stale')!;

    const approved = byWaiver(applied.id);
    expect(approved.status).toBe('deviation-approved');
    expect(approved.description).toContain('host metrics');
    expect(propOf(approved.props, 'approver')).toBe(applied.approver);
    expect(propOf(approved.props, 'ticket')).toBe(applied.ticket);
    expect(propOf(approved.props, 'expires')).toBe(applied.expires);
    expect(approved.deadline).toBe(`${applied.expires}T23:59:59.000Z`);
    expect(propsOf(approved.props, 'finding-fingerprint').sort()).toEqual([...applied.findings].sort());

    expect(byWaiver(expired.id).status).toBe('open');
    expect(byWaiver(expired.id).deadline).toBeUndefined();
    expect(byWaiver(stale.id)).toBeUndefined();

    const records: Doc[] = ar['back-matter'].resources.filter((r: Doc) => propOf(r.props, 'waiver-id'));
    expect(records.map((r) => propOf(r.props, 'waiver-state')).sort()).toEqual(['applied', 'expired', 'stale']);

    // Every control whose findings the applied waiver accepted points at its risk.
    const touched = results.frameworks.flatMap((f) =>
      f.controls.filter((c) => c.findings.some((fp) => applied.findings.includes(fp))),
    );
    expect(touched.length).toBeGreaterThan(0);
    const linked = result.findings.filter((f: Doc) =>
      (f['related-risks'] ?? []).some((r: Doc) => r['risk-uuid'] === approved.uuid),
    );
    expect(linked).toHaveLength(touched.length);
  });

  it('shows exceptions as not satisfied, and not-evaluated controls and manual ones without a state', () => {
    const copy = structuredClone(results);
    const framework = copy.frameworks[0]!;
    const failing = framework.controls.find((c) => c.status === 'fail')!;
    failing.status = 'exception';
    failing.statusReason = 'All failures are accepted by waivers.';
    const notEvaluated = framework.controls.find((c) => c.status !== 'manual' && c !== failing)!;
    notEvaluated.status = 'not-evaluated';
    notEvaluated.gaps = ['gap-1'];
    copy.gaps = [
      { id: 'gap-1', source: 'iac', reason: 'parse-error', message: 'could not parse', file: 'examples/x.tf', line: 3 },
    ];
    const out: Doc = JSON.parse(renderOscal(copy))['assessment-results'];
    expectValid({ 'assessment-results': out });
    const findingOf = (id: string) =>
      out.results[0].findings.find(
        (f: Doc) => propOf(f.props, 'framework') === framework.id && propOf(f.props, 'control-id') === id,
      );
    expect(findingOf(failing.id).target.status).toMatchObject({ state: 'not-satisfied', reason: 'exception' });
    expect(findingOf(notEvaluated.id)).toBeUndefined();
    const ne = out.results[0].observations.find(
      (o: Doc) =>
        propOf(o.props, 'determination') === 'not-determined-by-tool' &&
        propOf(o.props, 'control-id') === notEvaluated.id &&
        propOf(o.props, 'framework') === framework.id,
    );
    expect(propOf(ne.props, 'status')).toBe('not-evaluated');
    const gapObservation = out.results[0].observations.find((o: Doc) => propOf(o.props, 'gap-id') === 'gap-1');
    expect(gapObservation.methods).toEqual(['EXAMINE']);
    expect(propOf(gapObservation.props, 'file')).toBe('examples/x.tf');
    expect(ne.links.map((l: Doc) => l.href)).toContain(`#${gapObservation.uuid}`);
    const manual = framework.controls.find((c) => c.status === 'manual')!;
    expect(manual).toBeDefined();
    expect(findingOf(manual.id)).toBeUndefined();
  });

  it('is deterministic: the same results give the same bytes', () => {
    const once = renderOscal(results);
    expect(renderOscal(structuredClone(results))).toBe(once);
    expect(renderOscal({ ...results, generatedAt: '2027-01-01T00:00:00.000Z' })).not.toBe(once);
  });

  it('derives UUIDs the schema accepts from their keys', () => {
    expect(oscalUuid('a')).toBe(oscalUuid('a'));
    expect(oscalUuid('a')).not.toBe(oscalUuid('b'));
    expect(oscalUuid('a')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('stays valid with no frameworks, findings, snapshots or waivers', () => {
    const empty: Results = { ...emptyResults(), generatedAt: results.generatedAt };
    const out: Doc = JSON.parse(renderOscal(empty));
    expectValid(out);
    const r = out['assessment-results'].results[0];
    expect(r.findings).toBeUndefined();
    expect(r.observations).toBeUndefined();
    expect(r['reviewed-controls']['control-selections'][0].description).toMatch(/No framework/);
  });

  it('refuses results without a generation time', () => {
    expect(() => renderOscal({ ...results, generatedAt: 'yesterday' })).toThrow(/generatedAt/);
  });

  it('keeps hostile names and messages inert and valid', () => {
    const hostile = 'evil <script>alert(1)</script> "quoted", comma\nnew line ]]> *bold* `code`  ';
    const copy = structuredClone(results);
    const finding = copy.findings[0]!;
    finding.message = hostile;
    const resource = copy.resources.find((r) => r.uid === finding.resource.uid)!;
    resource.name = hostile;
    copy.frameworks[0]!.controls[0]!.title = hostile;
    copy.waivers[0]!.reason = hostile;
    const text = renderOscal(copy, { title: hostile });
    const out: Doc = JSON.parse(text);
    expectValid(out);
    expect(text).not.toContain('<script>');
    const item = out['assessment-results'].results[0]['local-definitions']['inventory-items'].find(
      (i: Doc) => propOf(i.props, 'uid') === resource.uid,
    );
    // Plain props keep the words (whitespace folded, as OSCAL strings require); markup is escaped.
    expect(propOf(item.props, 'name')).toBe(
      'evil <script>alert(1)</script> "quoted", comma new line ]]> *bold* `code`',
    );
    expect(out['assessment-results'].metadata.title).toContain('\\<script\\>');
    expect(out['assessment-results'].metadata.title).not.toContain('\n');
    expect(out['assessment-results'].metadata.title).toContain('\\*bold\\*');
    // Underscores inside words (rule ids) never emphasize, so they are left alone.
    const ruleTitles = out['assessment-results'].results[0].observations.map((o: Doc) => o.title).join(' ');
    expect(ruleTitles).toContain('k8s.no_host_namespaces:');
  });
});
