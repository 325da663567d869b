// bin/assay.js starts the build (the bundle in dist/cli, else dist/js) only when it is at least as
// new as every source file; otherwise (no build, or a source edited since) the TypeScript sources
// through tsx. Tried in a copy of the layout whose entry points say which one ran.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './run-cli.ts';

function layout() {
  const root = mkdtempSync(path.join(tmpdir(), 'assay-bin-'));
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'assay', type: 'module' }));
  mkdirSync(path.join(root, 'bin'));
  cpSync(path.join(repoRoot, 'bin/assay.js'), path.join(root, 'bin/assay.js'));
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(root, 'node_modules'));
  mkdirSync(path.join(root, 'src/cli'), { recursive: true });
  writeFileSync(path.join(root, 'src/cli/run.ts'), "const from: string = 'sources';\nconsole.log(from);\n");
  mkdirSync(path.join(root, 'dist/js/cli'), { recursive: true });
  writeFileSync(path.join(root, 'dist/js/cli/run.js'), "console.log('compiled');\n");
  return root;
}

const start = (root: string) =>
  spawnSync(process.execPath, [path.join(root, 'bin/assay.js')], { encoding: 'utf8' }).stdout.trim();

const at = (file: string, seconds: number) => utimesSync(file, seconds, seconds);

/** Stamps a build newer than the source (`fresh`), or saves the source after it. */
function stamp(root: string, fresh: boolean) {
  const source = path.join(root, 'src/cli/run.ts');
  const built = path.join(root, 'dist/js/.built');
  writeFileSync(built, '');
  at(built, 2_000_000);
  at(source, fresh ? 1_000_000 : 3_000_000);
}

describe('bin/assay.js', () => {
  it('runs the build when its stamp is as new as every source, and the sources otherwise', () => {
    const root = layout();
    // No build stamp: the sources.
    expect(start(root)).toBe('sources');
    stamp(root, true);
    expect(start(root)).toBe('compiled');
    // A source saved after the build: the sources, never the stale build.
    stamp(root, false);
    expect(start(root)).toBe('sources');
  });

  it('prefers the bundle in dist/cli to the modules of dist/js, and runs neither when stale', () => {
    const root = layout();
    mkdirSync(path.join(root, 'dist/cli'));
    writeFileSync(path.join(root, 'dist/cli/cli.js'), "console.log('bundled');\n");
    stamp(root, true);
    expect(start(root)).toBe('bundled');
    stamp(root, false);
    expect(start(root)).toBe('sources');
  });
});
