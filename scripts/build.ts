// `npm run build`: compiles src/ to dist/js/ with tsc and stamps the build, so bin/assay.js can
// tell a build from a stale one (a source file newer than the stamp). It also writes the model's
// JSON Schemas as compiled validators and the shipped frameworks parsed (src/model/validate.ts and
// src/frameworks/catalog.ts load them from there).
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PARSED_FRAMEWORKS_FILE, parsedFrameworksJson } from '../src/frameworks/catalog.ts';
import { PRECOMPILED_FILE, validatorsModuleCode } from '../src/model/validate.ts';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'dist/js');
// The stamp is written before compiling: a source saved during the build is newer than it.
const started = new Date();
rmSync(out, { recursive: true, force: true });
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
const stamp = path.join(out, '.built');
writeFileSync(stamp, `${started.toISOString()}\n`);
utimesSync(stamp, started, started);
