// The evidence folder a run leaves behind (--output-dir, and the GitHub Action's output-dir):
// every requested format under its fixed name, the snapshots behind them, and manifest.json.
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  type ArtifactInput,
  EvidenceError,
  MANIFEST_COMPANIONS,
  MANIFEST_FILE,
  type Manifest,
  type ManifestInput,
  parseManifest,
  readArtifact,
  writeRunManifest,
} from '../evidence/manifest.ts';
import type { Results, RunInfo } from '../model/results.ts';
import { sha256 } from '../model/snapshot.ts';
import { FORMATS, type Format } from '../reports/registry.ts';
import { collectGarbage } from '../util/full-gc.ts';
import { writeFileBy } from '../util/json-stream.ts';
import { COLLECTED_IN_RUN, type SnapshotInput } from './snapshots.ts';

export interface WrittenOutput {
  /** Paths relative to the folder, manifest.json excluded. */
  artifacts: ArtifactInput[];
  /** The terminal table, when asked for: it has no file. */
  table?: string;
  /** What the previous run in the folder left and this run removed (prepareOutputDir). */
  removed: string[];
}

// From this many findings each output is written after a full garbage collection (a few hundred
// ms), so the peak memory is one writer's, not the sum of every writer's leftovers.
const LARGE_RUN_FINDINGS = 50_000;

/** results.json is always written: it is the evidence every other report is drawn from. */
export function writeOutputDir(
  dir: string,
  snapshots: SnapshotInput[],
  results: Results,
  formats: readonly Format[],
  options: { reportUrl?: string } & OutputDirOptions = {},
): WrittenOutput {
  const removed = prepareOutputDir(dir, plannedFiles(formats), options);
  mkdirSync(path.join(dir, 'snapshots'), { recursive: true });
  const artifacts: ArtifactInput[] = [];
  const snapshotFiles = new Map<string, string>();
  for (const input of snapshots) {
    if (snapshotFiles.has(input.sha256)) continue; // the same snapshot given twice is stored once
    const base = input.file === COLLECTED_IN_RUN ? 'scan' : path.basename(input.file).replace(/\.json$/i, '');
    const taken = new Set(snapshotFiles.values());
    let name = `snapshots/${base}.json`;
    for (let n = 2; taken.has(name); n++) name = `snapshots/${base}-${n}.json`;
    input.writeTo(path.join(dir, name));
    artifacts.push({ path: name, role: 'snapshot' });
    snapshotFiles.set(input.sha256, name);
  }
  const written: WrittenOutput = { artifacts, removed };
  const large = results.findings.length >= LARGE_RUN_FINDINGS;
  for (const format of new Set<Format>(['json', ...formats])) {
    if (large) collectGarbage();
    const spec = FORMATS[format];
    if (spec.file === undefined) {
      written.table = spec.render(results, { color: false });
      continue;
    }
    const context = { color: false, snapshotFiles, ...options };
    const file = path.join(dir, spec.file);
    const { write } = spec;
    if (write) writeFileBy(file, (sink) => write(results, context, sink));
    else writeFileSync(file, spec.render(results, context));
    artifacts.push({ path: spec.file, role: spec.role });
  }
  writeRunManifest(dir, artifacts, {
    toolVersion: results.tool.version,
    bundleSha256: results.tool.bundleSha256,
    createdAt: results.generatedAt,
    ...(results.run && { runId: results.run.id, inputs: manifestInputs(results.run) }),
  });
  return written;
}

/** How a run hashes a --policies folder, so `verify` can re-check one the same way. */
export { hashSources as hashPolicyFolder } from '../policies/build.ts';

/** The inputs the run recorded, as the manifest lists them. */
export function manifestInputs(run: RunInfo): ManifestInput[] {
  const { inputs } = run;
  return [
    ...inputs.snapshots.map((i) => ({ role: 'snapshot' as const, ...i })),
    ...inputs.frameworkFiles.map((i) => ({ role: 'framework' as const, ...i })),
    ...(inputs.waiverFile ? [{ role: 'waivers' as const, ...inputs.waiverFile }] : []),
    ...inputs.policies.map((i) => ({ role: 'policies' as const, ...i })),
  ];
}

/** The folder cannot be written safely; the message says why and what to do. */
export class OutputDirError extends Error {
  override name = 'OutputDirError';
}

export interface OutputDirOptions {
  /** Write into a non-empty folder that assay did not write, overwriting same-named files. Never deletes other files. */
  force?: boolean;
}

/**
 * Makes `dir` ready for this run's `files` (paths relative to it; `snapshots/` stands for any
 * snapshot name) and returns what it removed. A reused folder must not keep the last run's
 * reports next to this run's results, nor a signature over a manifest about to change; but only
 * what assay itself wrote may go: a file under one of assay's artifact names that the old
 * manifest lists with its exact SHA-256. A forged manifest listing other files removes nothing
 * of them. Refuses `/` and the home folder always; refuses, without `force`, a non-empty folder
 * with no assay manifest and any file this run would overwrite that the last run did not write.
 */
