// `npm run build`: compiles src/ to dist/js/ with tsc, bundles that into dist/cli/ (what
// bin/assay.js starts) and stamps the build, so bin/assay.js can tell a build from a stale one (a
// source file newer than the stamp). It also writes the model's JSON Schemas and the collectors'
// option schemas as compiled validators, and the shipped frameworks and known registry modules
// parsed (src/model/validate.ts, src/collectors/run.ts, src/frameworks/catalog.ts and
// src/collectors/iac/terraform/registry-modules.ts load them from next to themselves: in dist/js,
// and in dist/cli for the bundle).
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PARSED_MODULES_FILE, parsedRegistryModulesJson } from '../src/collectors/iac/terraform/registry-modules.ts';
import { COLLECTORS } from '../src/collectors/registry.ts';
import { optionValidatorsModuleCode, PRECOMPILED_OPTIONS_FILE } from '../src/collectors/run.ts';
import { PARSED_FRAMEWORKS_FILE, parsedFrameworksJson } from '../src/frameworks/catalog.ts';
import { PRECOMPILED_FILE, validatorsModuleCode } from '../src/model/validate.ts';
import { bundle } from './bundling.ts';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'dist/js');
const cli = path.join(root, 'dist/cli');
// The stamp is written before compiling: a source saved during the build is newer than it.
const started = new Date();
rmSync(out, { recursive: true, force: true });
rmSync(cli, { recursive: true, force: true });
const tsc = spawnSync(
  process.execPath,
  [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
if (tsc.status !== 0) {
  rmSync(out, { recursive: true, force: true });
  process.exit(tsc.status ?? 1);
}
mkdirSync(out, { recursive: true });
// The model's schemas as compiled validators: a scan loads them instead of compiling every schema.
writeFileSync(path.join(out, 'model', PRECOMPILED_FILE), validatorsModuleCode());
// The shipped frameworks parsed: a scan reads them instead of parsing their YAML (while unchanged).
writeFileSync(path.join(out, 'frameworks', PARSED_FRAMEWORKS_FILE), parsedFrameworksJson());
// The collectors' option schemas as compiled validators too (src/collectors/run.ts).
writeFileSync(path.join(out, 'collectors', PRECOMPILED_OPTIONS_FILE), optionValidatorsModuleCode(COLLECTORS));
// And the known registry modules parsed (src/collectors/iac/terraform/registry-modules.ts).
writeFileSync(path.join(out, 'collectors/iac/terraform', PARSED_MODULES_FILE), parsedRegistryModulesJson());
// The CLI bundled from the compiled modules: a scan of one file loads about 30 files instead of 190
// modules (docs/startup.md); bundle() writes the same prepared files beside it. The packages of the
// live collectors and of the run store stay in node_modules, loaded as before: native addons, and
// code that finds files of its own.
await bundle({
  entryPoints: { cli: 'dist/js/cli/run.js', 'eval-worker': 'dist/js/engine/eval-worker.js' },
  outDir: cli,
  generatedBy: 'scripts/build.ts (npm run build)',
  outName: 'dist/cli',
  external: ['better-sqlite3', 'pg', 'ssh2', 'ldapts', '@aws-sdk/*', '@azure/*', '@actions/*'],
});
const stamp = path.join(out, '.built');
writeFileSync(stamp, `${started.toISOString()}\n`);
utimesSync(stamp, started, started);
