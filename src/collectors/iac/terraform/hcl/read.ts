// Entry point of the HCL reader: every .tf/.tfvars file of a scan -> Terraform resource records.
// Each directory is a root module unless another scanned directory calls it as a local module;
// then its resources come only through the caller (addresses `module.<name>.…`).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { IacFile } from '../../../../kit/format-contract.ts';
import { MAX_FILE_BYTES } from '../../../../kit/limits.ts';
import { describeJsonError } from '../../../../kit/located.ts';
import { unknown } from '../../../../kit/unknown.ts';
import type { Gap } from '../../../../model/resource.ts';
import type { TfResourceRecord } from '../records.ts';
import type { ParsedFile } from './ast.ts';
import { duplicateGaps } from './duplicates.ts';
import { evaluate, type Scope } from './evaluate.ts';
import { parseTerraformJson } from './json.ts';
import {
  calledDirectories,
  type EvalOutput,
  evaluateModule,
  type InstalledModule,
  type ModuleLoader,
} from './module.ts';
import { getParser, parseHcl } from './parser.ts';
import { templateReader } from './template-file.ts';
import type { ObjectValue } from './values.ts';

export async function readTerraformSources(files: IacFile[]): Promise<{ records: TfResourceRecord[]; gaps: Gap[] }> {
  const out: EvalOutput = { records: [], gaps: [] };
  let parser: Awaited<ReturnType<typeof getParser>>;
  try {
    parser = await getParser();
  } catch (error) {
    const message = `the HCL parser could not start: ${(error as Error).message}`;
    return { records: [], gaps: files.map((f) => ({ reason: 'other', file: f.relPath, message })) };
  }
  // One file that breaks the parser or the converter is a gap for that file; the others are still read.
  const parse = (relPath: string, absPath: string, content: string): ParsedFile | undefined => {
    let result: ReturnType<typeof parseHcl>;
    try {
      result = /\.json$/i.test(relPath)
        ? parseTerraformJson(parser, content, relPath)
        : parseHcl(parser, content, relPath);
    } catch (error) {
      out.gaps.push({
        reason: 'other',
        file: relPath,
        message: `${relPath}: could not be read: ${(error as Error).message}`,
      });
      return undefined;
    }
    if (result.ok) {
      for (const gap of result.gaps) out.gaps.push(gap);
      return { relPath, absPath, body: result.body };
    }
    out.gaps.push(result.gap);
    return undefined;
  };

  // Scanned files, parsed once each and grouped by directory.
  const tfByDir = new Map<string, ParsedFile[]>();
  const tfvarsByDir = new Map<string, ParsedFile[]>();
  for (const file of [...files].sort((a, b) => a.relPath.localeCompare(b.relPath))) {
    if (file.format !== 'terraform' && file.format !== 'tfvars') continue;
    const parsed = parse(file.relPath, file.absPath, file.content);
    if (!parsed) continue;
    const byDir = file.format === 'tfvars' ? tfvarsByDir : tfByDir;
    const dir = path.resolve(path.dirname(file.absPath));
    byDir.set(dir, [...(byDir.get(dir) ?? []), parsed]);
  }

  // Module directories outside the scanned set are read from disk, once.
  const scanRoot = inferScanRoot(files);
  const diskCache = new Map<string, ParsedFile[]>();
  const load: ModuleLoader = (absDir: string): ParsedFile[] => {
    const scanned = tfByDir.get(absDir);
    if (scanned) return scanned;
    let cached = diskCache.get(absDir);
    if (!cached) {
      cached = readModuleDir(absDir, scanRoot, parse, out.gaps);
      diskCache.set(absDir, cached);
    }
    return cached;
  };

  load.installed = installedModules(scanRoot, out.gaps);
  load.template = templateReader(parser, scanRoot);

  for (const parsed of tfByDir.values()) for (const gap of duplicateGaps(parsed)) out.gaps.push(gap);
  const calls = new Map<string, string[]>();
  for (const [dir, parsed] of tfByDir)
    calls.set(
      dir,
      calledDirectories(parsed, dir).filter((t) => t !== dir),
    );
  const called = new Set([...calls.values()].flat());
  const evaluateRoot = (dir: string, parsed: ParsedFile[]) => {
    try {
      evaluateModule(
        {
          absDir: dir,
          files: parsed,
          address: '',
          inputs: tfvarsInputs(tfvarsByDir.get(dir) ?? []),
          rootDir: dir,
          root: rootFolder(parsed[0]?.relPath ?? ''),
          calls: [],
          callers: [],
          fanOut: 1,
        },
        load,
        out,
      );
    } catch (error) {
      // A failure outside any one resource or call (a bug): a gap for the module's files, the other modules still read.
      for (const file of parsed)
        out.gaps.push({
          reason: 'other',
          file: file.relPath,
          message: `${file.relPath}: the module in this folder could not be read: ${(error as Error).message}`,
        });
    }
  };
  const reached = new Set<string>();
  const reach = (dir: string) => {
    if (reached.has(dir)) return;
    reached.add(dir);
    for (const target of calls.get(dir) ?? []) reach(target);
  };
  for (const [dir, parsed] of tfByDir) {
    if (called.has(dir)) continue;
    reach(dir);
    evaluateRoot(dir, parsed);
  }
  // Folders only called from inside a cycle (a calls b, b calls a) have no root: each cycle is read
  // from its first folder as a root, and the call that closes the cycle is a gap naming the chain.
  for (const [dir, parsed] of tfByDir) {
    if (reached.has(dir)) continue;
    reach(dir);
    evaluateRoot(dir, parsed);
  }
  return out;
}

