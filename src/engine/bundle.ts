// The compiled policy bundle: policy.wasm, the rule catalog and the build manifest.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { assetPath } from '../assets.ts';
import type { RuleMeta } from '../model/results.ts';

export interface PolicyBundle {
  dir: string;
  wasm: Uint8Array;
  wasmSha256: string;
  entrypoint: string;
  catalog: RuleMeta[];
  /** Hash of the Rego sources it was built from, and the opa that built it (from manifest.json). */
  sourcesSha256?: string;
  opaVersion?: string;
}

export class BundleError extends Error {
  override name = 'BundleError';
}

/** dist/policies of this package, wherever it is installed. */
export function defaultBundleDir(): string {
  return assetPath('dist', 'policies');
}

export function loadBundle(dir = defaultBundleDir()): PolicyBundle {
  const read = (name: string) => {
    try {
      return readFileSync(path.join(dir, name));
    } catch {
      throw new BundleError(
        `policy bundle incomplete: ${path.join(dir, name)} is missing (run npm run policies:build)`,
      );
    }
  };
  const wasm = read('policy.wasm');
  const manifest = JSON.parse(read('manifest.json').toString('utf8')) as {
    entrypoint: string;
    wasmSha256: string;
    sourcesSha256?: string;
    opaVersion?: string;
  };
  const wasmSha256 = createHash('sha256').update(wasm).digest('hex');
  if (wasmSha256 !== manifest.wasmSha256) {
    throw new BundleError(`${path.join(dir, 'policy.wasm')} does not match its manifest hash: rebuild the bundle`);
  }
  const catalog = JSON.parse(read('catalog.json').toString('utf8')) as RuleMeta[];
  return {
    dir,
    wasm,
    wasmSha256,
    entrypoint: manifest.entrypoint,
    catalog,
    ...(manifest.sourcesSha256 ? { sourcesSha256: manifest.sourcesSha256 } : {}),
    ...(manifest.opaVersion ? { opaVersion: manifest.opaVersion } : {}),
  };
}
