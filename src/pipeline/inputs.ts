// The run's inputs besides snapshots, each looked up one way for every face: the waiver file
// (default .assay/waivers.yaml under the root), the frameworks asked for, and the policy bundle.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultFrameworkDir, type Framework, loadFrameworks } from '../frameworks/catalog.ts';
import type { InputHash, Waiver } from '../model/results.ts';
import { sha256 } from '../model/snapshot.ts';
import { buildUserBundle } from '../policies/user-bundle.ts';
import { displayPath } from '../util/validated-yaml.ts';
import { DEFAULT_WAIVER_FILE, loadWaiverFile } from '../waivers/file.ts';

export { DEFAULT_WAIVER_FILE };

/** The waiver file that applies: the one named (it must exist), else the default under `root` when it exists. */
export function waiverFileFor(named: string | undefined, root: string): string | undefined {
  if (named) return named;
  const fallback = path.join(root, DEFAULT_WAIVER_FILE);
  return existsSync(fallback) ? fallback : undefined;
}

/** Waivers as loaded, with the file they came from and its hash for the run's record. */
export interface WaiverSet {
  waivers: Waiver[];
  file?: InputHash;
}

/** Reads and validates the waiver file (WaiverFileError on the first problem); none: no waivers. */
export function readWaivers(file: string | undefined): WaiverSet {
  if (!file) return { waivers: [] };
  const waivers = loadWaiverFile(file);
  return { waivers, file: { path: displayPath(file), sha256: sha256(readFileSync(file)) } };
}

/** Framework ids asked for that no loaded framework file defines. */
export class UnknownFrameworkError extends Error {
  override name = 'UnknownFrameworkError';
  constructor(
    readonly unknown: string[],
    readonly known: string[],
  ) {
    super(`unknown framework ${unknown.join(', ')}; known: ${known.join(', ')}`);
  }
}

/** Throws UnknownFrameworkError when an id in `wanted` is not among the frameworks. */
export function checkFrameworkIds(wanted: readonly string[], frameworks: readonly Framework[]): void {
  const known = frameworks.map((f) => f.id);
  const unknown = [...new Set(wanted)].filter((id) => !known.includes(id));
  if (unknown.length > 0) throw new UnknownFrameworkError(unknown, known);
}

/** The shipped and extra framework files, in the order they are read. */
export function loadFrameworkDirs(extra: readonly string[] = []): Framework[] {
  return loadFrameworks([defaultFrameworkDir(), ...extra]);
}

/** The policy bundle folder: the one given, or the shipped rules compiled with the `policies` folders. */
export async function policyBundleDir(options: {
  bundle?: string;
  policies?: readonly string[];
}): Promise<string | undefined> {
  const policies = options.policies ?? [];
  return policies.length === 0 ? options.bundle : buildUserBundle([...policies]);
}
