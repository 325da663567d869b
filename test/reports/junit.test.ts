// JUnit XML: valid against the Ant JUnit XSD (checked with xmllint), and its counts, read back with
// an XML parser, equal what the results say: one suite per rule, one case per resource in scope.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { renderJunit, writeJunit } from '../../src/reports/junit.ts';
import { emptyResults, sampleResults } from './sample-results.ts';

const XSD = path.resolve(import.meta.dirname, '../fixtures/third-party/schemas/junit/JUnit.xsd');
const scratch = mkdtempSync(path.join(tmpdir(), 'assay-junit-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Schema validation with libxml2's xmllint; a missing xmllint fails the test, it never skips it. */
function validate(xml: string): void {
  const file = path.join(scratch, 'report.xml');
  writeFileSync(file, xml);
  const run = spawnSync('xmllint', ['--noout', '--schema', XSD, file], { encoding: 'utf8' });
  if (run.error) {
    throw new Error(
      `xmllint could not run (${run.error.message}): install libxml2-utils (apt-get install libxml2-utils) to validate JUnit XML`,
    );
  }
  expect(run.status, run.stderr).toBe(0);
}

interface Case {
  name: string;
  classname: string;
  failure?: { message: string; type: string; '#text': string };
  skipped?: { message: string; '#text': string };
}
interface Suite {
  name: string;
  tests: string;
  failures: string;
  skipped: string;
  errors: string;
  property: { name: string; value: string }[];
  testcase?: Case[];
}

function parse(xml: string): Suite[] {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: false,
    // Numeric character references (&#10; in attributes) are only decoded with this on.
    htmlEntities: true,
    isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
  });
  const doc = parser.parse(xml) as {
    testsuites: { testsuite?: (Suite & { properties: { property: Suite['property'] } })[] };
  };
  return (doc.testsuites.testsuite ?? []).map((s) => ({ ...s, property: s.properties.property ?? [] }));
}

