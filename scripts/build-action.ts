// npm run action:build       — bundle the GitHub Action into dist/action (committed: GitHub runs
//                              it from the repository checkout, where there is no node_modules).
// npm run action:check-fresh — rebuild into a temporary folder and fail, naming the file, when the
//                              committed dist/action differs from what the sources produce now.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle } from './bundling.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const committedDir = path.join(repoRoot, 'dist', 'action');

/**
 * Bundle name -> source. The worker is a file of its own: evaluate.ts starts ./eval-worker.js next to itself.
 */
const ENTRIES = {
  index: 'src/action/index.ts',
  cli: 'src/cli/run.ts',
  'eval-worker': 'src/engine/eval-worker.js',
};

export async function buildAction(outDir: string): Promise<void> {
  await bundle({
    entryPoints: ENTRIES,
    outDir,
    generatedBy: 'scripts/build-action.ts (npm run action:build)',
    outName: 'dist/action',
  });
}

/** Relative paths of every file under `dir`, sorted. */
function listFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`)
        : [`${prefix}${entry.name}`],
    )
    .sort();
}

/** The first difference between two build folders, or undefined when they are byte-for-byte equal. */
export function firstDifference(expectedDir: string, actualDir: string): string | undefined {
  const expected = listFiles(expectedDir);
  const actual = new Set(listFiles(actualDir));
  for (const file of expected) {
    if (!actual.has(file)) return `${file} is missing`;
    if (!readFileSync(path.join(expectedDir, file)).equals(readFileSync(path.join(actualDir, file)))) {
      return `${file} differs`;
    }
    actual.delete(file);
  }
  const extra = [...actual][0];
  return extra === undefined ? undefined : `${extra} should not be there`;
}

async function main(): Promise<void> {
  if (!process.argv.includes('--check')) {
    await buildAction(committedDir);
    console.log(`built dist/action: ${listFiles(committedDir).join(', ')}`);
    return;
  }
  const fresh = mkdtempSync(path.join(os.tmpdir(), 'assay-action-'));
  try {
    await buildAction(fresh);
    const difference = firstDifference(fresh, committedDir);
    if (difference) {
      console.error(
        `dist/action is stale: dist/action/${difference}. Run npm run action:build and commit dist/action.`,
      );
      process.exitCode = 1;
    } else {
      console.log('dist/action is fresh');
    }
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
