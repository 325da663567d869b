// What a pull request changed, from git: the files (new paths, deletions left out) and, per
// file, the line ranges of the new version that differ from the merge base.
import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import path from 'node:path';

/** Inclusive line range in the new version of a file. */
export interface LineRange {
  start: number;
  end: number;
}

export interface ChangedFile {
  /** Relative to the scan root, forward slashes. */
  path: string;
  ranges: LineRange[];
}

export class MissingBaseError extends Error {
  override name = 'MissingBaseError';
}

function git(args: string[], cwd: string): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: 'pipe' });
}

function hasCommit(sha: string, cwd: string): boolean {
  try {
    git(['cat-file', '-e', `${sha}^{commit}`], cwd);
    return true;
  } catch {
    return false;
  }
}

/** A changed path as git names it (relative to the repository top); `from` for renames and copies. */
export interface NameStatus {
  path: string;
  from?: string;
}

/**
 * Parses `git diff --name-status -z` output: status, then one path (or old and new path for
 * renames and copies). Deleted files are dropped: nothing of them is left to scan.
 */
export function parseNameStatus(output: string): NameStatus[] {
  const fields = output.split('\0');
  const files: NameStatus[] = [];
  let i = 0;
  while (i < fields.length) {
    const status = fields[i++];
    if (!status) continue;
    if (status.startsWith('R') || status.startsWith('C')) {
      const from = fields[i++];
      const to = fields[i++];
      if (to) files.push(from ? { path: to, from } : { path: to });
    } else {
      const file = fields[i++];
      if (file && !status.startsWith('D')) files.push({ path: file });
    }
  }
  return files;
}

/**
 * Parses the hunk headers of `git diff --unified=0` (`@@ -a,b +c,d @@`). Added or changed lines
 * give c..c+d-1. A pure deletion (d = 0) removes lines after line c: lines c and c+1 count as
 * changed, so a resource that lost a property still overlaps the change.
 */
export function parseHunks(diff: string): LineRange[] {
  const ranges: LineRange[] = [];
  for (const match of diff.matchAll(/^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/gm)) {
    const start = Number(match[1]);
    const count = match[2] === undefined ? 1 : Number(match[2]);
    if (count > 0) ranges.push({ start, end: start + count - 1 });
    else ranges.push({ start: Math.max(start, 1), end: start + 1 });
  }
  return ranges;
}

export function inRanges(line: number, ranges: readonly LineRange[]): boolean {
  return ranges.some((r) => line >= r.start && line <= r.end);
}

export function overlaps(start: number, end: number, ranges: readonly LineRange[]): boolean {
  return ranges.some((r) => start <= r.end && end >= r.start);
}

/**
 * The files changed between the merge base of `base` and `head` and `head`, with their changed
 * line ranges, as paths relative to `root`. Throws MissingBaseError when the base commit (or a
 * merge base) is not in the local clone, as after a shallow checkout.
 */
export function changedFiles(base: string, head: string, root: string): ChangedFile[] {
  if (!hasCommit(base, root)) {
    throw new MissingBaseError(
      `the base commit ${base.slice(0, 12)} is not in the local clone (a shallow checkout?); ` +
        'check out with `fetch-depth: 0` in actions/checkout to scan only what the pull request changes',
    );
  }
  const range = `${base}...${head}`;
  let names: string;
  try {
    names = git(['diff', '--name-status', '--find-renames', '-z', range], root);
  } catch (error) {
    const detail = (error as { stderr?: string }).stderr?.trim() || (error as Error).message;
    throw new MissingBaseError(
      `git could not compare ${range.replace(/([0-9a-f]{12})[0-9a-f]+/g, '$1')}: ${detail}; ` +
        'check out with `fetch-depth: 0` in actions/checkout',
    );
  }
  const top = realpathSync(git(['rev-parse', '--show-toplevel'], root).trim());
  const realRoot = realpathSync(root);
  return parseNameStatus(names).map((file) => {
    // Both names of a rename in the pathspec, so git pairs them and shows only the edited lines.
    const pathspec = file.from ? [file.from, file.path] : [file.path];
    // Literal: a file named "[m]ain.tf" or ":(top)x.tf" would otherwise be a pattern or magic.
    const diff = git(['--literal-pathspecs', 'diff', '--unified=0', '--find-renames', range, '--', ...pathspec], top);
    const relative = path.relative(realRoot, path.join(top, file.path));
    return { path: relative.split(path.sep).join('/'), ranges: parseHunks(diff) };
  });
}

/** The checked-out commit, which is what the scan reads. */
export function headCommit(root: string): string | undefined {
  try {
    return git(['rev-parse', 'HEAD'], root).trim();
  } catch {
    return undefined;
  }
}
