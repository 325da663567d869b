// The build writes the model's validators as a compiled module (validatorsModuleCode) that a scan
// loads instead of compiling the schemas; it must judge every snapshot exactly as the schemas do.
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCollector } from '../../src/collectors/registry.ts';
import { runCollector } from '../../src/collectors/run.ts';
import { KINDS } from '../../src/model/kinds.ts';
import { compileValidators, type Validators, validatorsModuleCode } from '../../src/model/validate.ts';
import { snapshotOf } from '../../src/pipeline/snapshots.ts';

const root = path.resolve(import.meta.dirname, '../..');

/** The module's exports, loaded as Node loads the build's file (its requires resolved from the repo). */
function loadModule(code: string): Validators {
  const module = { exports: {} as Validators };
  new Function('module', 'exports', 'require', code)(module, module.exports, createRequire(`${root}/package.json`));
  return module.exports;
}

/** A real snapshot (the examples scanned) and broken copies of it. */
async function samples(): Promise<unknown[]> {
  const collected = await runCollector(findCollector('iac')!, { paths: [path.join(root, 'examples')], root });
  const snapshot = JSON.parse(JSON.stringify(snapshotOf([collected]).snapshot));
  const broken = structuredClone(snapshot);
  broken.resources[0].props = { encryption: 'yes', unknownProp: 1 };
  broken.resources[1].kind = 'not.a.kind';
  delete broken.resources[2].uid;
  broken.sources[0].status = 'half';
  return [snapshot, broken, {}, null, { schema: 'assay.snapshot/v1', resources: [{}] }];
}

describe('precompiled model validators', () => {
  it('export a validator for the envelope, the snapshot and every kind', () => {
    expect(Object.keys(loadModule(validatorsModuleCode())).sort()).toEqual(['resource', 'snapshot', ...KINDS].sort());
  });

  it('give the same verdicts and errors as the schemas compiled at run time', async () => {
    const precompiled = loadModule(validatorsModuleCode());
    const runtime = compileValidators();
    const inputs = await samples();
    let failures = 0;
    for (const input of inputs) {
      const resources = (input as { resources?: { kind?: string; props?: unknown }[] } | null)?.resources ?? [];
      const checks: [string, unknown][] = [
        ['snapshot', input],
        ...resources.map((r) => ['resource', r] as [string, unknown]),
        ...resources.map((r) => [r.kind ?? '', r.props] as [string, unknown]),
      ];
      for (const [name, value] of checks) {
        const a = precompiled[name];
        const b = runtime[name];
        expect(a === undefined).toBe(b === undefined);
        if (!a || !b) continue;
        const verdict = a(value);
        expect(verdict).toBe(b(value));
        expect(a.errors ?? null).toEqual(b.errors ?? null);
        if (!verdict) failures++;
      }
    }
    // The broken copies did fail: the comparison covered errors, not only passes.
    expect(failures).toBeGreaterThan(3);
  });
});
