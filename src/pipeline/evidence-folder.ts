// The evidence folder a run leaves behind (--output-dir, and the GitHub Action's output-dir):
// every requested format under its fixed name, the snapshots behind them, and manifest.json.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  type ArtifactInput,
  EvidenceError,
  MANIFEST_FILE,
  parseManifest,
  readArtifact,
  SIGNATURE_FILE,
  writeRunManifest,
} from '../evidence/manifest.ts';
import type { Results } from '../model/results.ts';
import { FORMATS, type Format } from '../reports/registry.ts';
import { writeFileBy } from '../util/json-stream.ts';
import { COLLECTED_IN_RUN, type SnapshotInput } from './snapshots.ts';

export interface WrittenOutput {
  /** Paths relative to the folder, manifest.json excluded. */
  artifacts: ArtifactInput[];
  /** The terminal table, when asked for: it has no file. */
  table?: string;
}

/** results.json is always written: it is the evidence every other report is drawn from. */
export function writeOutputDir(
  dir: string,
  snapshots: SnapshotInput[],
  results: Results,
  formats: readonly Format[],
  options: { reportUrl?: string } = {},
): WrittenOutput {
  removePreviousRun(dir);
  mkdirSync(path.join(dir, 'snapshots'), { recursive: true });
  const artifacts: ArtifactInput[] = [];
  const snapshotFiles = new Map<string, string>();
  for (const input of snapshots) {
    if (snapshotFiles.has(input.sha256)) continue; // the same snapshot given twice is stored once
    const base = input.file === COLLECTED_IN_RUN ? 'scan' : path.basename(input.file).replace(/\.json$/i, '');
    const taken = new Set(snapshotFiles.values());
    let name = `snapshots/${base}.json`;
    for (let n = 2; taken.has(name); n++) name = `snapshots/${base}-${n}.json`;
    writeFileSync(path.join(dir, name), input.text);
    artifacts.push({ path: name, role: 'snapshot' });
    snapshotFiles.set(input.sha256, name);
  }
  const written: WrittenOutput = { artifacts };
  for (const format of new Set<Format>(['json', ...formats])) {
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
  });
  return written;
}

/**
 * A reused folder must not keep the last run's reports next to this run's results, nor a
 * signature over a manifest that is about to change: the files the old manifest lists, and
 * manifest.sig, are removed. Anything else in the folder is the user's and stays (verify lists it).
 */
function removePreviousRun(dir: string): void {
  const manifestFile = path.join(dir, MANIFEST_FILE);
  if (existsSync(manifestFile)) {
    try {
      const previous = parseManifest(readFileSync(manifestFile, 'utf8'), manifestFile);
      for (const { path: rel } of previous.artifacts) {
        // Only regular files really inside the folder: never follow a link out of it.
        if (readArtifact(dir, rel).state === 'ok') rmSync(path.join(dir, ...rel.split('/')));
      }
    } catch (error) {
      if (!(error instanceof EvidenceError)) throw error;
      // Not a manifest we wrote: leave its files alone; manifest.json is overwritten below.
    }
  }
  rmSync(path.join(dir, SIGNATURE_FILE), { force: true });
}
