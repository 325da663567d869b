// The build writes the collectors' option validators as a compiled module
// (optionValidatorsModuleCode) that a scan loads instead of compiling the option schemas with Ajv;
// each must judge options, report errors and fill in defaults exactly as the schema compiled now.
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { COLLECTORS } from '../../src/collectors/registry.ts';
import { compileOptionValidator, inputSchema, optionValidatorsModuleCode } from '../../src/collectors/run.ts';

const root = path.resolve(import.meta.dirname, '../..');

/** The module's exports, loaded as Node loads the build's file (its requires resolved from the repo). */
function loadModule(code: string): Record<string, ValidateFunction> {
  const module = { exports: {} as Record<string, ValidateFunction> };
  new Function('module', 'exports', 'require', code)(module, module.exports, createRequire(`${root}/package.json`));
  return module.exports;
}

/** Options to try on a collector: none, its declared defaults, each option wrong, an unknown one. */
function samples(schema: ReturnType<typeof inputSchema>): Record<string, unknown>[] {
  const names = Object.keys(schema.properties);
  const typical: Record<string, unknown> = {};
  for (const [name, option] of Object.entries(schema.properties)) {
    const type = (option as { type?: string }).type;
    typical[name] = type === 'array' ? ['x'] : type === 'boolean' ? true : type === 'integer' ? 1 : 'x';
  }
  return [
    {},
    typical,
    { ...typical, 'not-an-option': 1 },
    ...names.map((name) => ({ ...typical, [name]: { wrong: true } })),
    ...names.map((name) => ({ ...typical, [name]: '' })),
  ];
}

describe('precompiled collector option validators', () => {
  const precompiled = Object.values(loadModule(optionValidatorsModuleCode(COLLECTORS)));

  it('export one validator per collector', () => {
    expect(precompiled).toHaveLength(COLLECTORS.length);
  });

  it('give the verdicts, errors and defaults of the schemas compiled at run time', () => {
    const exported = loadModule(optionValidatorsModuleCode(COLLECTORS));
    let rejected = 0;
    for (const collector of COLLECTORS) {
      const key = Object.keys(exported).find((k) => k.startsWith(`${collector.id}:`));
      expect(key, collector.id).toBeDefined();
      const compiled = exported[key!]!;
      const runtime = compileOptionValidator(collector);
      for (const sample of samples(inputSchema(collector.options))) {
        const a = structuredClone(sample);
        const b = structuredClone(sample);
        const verdict = compiled(a);
        expect(verdict, `${collector.id} ${JSON.stringify(sample)}`).toBe(runtime(b));
        expect(compiled.errors ?? null).toEqual(runtime.errors ?? null);
        // useDefaults fills the same options in.
        expect(a).toEqual(b);
        if (!verdict) rejected++;
      }
    }
    // The samples reach the failing paths, not only the passing one.
    expect(rejected).toBeGreaterThan(COLLECTORS.length * 2);
  });
});