describe('JUnit XML', () => {
  it('validates against the JUnit XSD', async () => {
    validate(renderJunit(await sampleResults()));
    // The check itself bites: a suite without its required attributes and children is refused.
    expect(() => validate('<testsuites><testsuite name="x"/></testsuites>')).toThrow();
  });

  it('has one suite per rule and one case per resource in scope, with counts from the evidence', async () => {
    const results = await sampleResults();
    const suites = parse(renderJunit(results));
    expect(suites.map((s) => s.name)).toEqual(results.rules.map((r) => r.id));
    for (const suite of suites) {
      const e = results.evidence.find((x) => x.ruleId === suite.name)!;
      const cases = suite.testcase ?? [];
      expect(cases.map((c) => c.name)).toEqual(e.inScope);
      for (const c of cases) expect(c.classname).toBe(suite.name);
      const openUids = new Set(
        results.findings.filter((f) => f.ruleId === suite.name && !f.waiver).map((f) => f.resource.uid),
      );
      expect(Number(suite.tests)).toBe(e.inScope.length);
      expect(Number(suite.failures)).toBe(openUids.size);
      // Waived and not evaluated (an unknown value) are both skipped, never passed.
      expect(Number(suite.skipped)).toBe(e.waived.filter((u) => !openUids.has(u)).length + e.notEvaluated.length);
      expect(Number(suite.errors)).toBe(0);
      expect(cases.filter((c) => c.failure)).toHaveLength(openUids.size);
      expect(cases.filter((c) => !c.failure && !c.skipped).map((c) => c.name)).toEqual(e.passed);
    }
    const totalFailures = suites.reduce((n, s) => n + Number(s.failures), 0);
    const totalSkipped = suites.reduce((n, s) => n + Number(s.skipped), 0);
    expect(totalFailures).toBeGreaterThan(0);
    expect(totalSkipped).toBeGreaterThan(0);
    // A rule that looked at nothing is still reported, with no cases.
    const idle = results.evidence.filter((e) => e.inScope.length === 0).map((e) => e.ruleId);
    expect(idle.length).toBeGreaterThan(0);
    for (const id of idle) {
      const suite = suites.find((s) => s.name === id)!;
      expect(suite.tests).toBe('0');
      expect(suite.testcase).toBeUndefined();
    }
  });

  it('puts message, severity, file:line, remediation and controls in failures', async () => {
    const results = await sampleResults();
    const suites = parse(renderJunit(results));
    const finding = results.findings.find((f) => !f.waiver && f.controls.length > 0)!;
    const c = suites.find((s) => s.name === finding.ruleId)!.testcase!.find((x) => x.name === finding.resource.uid)!;
    expect(c.failure!.type).toBe(finding.severity);
    expect(c.failure!.message).toContain(finding.message);
    const body = c.failure!['#text'];
    expect(body).toContain(`${finding.resource.location.file}:${finding.resource.location.line}`);
    expect(body).toContain(`Remediation: ${finding.remediation}`);
    const { framework, control } = finding.controls[0]!;
    expect(body).toContain(`${framework} ${control}`);
  });

  it('skips waived resources with the waiver reason, id and expiry', async () => {
    const results = await sampleResults();
    const suites = parse(renderJunit(results));
    const waived = results.findings.find((f) => f.waiver)!;
    const w = waived.waiver!;
    const c = suites.find((s) => s.name === waived.ruleId)!.testcase!.find((x) => x.name === waived.resource.uid)!;
    expect(c.failure).toBeUndefined();
    expect(c.skipped!.message).toBe(`waived: ${w.reason} (${w.id}, expires ${w.expires})`);
    expect(c.skipped!['#text']).toContain(`Approver: ${w.approver}`);
  });

  it('carries tool version, bundle and snapshot hashes as suite properties', async () => {
    const results = await sampleResults();
    const [suite] = parse(renderJunit(results));
    const props = Object.fromEntries(suite!.property.map((p) => [p.name, p.value]));
    expect(props['assay.version']).toBe(results.tool.version);
    expect(props['assay.bundleSha256']).toBe(results.tool.bundleSha256);
    expect(props['snapshot.0.sha256']).toBe(results.snapshots[0]!.sha256);
  });

  it('names the host the run executed on and the run provenance, never a made-up localhost', async () => {
    const results = await sampleResults();
    const xml = renderJunit(results);
    expect(xml).not.toContain('hostname="localhost"');
    expect(xml).toContain(`hostname="${results.run!.provenance!.host}"`);
    const props = Object.fromEntries(parse(xml)[0]!.property.map((p) => [p.name, p.value]));
    expect(props['run.commit']).toBe(results.run!.provenance!.commit);
    expect(props['run.repository']).toBe('https://github.com/example/infrastructure');
    expect(props['run.run_by']).toBe('compliance-bot');
    // Without a recorded host the attribute says so.
    const { run: _run, ...older } = results;
    expect(renderJunit(older as typeof results)).toContain('hostname="unknown"');
  });

  it('writes the same bytes piece by piece as in one string', async () => {
    const results = await sampleResults();
    const pieces: string[] = [];
    writeJunit(results, { write: (t) => pieces.push(t) });
    expect(pieces.length).toBeGreaterThan(results.rules.length);
    expect(pieces.join('')).toBe(renderJunit(results));
  });

  it('escapes markup and drops characters XML 1.0 forbids', async () => {
    const results = structuredClone(await sampleResults());
    const finding = results.findings.find((f) => !f.waiver)!;
    finding.message = `<script>alert("x")</script> ]]> & 'a'\nnext\u0000\u0007\uD800 ok`;
    finding.remediation = '</failure><injected/>';
    const waived = results.findings.find((f) => f.waiver)!;
    waived.waiver!.reason = 'because <b>"reasons"</b>\ttab';
    const xml = renderJunit(results);
    validate(xml);
    expect(xml).not.toContain('<script>');
    expect(xml).not.toContain('<injected/>');
    expect(xml).not.toContain(']]>');
    expect(xml).not.toContain('\u0000');
    expect(xml).not.toContain('\u0007');

    const suites = parse(xml);
    const c = suites.find((s) => s.name === finding.ruleId)!.testcase!.find((x) => x.name === finding.resource.uid)!;
    expect(c.failure!.message).toContain(`<script>alert("x")</script> ]]> & 'a'\nnext ok`);
    expect(c.failure!['#text']).toContain('Remediation: </failure><injected/>');
    const s = suites.find((x) => x.name === waived.ruleId)!.testcase!.find((x) => x.name === waived.resource.uid)!;
    expect(s.skipped!.message).toContain('because <b>"reasons"</b>\ttab');
  });

  it('writes an empty, valid report for empty results', () => {
    const xml = renderJunit(emptyResults());
    validate(xml);
    expect(parse(xml)).toEqual([]);
  });

  it('reports a rule with nothing in scope as an empty suite', () => {
    const results = emptyResults();
    results.rules = [
      {
        id: 'custom.rule',
        title: 'Custom',
        description: 'd',
        severity: 'low',
        kinds: [],
        remediation: 'r',
        file: 'custom.rego',
        inScope: 0,
        passed: 0,
        failed: 0,
        notEvaluated: 0,
        controls: [],
      },
    ];
    const xml = renderJunit(results);
    validate(xml);
    const [suite] = parse(xml);
    expect(suite).toMatchObject({ name: 'custom.rule', tests: '0', failures: '0', skipped: '0' });
  });

  it('reports every input not read as an error and every one not modelled as a skip, in its own suite', async () => {
    const results = await sampleResults();
    results.gaps = [
      {
        id: 'gap-1',
        source: 'iac',
        reason: 'unreadable',
        message: 'cannot read secrets.env (EACCES)',
        file: 'app/secrets.env',
      },
      {
        id: 'gap-2',
        source: 'iac',
        reason: 'unsupported',
        message: 'aws_sns_topic is not mapped',
        file: 'main.tf',
        line: 7,
      },
    ];
    const xml = renderJunit(results);
    validate(xml);
    const inputs = parse(xml).find((suite) => suite.name === 'assay.inputs')!;
    expect(inputs).toMatchObject({ tests: '2', errors: '1', skipped: '1', failures: '0' });
    expect(xml).toContain('message="app/secrets.env: unreadable: cannot read secrets.env (EACCES)" type="unreadable"');
    expect(xml).toContain('<skipped message="main.tf:7: unsupported: aws_sns_topic is not mapped">');
  });
});
