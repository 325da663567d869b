// npm run policies:build  — compile policies/ into dist/policies (committed).
// npm run policies:check-fresh — fail when the committed bundle was built from other sources.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BundleManifest, buildPolicyBundle, hashSources } from '../src/policies/build.ts';
import { findOpa, OPA_VERSION } from '../src/policies/opa-cli.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const policyDir = path.join(repoRoot, 'policies');
const outDir = path.join(repoRoot, 'dist', 'policies');

if (process.argv.includes('--check')) {
  const manifestFile = path.join(outDir, 'manifest.json');
  if (!existsSync(manifestFile)) {
    console.error(`${manifestFile} is missing: run npm run policies:build and commit dist/policies`);
    process.exit(1);
  }
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as BundleManifest;
  const current = hashSources(policyDir);
  if (manifest.sourcesSha256 !== current) {
    console.error(
      'dist/policies is stale: the Rego sources changed since it was built. Run npm run policies:build and commit it.',
    );
    process.exit(1);
  }
  console.log(`policy bundle is fresh (${manifest.rules} rules, sources ${current.slice(0, 12)})`);
} else {
  const opa = findOpa({ cacheDir: path.join(repoRoot, '.cache', 'opa'), install: true, log: console.error });
  const manifest = buildPolicyBundle({ opa, opaVersion: OPA_VERSION, repoRoot, policyDir, outDir });
  console.log(`built dist/policies: ${manifest.rules} rules, wasm ${manifest.wasmSha256.slice(0, 12)}`);
}