/**
 * terraform.tfvars, terraform.tfvars.json, then *.auto.tfvars and *.auto.tfvars.json in name order
 * (later files win), as Terraform loads them.
 */
function tfvarsInputs(tfvars: ParsedFile[]): ObjectValue {
  const auto = tfvars
    .filter((f) => /\.auto\.tfvars(\.json)?$/.test(f.absPath))
    .sort((a, b) => a.absPath.localeCompare(b.absPath));
  const main = ['terraform.tfvars', 'terraform.tfvars.json'].flatMap((name) =>
    tfvars.filter((f) => path.basename(f.absPath) === name),
  );
  const scope: Scope = { variables: {}, local: (name) => unknown(`local.${name}`), path: {} };
  const inputs: ObjectValue = {};
  for (const file of [...main, ...auto]) {
    for (const attribute of file.body.attributes) {
      try {
        inputs[attribute.name] = evaluate(attribute.expr, scope);
      } catch {
        // A value above a limit: the variable stays unknown inside the module.
        inputs[attribute.name] = unknown(`var.${attribute.name}`);
      }
    }
  }
  return inputs;
}

function inferScanRoot(files: IacFile[]): string {
  for (const file of files) {
    const rel = file.relPath.split('/').join(path.sep);
    if (file.absPath.endsWith(rel)) return file.absPath.slice(0, file.absPath.length - rel.length) || path.sep;
  }
  return process.cwd();
}

function readModuleDir(
  absDir: string,
  scanRoot: string,
  parse: (relPath: string, absPath: string, content: string) => ParsedFile | undefined,
  gaps: Gap[],
): ParsedFile[] {
  let names: string[];
  try {
    names = readdirSync(absDir)
      .filter((n) => n.endsWith('.tf') || n.endsWith('.tf.json'))
      .sort();
  } catch {
    return [];
  }
  const parsed: ParsedFile[] = [];
  for (const name of names) {
    const absPath = path.join(absDir, name);
    const relPath = path.relative(scanRoot, absPath).split(path.sep).join('/');
    let content: string;
    try {
      const stats = statSync(absPath);
      if (!stats.isFile()) {
        gaps.push({ reason: 'unreadable', file: relPath, message: `${relPath}: not a regular file; not opened` });
        continue;
      }
      if (stats.size > MAX_FILE_BYTES) {
        gaps.push({
          reason: 'limit-exceeded',
          file: relPath,
          line: 1,
          message: `${relPath}: ${stats.size} bytes, above the limit of ${MAX_FILE_BYTES} bytes per file; not read`,
        });
        continue;
      }
      content = readFileSync(absPath, 'utf8');
    } catch (error) {
      gaps.push({
        reason: 'unreadable',
        file: relPath,
        message: `${relPath}: ${(error as NodeJS.ErrnoException).code ?? 'cannot be read'}`,
      });
      continue;
    }
    const file = parse(relPath, absPath, content);
    if (file) parsed.push(file);
  }
  return parsed;
}

/** The folder of a root module's file, relative to the scan root ('' for the scan root itself). */
function rootFolder(relPath: string): string {
  const dir = path.posix.dirname(relPath);
  return dir === '.' ? '' : dir;
}

interface ManifestEntry {
  Key?: unknown;
  Dir?: unknown;
  Version?: unknown;
}

/**
 * The modules `terraform init` installed for a root: `.terraform/modules/modules.json` lists each
 * call's key (`vpc`, `app.vpc`) and the folder (relative to the root) holding its code. Read once
 * per root; a manifest that cannot be read is a gap, and the registry models are used instead.
 */
function installedModules(scanRoot: string, gaps: Gap[]): NonNullable<ModuleLoader['installed']> {
  const manifests = new Map<string, Map<string, InstalledModule>>();
  const read = (rootDir: string) => {
    const found = new Map<string, InstalledModule>();
    const file = path.join(rootDir, '.terraform', 'modules', 'modules.json');
    const relPath = path.relative(scanRoot, file).split(path.sep).join('/');
    let text: string;
    try {
      if (statSync(file).size > MAX_FILE_BYTES) {
        gaps.push({
          reason: 'limit-exceeded',
          file: relPath,
          message: `${relPath}: above the limit of ${MAX_FILE_BYTES} bytes per file; not read`,
        });
        return found;
      }
      text = readFileSync(file, 'utf8');
    } catch {
      return found; // no terraform init here: the registry models apply
    }
    let modules: ManifestEntry[] = [];
    try {
      const parsed = JSON.parse(text) as { Modules?: unknown };
      if (Array.isArray(parsed?.Modules)) modules = parsed.Modules as ManifestEntry[];
    } catch (error) {
      const problem = describeJsonError(text, error as Error);
      gaps.push({
        reason: 'parse-error',
        file: relPath,
        line: problem.line,
        message: `${relPath}:${problem.line}: ${problem.message}; the installed modules it lists were not read`,
      });
      return found;
    }
    for (const entry of modules) {
      if (typeof entry?.Key !== 'string' || entry.Key === '' || typeof entry.Dir !== 'string') continue;
      const absDir = path.resolve(rootDir, entry.Dir);
      // Only folders inside the root: a manifest does not send the reader elsewhere on the disk.
      const outside = !absDir.startsWith(path.resolve(rootDir) + path.sep);
      found.set(entry.Key, {
        absDir,
        ...(typeof entry.Version === 'string' ? { version: entry.Version } : {}),
        ...(outside ? { outside } : {}),
      });
    }
    return found;
  };
  return (rootDir, key) => {
    let manifest = manifests.get(rootDir);
    if (!manifest) {
      manifest = read(rootDir);
      manifests.set(rootDir, manifest);
    }
    return manifest.get(key);
  };
}
