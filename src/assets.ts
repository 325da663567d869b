// Where the files shipped with assay (rules/, reports/html/, model schemas, dist/policies, ...)
// live at run time. Code may run from src/ (tsx), from an installed package, or from the bundled
// Action in dist/action/, where every module shares one file: a path relative to a module no
// longer points anywhere useful, but the package root does, from all three.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'assay';

let root: string | undefined;

/** The first folder at or above `start` whose package.json is assay's; throws when there is none. */
export function findPackageRoot(start: string): string {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (isAssayRoot(dir)) return dir;
    if (path.dirname(dir) === dir) break;
  }
  throw new Error(`assay's package.json was not found in ${start} or any folder above it`);
}

function isAssayRoot(dir: string): boolean {
  const file = path.join(dir, 'package.json');
  if (!existsSync(file)) return false;
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME;
  } catch {
    // A broken package.json of some other project on the way up is not ours.
    return false;
  }
}

/** The assay package root (the folder holding its package.json), found once per process. */
export function repoRoot(): string {
  root ??= findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));
  return root;
}

/** Absolute path of a file or folder shipped with assay, e.g. assetPath('rules', 'frameworks'). */
export function assetPath(...segments: string[]): string {
  return path.join(repoRoot(), ...segments);
}
