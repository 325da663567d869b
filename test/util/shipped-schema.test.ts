// The schemas that ship with assay are compiled at run time without Ajv's meta-schema check
// (src/util/shipped-schema.ts), so this test is where each one is checked against JSON Schema 2020-12.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { COLLECTORS } from '../../src/collectors/registry.ts';
import { inputSchema } from '../../src/collectors/run.ts';
import { shippedSchemaAjv } from '../../src/util/shipped-schema.ts';

const root = path.resolve(import.meta.dirname, '../..');
const SCHEMA_FILES = [
  ...readdirSync(path.join(root, 'src/model/schemas')).map((f) => `src/model/schemas/${f}`),
  ...readdirSync(path.join(root, 'rules/schema')).map((f) => `rules/schema/${f}`),
  'src/collectors/iac/terraform/registry-modules.schema.json',
  'src/providers/cisco/port-names.schema.json',
];

/** Ajv's own meta-schema check, as every Ajv instance ran it before. */
function metaErrors(schema: object): string {
  const ajv = new Ajv2020({ strict: true });
  ajv.addVocabulary(['x-positional', 'x-short', 'x-value-name', 'x-secret']);
  return ajv.validateSchema(schema) ? '' : ajv.errorsText(ajv.errors);
}

describe('shipped JSON Schemas', () => {
  it.each(SCHEMA_FILES)('%s is a valid JSON Schema 2020-12', (file) => {
    expect(metaErrors(JSON.parse(readFileSync(path.join(root, file), 'utf8')))).toBe('');
  });

  it.each(COLLECTORS.map((c) => [c.id, c] as const))('the %s collector options are a valid JSON Schema', (_, c) => {
    expect(metaErrors(inputSchema(c.options))).toBe('');
  });

  it('the meta-schema check used here rejects a schema with a misspelt type', () => {
    expect(metaErrors({ type: 'object', properties: { a: { type: 'strng' } } })).toMatch(/must be equal to one of/);
  });

  it('the run-time compiler still rejects unknown keywords (strict mode)', () => {
    expect(() => shippedSchemaAjv({ strict: true }).compile({ type: 'object', propertis: {} })).toThrow(
      /unknown keyword/,
    );
  });
});
