// Finds and reads the files of an IaC scan faithfully: every file under the given paths (IaC is
// parsed, any other text is scanned for secrets), regular files only (opening a FIFO or a device
// blocks or never ends), a size cap, binary files told apart, links inside the scan root followed
// once, links leaving it not followed, unreadable folders skipped with a gap while their siblings
// are walked, and the bytes hashed as read. Anything not read is a gap naming the path.
import {
  closeSync,
  constants,
  type Dirent,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readSync,
  realpathSync,
  type Stats,
} from 'node:fs';
import path from 'node:path';
import { MAX_FILE_BYTES } from '../../kit/limits.ts';
import type { Gap } from '../../model/resource.ts';

export const SKIPPED_DIRS = new Set(['node_modules', '.git', '.terraform', '.cache']);

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

function kindOf(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

function errorGap(error: unknown, file: string, what: string): Gap {
  const code = (error as NodeJS.ErrnoException).code;
  return {
    reason: code === 'EACCES' || code === 'EPERM' ? 'permission-denied' : 'unreadable',
    file,
    message: `${file}: ${what} cannot be read (${code ?? (error as Error).message})`,
  };
}

function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Whether a root-relative path lies outside the folders a walk skips (dependencies, VCS data, caches). */
export function isScannedPath(relPath: string): boolean {
  return !toPosix(relPath)
    .split('/')
    .slice(0, -1)
    .some((part) => SKIPPED_DIRS.has(part));
}

/** Every file under the given paths, sorted, with gaps for paths that cannot be read. */
export function discoverFiles(paths: string[], root: string): { files: string[]; gaps: Gap[] } {
  const files = new Map<string, string>(); // real path -> path as found
  const gaps: Gap[] = [];
  const walked = new Set<string>(); // real paths of folders already walked
  let realRoot = root;
  try {
    realRoot = realpathSync(root);
  } catch {
    // A missing root shows up as a gap for each path given.
  }
  const rel = (p: string) => toPosix(path.relative(root, p)) || '.';

  /** A link: its real target when inside the scan root (or named by the user), else a gap and undefined. */
  const follow = (link: string, given: boolean): string | undefined => {
    let real: string;
    try {
      real = realpathSync(link);
    } catch (error) {
      gaps.push({
        reason: 'unreadable',
        file: rel(link),
        message: `${rel(link)}: symbolic link that cannot be resolved (${(error as NodeJS.ErrnoException).code ?? 'loop or missing target'}); not read`,
      });
      return undefined;
    }
    if (!given && !isInside(realRoot, real)) {
      gaps.push({
        reason: 'unreadable',
        file: rel(link),
        message: `${rel(link)}: symbolic link to ${real}, outside the scan root; not followed`,
      });
      return undefined;
    }
    return real;
  };

  const addFile = (found: string, real: string) => {
    const first = files.get(real);
    if (first === undefined) files.set(real, found);
    else if (first !== found)
      gaps.push({
        reason: 'unsupported',
        file: rel(found),
        message: `${rel(found)}: the same file as ${rel(first)} (a link); read once, as ${rel(first)}`,
      });
  };

  /** A folder's entries, real ones before links, so a folder reached both ways is read under its own name. */
  const walk = (found: string, real: string) => {
    if (walked.has(real)) {
      gaps.push({
        reason: 'unsupported',
        file: rel(found),
        message: `${rel(found)}: folder already walked (a link loop or a second link to it); not walked again`,
      });
      return;
    }
    walked.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(found, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    } catch (error) {
      gaps.push(errorGap(error, rel(found), 'the folder'));
      return;
    }
    for (const entry of entries) {
      if (entry.isSymbolicLink()) continue;
      const child = path.join(found, entry.name);
      // Not a link, in a folder whose real path is known: its real path needs no lookup, and a
      // regular file or a folder (the type readdir gave) needs no lstat either.
      if (entry.isFile()) addFile(child, path.join(real, entry.name));
      else if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(child, path.join(real, entry.name));
      } else visit(child, false);
    }
    for (const entry of entries) if (entry.isSymbolicLink()) visit(path.join(found, entry.name), false);
  };

  const visit = (found: string, given: boolean) => {
    let stats: Stats;
    let real = found;
    try {
      stats = lstatSync(found);
      if (stats.isSymbolicLink()) {
        const target = follow(found, given);
        if (target === undefined) return;
        real = target;
        stats = lstatSync(real);
      } else {
        real = realpathSync(found);
      }
    } catch (error) {
      gaps.push(errorGap(error, rel(found), 'the path'));
      return;
    }
    if (stats.isDirectory()) {
      if (!given && SKIPPED_DIRS.has(path.basename(found))) return;
      walk(found, real);
      return;
    }
    if (!stats.isFile()) {
      gaps.push({
        reason: 'unreadable',
        file: rel(found),
        message: `${rel(found)}: ${kindOf(stats)}, not a regular file; not opened`,
      });
      return;
    }
    addFile(found, real);
  };

  for (const given of paths) visit(path.resolve(root, given), true);
  return { files: [...files.values()].sort(), gaps };
}

export type ReadOutcome = { ok: true; bytes: Buffer } | { ok: false; gap: Gap };

/**
 * The bytes of one regular file, refused above MAX_FILE_BYTES. Opened without blocking and checked
 * again after opening, so a path swapped for a FIFO after discovery is still never waited on.
 */
export function readRegularFile(absPath: string, relPath: string): ReadOutcome {
  let fd: number;
  try {
    fd = openSync(absPath, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return { ok: false, gap: errorGap(error, relPath, 'the file') };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile())
      return {
        ok: false,
        gap: {
          reason: 'unreadable',
          file: relPath,
          message: `${relPath}: ${kindOf(stats)}, not a regular file; not read`,
        },
      };
    if (stats.size > MAX_FILE_BYTES)
      return {
        ok: false,
        gap: {
          reason: 'limit-exceeded',
          file: relPath,
          line: 1,
          message: `${relPath}: ${stats.size} bytes, above the limit of ${MAX_FILE_BYTES} bytes per file; not read`,
        },
      };
    const bytes = Buffer.alloc(stats.size);
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return { ok: true, bytes: bytes.subarray(0, read) };
  } catch (error) {
    return { ok: false, gap: errorGap(error, relPath, 'the file') };
  } finally {
    closeSync(fd);
  }
}

/** Bytes inspected for binary content, as git does: a NUL byte there means the file is not text. */
const BINARY_PROBE_BYTES = 8000;

/** Whether the bytes are binary (images, archives, compiled code): no text detector applies to them. */
export function isBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, BINARY_PROBE_BYTES).includes(0);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The file's text; invalid UTF-8 is replaced (U+FFFD) and the first line holding some is returned. */
export function decodeUtf8(bytes: Buffer): { text: string; invalidLine?: number } {
  try {
    return { text: strictUtf8.decode(bytes) };
  } catch {
    // A line feed byte never occurs inside a multi-byte sequence, so lines can be checked one by one.
    let line = 1;
    let start = 0;
    for (;;) {
      const end = bytes.indexOf(10, start);
      const slice = bytes.subarray(start, end === -1 ? bytes.length : end);
      try {
        strictUtf8.decode(slice);
      } catch {
        break;
      }
      if (end === -1) break;
      line++;
      start = end + 1;
    }
    return { text: bytes.toString('utf8'), invalidLine: line };
  }
}
