// Re-checks the inputs a manifest lists: a snapshot must be in the folder with the same hash; a
// framework or waiver file (and a policy folder, when the caller can hash one) is hashed again
// where the run read it, relative to a root the caller names, when it is there to be read.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { sha256 } from '../model/snapshot.ts';
import type { Manifest, ManifestInput } from './manifest.ts';

/**
 * ok: the same bytes are there now; in-folder: a snapshot stored in this folder with the same hash;
 * changed: the file there now differs; not-found: nothing at that path to re-check (not a failure);
 * not-checked: a folder the caller cannot hash; missing-snapshot: a snapshot the run evaluated is not
 * in the folder (the manifest and the artifacts disagree).
 */
export type InputState = 'ok' | 'in-folder' | 'changed' | 'not-found' | 'not-checked' | 'missing-snapshot';

export interface InputCheck extends ManifestInput {
  state: InputState;
  actualSha256?: string;
  /** For a snapshot: the artifact holding it. */
  artifact?: string;
}

export interface InputCheckOptions {
  /** Where relative input paths are resolved (the run's working directory). */
  root: string;
  /** Hashes a policy folder the way the run did (the CLI passes assay's Rego source hash). */
  hashFolder?: (dir: string) => string;
}

export function checkInputs(manifest: Manifest, options: InputCheckOptions): InputCheck[] {
  const snapshotArtifacts = new Map(
    manifest.artifacts.filter((a) => a.role === 'snapshot').map((a) => [a.sha256, a.path]),
  );
  return (manifest.inputs ?? []).map((input): InputCheck => {
    if (input.role === 'snapshot') {
      const artifact = snapshotArtifacts.get(input.sha256);
      return artifact ? { ...input, state: 'in-folder', artifact } : { ...input, state: 'missing-snapshot' };
    }
    const where = path.resolve(options.root, input.path);
    if (!existsSync(where)) return { ...input, state: 'not-found' };
    let actual: string;
    try {
      if (statSync(where).isDirectory()) {
        if (!options.hashFolder) return { ...input, state: 'not-checked' };
        actual = options.hashFolder(where);
      } else {
        actual = sha256(readFileSync(where));
      }
    } catch {
      return { ...input, state: 'not-found' };
    }
    return { ...input, state: actual === input.sha256 ? 'ok' : 'changed', actualSha256: actual };
  });
}
