// SARIF output validated against the OASIS SARIF 2.1.0 schema (draft-04, hence ajv-draft-04),
// plus what GitHub code scanning needs: rule help, security-severity, lines, stable fingerprints.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { renderSarif } from '../../src/reports/sarif.ts';
import { emptyResults, sampleResults } from './sample-results.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const schema = JSON.parse(
  readFileSync(path.join(repoRoot, 'test/fixtures/third-party/schemas/sarif/sarif-schema-2.1.0.json'), 'utf8'),
);

async function sarifOf(args: string[]) {
  let out = '';
  await main(['scan', ...args, '--format', 'sarif'], {
    stdout: (s) => {
      out += s;
    },
    stderr: () => {},
    isTty: false,
  });
  return JSON.parse(out);
}

describe('SARIF', () => {
  it('is valid SARIF 2.1.0 with rule help, severity scores, lines and fingerprints', async () => {
    const results = await sampleResults();
    const sarif = JSON.parse(renderSarif(results));
    // Both packages are CommonJS with a `default` export; TypeScript sees the module object.
    const Ajv = AjvDraft04.default;
    const addFormats = ajvFormats.default;
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    const run = sarif.runs[0];
    expect(run.tool.driver.rules).toHaveLength(results.rules.length);
    for (const rule of run.tool.driver.rules) {
      expect(rule.help.text.length).toBeGreaterThan(20);
      expect(Number(rule.properties['security-severity'])).toBeGreaterThan(0);
    }
    expect(run.results.length).toBeGreaterThan(10);
    for (const result of run.results) {
      expect(result.locations[0].physicalLocation.artifactLocation.uri).toMatch(/^examples\//);
      expect(result.locations[0].physicalLocation.region.startLine).toBeGreaterThan(0);
      expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
      expect(result.partialFingerprints.primaryLocationLineHash).toMatch(/^[0-9a-f]{32}$/);
    }
  });

  it('keeps fingerprints stable when lines move', async () => {
    const first = await sarifOf(['test/fixtures/cli/mixed/pod.yaml']);
    const fingerprints = first.runs[0].results.map((r: { partialFingerprints: object }) => r.partialFingerprints);
    const again = await sarifOf(['test/fixtures/cli/mixed/pod.yaml']);
    expect(again.runs[0].results.map((r: { partialFingerprints: object }) => r.partialFingerprints)).toEqual(
      fingerprints,
    );
    expect(new Set(fingerprints.map((f: { primaryLocationLineHash: string }) => f.primaryLocationLineHash)).size).toBe(
      fingerprints.length,
    );
  });

  it('reports malformed inputs as tool notifications with their location', async () => {
    const sarif = await sarifOf(['test/fixtures/cli/mixed']);
    const notes = sarif.runs[0].invocations[0].toolExecutionNotifications;
    expect(sarif.runs[0].invocations[0].executionSuccessful).toBe(false);
    expect(
      notes.some((n: { locations?: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
        n.locations?.[0]?.physicalLocation.artifactLocation.uri.endsWith('broken.tf'),
      ),
    ).toBe(true);
  });
});

describe('SARIF tool notifications', () => {
  it('marks the run unsuccessful only for inputs that were not read', async () => {
    const gap = (id: string, reason: 'parse-error' | 'unsupported') => ({
      id,
      source: 'iac',
      reason,
      message: `${reason} here`,
      file: 'main.tf',
      line: 3,
    });
    const limited = { ...emptyResults(), gaps: [gap('gap-1', 'unsupported')] };
    const limitedRun = JSON.parse(renderSarif(limited)).runs[0].invocations[0];
    expect(limitedRun.executionSuccessful).toBe(true);
    expect(limitedRun.toolExecutionNotifications.map((n: { level: string }) => n.level)).toEqual(['warning']);
    const unread = { ...emptyResults(), gaps: [gap('gap-1', 'unsupported'), gap('gap-2', 'parse-error')] };
    const unreadRun = JSON.parse(renderSarif(unread)).runs[0].invocations[0];
    expect(unreadRun.executionSuccessful).toBe(false);
    expect(unreadRun.toolExecutionNotifications.map((n: { level: string }) => n.level)).toEqual(['warning', 'error']);
  });
});