export function prepareOutputDir(dir: string, files: readonly string[], options: OutputDirOptions = {}): string[] {
  refuseSystemFolder(dir);
  if (!existsSync(dir)) return [];
  if (!statSync(dir).isDirectory()) throw new OutputDirError(`cannot write reports into ${dir}: it is not a folder`);
  if (readdirSync(dir).length === 0) return [];
  const previous = previousManifest(dir);
  if (!previous && !options.force) {
    throw new OutputDirError(
      `${dir} is not empty and holds no manifest.json written by assay: refusing to write reports into it ` +
        '(choose an empty or new folder, or pass --force to write there anyway; no other file is deleted)',
    );
  }
  const ours = new Set(previous ? writtenByAssay(dir, previous) : []);
  const reserved = MANIFEST_COMPANIONS;
  const conflicts = existingTargets(dir, files).filter(
    (rel) => !ours.has(rel) && !(previous && reserved.includes(rel)),
  );
  if (conflicts.length > 0 && !options.force) {
    throw new OutputDirError(
      `${dir}: this run would overwrite ${conflicts.join(', ')}, which the previous assay run there did not write ` +
        '(or which changed since): move them away, choose another folder, or pass --force',
    );
  }
  const removed: string[] = [];
  for (const rel of [...ours, ...conflicts.filter((rel) => isLink(dir, rel))]) {
    rmSync(path.join(dir, ...rel.split('/')));
    removed.push(rel);
  }
  // A signature or time-stamp over the old manifest would vouch for a manifest that is about to change.
  for (const companion of MANIFEST_COMPANIONS.filter((name) => name !== MANIFEST_FILE)) {
    if (!existsSync(path.join(dir, companion))) continue;
    rmSync(path.join(dir, companion));
    removed.push(companion);
  }
  return removed.sort();
}

/** The files a run with these formats writes; `snapshots/` stands for its snapshot files. */
function plannedFiles(formats: readonly Format[]): string[] {
  const reports = [...new Set<Format>(['json', ...formats])].flatMap((f) => FORMATS[f].file ?? []);
  return [...reports, 'snapshots/', ...MANIFEST_COMPANIONS];
}

/** The file system root and the home folder hold far more than a run's reports. */
function refuseSystemFolder(dir: string): void {
  const real = realOrResolved(dir);
  if (path.parse(real).root === real)
    throw new OutputDirError(`refusing to write reports into ${dir}: it is the file system root`);
  if (real === realOrResolved(os.homedir())) {
    throw new OutputDirError(`refusing to write reports into ${dir}: it is your home folder; name a folder for them`);
  }
}

function realOrResolved(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
}

/** manifest.json when it is a valid assay manifest; anything else proves nothing. */
function previousManifest(dir: string): Manifest | undefined {
  const file = path.join(dir, MANIFEST_FILE);
  try {
    if (!lstatSync(file).isFile()) return undefined;
    return parseManifest(readFileSync(file, 'utf8'), file);
  } catch (error) {
    if (error instanceof EvidenceError || (error as NodeJS.ErrnoException).code !== undefined) return undefined;
    throw error;
  }
}

/** The listed artifacts under names assay writes that are still, byte for byte, what the manifest says. */
function writtenByAssay(dir: string, manifest: Manifest): string[] {
  return manifest.artifacts
    .filter(({ path: rel, sha256: expected, bytes }) => {
      if (!isArtifactName(rel)) return false;
      const read = readArtifact(dir, rel);
      return read.state === 'ok' && read.bytes.length === bytes && sha256(read.bytes) === expected;
    })
    .map((a) => a.path);
}

const ARTIFACT_NAMES = new Set(Object.values(FORMATS).flatMap((spec) => (spec.file === undefined ? [] : [spec.file])));

function isArtifactName(rel: string): boolean {
  return ARTIFACT_NAMES.has(rel) || /^snapshots\/[^/]+\.json$/.test(rel);
}

/** Which of `files` exist in `dir` (links included); `snapshots/` stands for everything in that folder. */
function existingTargets(dir: string, files: readonly string[]): string[] {
  const found: string[] = [];
  for (const rel of files) {
    if (rel.endsWith('/')) {
      const sub = path.join(dir, rel);
      if (!exists(sub)) continue;
      if (!lstatSync(sub).isDirectory()) found.push(rel.slice(0, -1));
      else for (const name of readdirSync(sub)) found.push(`${rel}${name}`);
    } else if (exists(path.join(dir, ...rel.split('/')))) found.push(rel);
  }
  return found.sort();
}

function exists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/** A link is replaced, never written through: with --force, the file it points to is not ours to change. */
function isLink(dir: string, rel: string): boolean {
  return lstatSync(path.join(dir, ...rel.split('/'))).isSymbolicLink();
}
