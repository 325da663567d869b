import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WAIVER_FILE, isCalendarDate, loadWaiverFile, WaiverFileError } from '../../src/waivers/file.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/waivers/', import.meta.url));
const SCHEMA = fileURLToPath(new URL('../../rules/schema/waivers.schema.json', import.meta.url));

function errorOf(path: string): WaiverFileError {
  try {
    loadWaiverFile(path);
  } catch (error) {
    expect(error).toBeInstanceOf(WaiverFileError);
    return error as WaiverFileError;
  }
  throw new Error(`${path} loaded without error`);
}

function tempFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'assay-waivers-')), 'waivers.yaml');
  writeFileSync(path, text);
  return path;
}

describe('waiver file schema', () => {
  it('compiles under ajv strict mode', () => {
    const ajv = new Ajv2020({ strict: true });
    expect(() => ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')))).not.toThrow();
  });
});

describe('loadWaiverFile', () => {
  it('reads a valid file, with default and given ids and the line of each entry', () => {
    const waivers = loadWaiverFile(join(FIXTURES, 'valid.yaml'));
    expect(waivers).toHaveLength(2);
    expect(waivers[0]).toMatchObject({
      id: 'W1',
      rule: 'storage.encryption_at_rest',
      selector: { uid: 'terraform:legacy/*' },
      reason: 'Legacy bucket holds public marketing assets only',
      ticket: 'SEC-101',
      approver: 'jane.doe@example.com',
      expires: '2026-06-30',
      origin: { kind: 'file', line: 4 },
    });
    expect(waivers[0]?.origin.file).toMatch(/valid\.yaml$/);
    // An unquoted date stays the string written (YAML 1.2 core schema has no timestamps).
    expect(waivers[1]).toMatchObject({
      id: 'sandbox-logging',
      rule: 'logging.*',
      selector: { tags: { env: 'sandbox' }, file: 'sandbox/**/*.tf' },
      expires: '2026-12-31',
      origin: { line: 11 },
    });
    expect(waivers[1]).not.toHaveProperty('ticket');
  });

  it('names the default file', () => {
    expect(DEFAULT_WAIVER_FILE).toBe('.assay/waivers.yaml');
  });

  it('reports malformed YAML with its line', () => {
    const error = errorOf(join(FIXTURES, 'malformed.yaml'));
    expect(error.line).toBe(5);
    expect(error.message).toMatch(/malformed\.yaml:5: invalid YAML: /);
  });

  it('reports a missing expires at the line of the entry, with the schema path', () => {
    const error = errorOf(join(FIXTURES, 'missing-expires.yaml'));
    expect(error.line).toBe(9);
    expect(error.message).toMatch(
      /missing-expires\.yaml:9: \/waivers\/1 must have required property 'expires' \(schema #\/properties\/waivers\/items\/required\)$/,
    );
  });

  it('requires an approver', () => {
    expect(errorOf(join(FIXTURES, 'no-approver.yaml')).message).toMatch(
      /no-approver\.yaml:3: \/waivers\/0 must have required property 'approver'/,
    );
  });

  it('rejects a date that does not exist', () => {
    const error = errorOf(join(FIXTURES, 'bad-date.yaml'));
    expect(error.message).toMatch(/bad-date\.yaml:8: \/waivers\/0\/expires 2026-02-30 is not a calendar date/);
  });

  it('rejects a date not written YYYY-MM-DD, naming the pattern', () => {
    const error = errorOf(join(FIXTURES, 'bad-pattern.yaml'));
    expect(error.message).toMatch(/bad-pattern\.yaml:8: \/waivers\/0\/expires must match pattern/);
    expect(error.message).toMatch(/\(schema #\/properties\/waivers\/items\/properties\/expires\/pattern\)$/);
  });

  it('rejects an unknown property at its own line', () => {
    const error = errorOf(join(FIXTURES, 'unknown-property.yaml'));
    expect(error.message).toMatch(/unknown-property\.yaml:9: \/waivers\/0\/expiry is not an allowed property/);
  });

  it('rejects a duplicate id, including a default id that collides with a written one', () => {
    const error = errorOf(join(FIXTURES, 'duplicate-id.yaml'));
    expect(error.message).toMatch(/duplicate-id\.yaml:10: \/waivers\/1 duplicate waiver id 'W2'/);
  });

  it('rejects an empty selector, which would waive every resource', () => {
    expect(errorOf(join(FIXTURES, 'empty-selector.yaml')).message).toMatch(
      /empty-selector\.yaml:4: \/waivers\/0\/selector must NOT have fewer than 1 properties/,
    );
  });

  it('rejects a blank reason, a wrong version, an empty file and a non-string ticket', () => {
    const entry = (extra: string) =>
      `version: 1\nwaivers:\n  - rule: a.b\n    selector: { uid: x }\n    approver: j\n    expires: 2026-01-01\n${extra}`;
    expect(errorOf(tempFile(entry('    reason: "   "\n'))).message).toMatch(/:7: \/waivers\/0\/reason must match/);
    expect(errorOf(tempFile('version: 2\nwaivers: []\n')).message).toMatch(/:1: \/version must be 1/);
    expect(errorOf(tempFile('')).message).toMatch(/:1: \/ must be object/);
    expect(errorOf(tempFile(entry('    reason: r\n    ticket: 1234\n'))).message).toMatch(
      /:8: \/waivers\/0\/ticket must be string/,
    );
  });

  it('fails on a file that cannot be read', () => {
    const error = errorOf(join(FIXTURES, 'does-not-exist.yaml'));
    expect(error.line).toBeUndefined();
    expect(error.message).toMatch(/does-not-exist\.yaml: cannot read waiver file/);
  });
});

describe('isCalendarDate', () => {
  it('accepts real days only', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('2026-00-10')).toBe(false);
    expect(isCalendarDate('2026-1-10')).toBe(false);
  });
});
