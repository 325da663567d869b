// Which files a pull request scan reads. A changed Terraform file brings its whole directory
// (variables, locals, tfvars and module calls resolve there) and the directories that call that
// directory as a local module, so module inputs resolve as in the callers; any other IaC file is
// read alone. Only files under the `paths` input count.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { discoverFiles, isScannedPath, TerraformSyntaxError, terraformModuleCalls } from '../collectors/iac/index.ts';

const TERRAFORM = /\.(tf|tfvars)$/i;
// A local module source starts with ./ or ../ (Terraform's own rule); others are registry or remote.
const LOCAL_SOURCE = /^\.\.?\//;

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** Whether a root-relative file lies under one of the root-relative paths. */
export function isUnder(file: string, paths: readonly string[], root: string): boolean {
  const absolute = path.resolve(root, file);
  return paths.some((p) => {
    const rel = path.relative(path.resolve(root, p), absolute);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  });
}

/** Terraform files directly in a directory (not below it: subfolders are other modules). */
function terraformFilesIn(absDir: string): string[] {
  try {
    return readdirSync(absDir, { withFileTypes: true })
      .filter((e) => e.isFile() && TERRAFORM.test(e.name))
      .map((e) => path.join(absDir, e.name));
  } catch {
    return [];
  }
}

/**
 * Module directory -> the directories whose Terraform calls it with a literal local source, read
 * with the collector's HCL parser (a `source = "../x"` in a comment or heredoc is no call).
 */
async function localModuleCallers(paths: string[], root: string): Promise<Map<string, Set<string>>> {
  const callers = new Map<string, Set<string>>();
  for (const file of discoverFiles(paths, root).files) {
    if (!/\.tf$/i.test(file)) continue;
    let calls: Awaited<ReturnType<typeof terraformModuleCalls>>;
    try {
      calls = await terraformModuleCalls(readFileSync(file, 'utf8'), file);
    } catch (error) {
      // The collector reports unreadable and malformed files itself, as gaps.
      if (error instanceof TerraformSyntaxError || (error as NodeJS.ErrnoException).code) continue;
      throw error;
    }
    const dir = path.dirname(file);
    for (const call of calls) {
      if (!call.source || !LOCAL_SOURCE.test(call.source)) continue;
      const target = path.resolve(dir, call.source);
      if (target === dir) continue;
      const set = callers.get(target) ?? new Set<string>();
      set.add(dir);
      callers.set(target, set);
    }
  }
  return callers;
}

/**
 * The files to scan for a set of changed files (all relative to `root`), sorted, relative to root.
 * Directories are never returned: the collector would walk into their subfolders.
 */
export async function scanTargets(
  changed: readonly string[],
  paths: readonly string[],
  root: string,
): Promise<string[]> {
  // Every changed file is read: IaC is parsed, any other text is scanned for hardcoded secrets.
  const relevant = changed.filter((f) => isScannedPath(f) && isUnder(f, paths, root));
  const files = new Set<string>();
  const terraformDirs = new Set<string>();
  for (const file of relevant) {
    if (TERRAFORM.test(file)) terraformDirs.add(path.dirname(path.resolve(root, file)));
    else files.add(path.resolve(root, file));
  }
  if (terraformDirs.size > 0) {
    const callers = await localModuleCallers([...paths], root);
    const queue = [...terraformDirs];
    while (queue.length > 0) {
      const dir = queue.pop()!;
      for (const caller of callers.get(dir) ?? []) {
        if (!terraformDirs.has(caller)) {
          terraformDirs.add(caller);
          queue.push(caller);
        }
      }
    }
    for (const dir of terraformDirs) for (const file of terraformFilesIn(dir)) files.add(file);
  }
  return [...files]
    .map((f) => toPosix(path.relative(root, f)))
    .filter((f) => isUnder(f, paths, root))
    .sort();
}
