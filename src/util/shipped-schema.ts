// An Ajv for the JSON Schemas that ship with assay (model, frameworks, waivers, collector options).
// Ajv checks each schema against the 2020-12 meta-schema before compiling it, and compiling that
// meta-schema cost about 100 ms of CPU per Ajv instance, at every start of a scan. Our schemas are
// fixed at release, so test/util/shipped-schema.test.ts checks every one against the meta-schema
// instead; strict mode still rejects unknown keywords here at compile time.
import { Ajv2020, type Options } from 'ajv/dist/2020.js';

/** A new Ajv (draft 2020-12) that trusts the schema it compiles to be a valid JSON Schema. */
export function shippedSchemaAjv(options: Options = {}): Ajv2020 {
  return new Ajv2020({ ...options, validateSchema: false });
}
