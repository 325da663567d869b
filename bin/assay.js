#!/usr/bin/env node
// Starts the CLI from the build (`npm run build`, which `npm ci` runs as `prepare`): the bundle in
// dist/cli, a few files instead of the 190 modules of dist/js a scan imports (or dist/js itself
// when there is no bundle). When a source file is newer than the build (an edited checkout) or there
// is no build, it runs the TypeScript sources through tsx instead, so stale code never runs.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stamp = `${root}dist/js/.built`;

/** The newest modification time of any file under `dir`, in ms. */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const time = statSync(`${entry.parentPath}/${entry.name}`).mtimeMs;
    if (time > latest) latest = time;
  }
  return latest;
}

const built = existsSync(stamp) && statSync(stamp).mtimeMs >= newest(`${root}src`);
if (built && existsSync(`${root}dist/cli/cli.js`)) {
  await import('../dist/cli/cli.js');
} else if (built) {
  await import('../dist/js/cli/run.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/run.ts');
}
