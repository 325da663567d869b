// After collection, for every face (CLI, Action, later audit): validate snapshots, evaluate them with
// the policy bundle, attach framework controls and waivers, and build the results contract.
import { loadBundle } from '../engine/bundle.ts';
import { evaluate } from '../engine/evaluate.ts';
import { controlsByRule, defaultFrameworkDir, loadFrameworks } from '../frameworks/catalog.ts';
import type { Snapshot } from '../model/resource.ts';
import type { ControlRef, Results, Waiver } from '../model/results.ts';
import { validateSnapshot } from '../model/validate.ts';
import { VERSION } from '../version.ts';
import { readInlineWaivers } from '../waivers/inline.ts';
import { buildResults } from './results.ts';

export class InvalidSnapshotError extends Error {
  override name = 'InvalidSnapshotError';
}

export interface EvaluateSnapshotsOptions {
  bundleDir?: string;
  frameworkDirs?: string[];
  /** Keep only these framework ids in findings and control status (all when empty). */
  frameworks?: string[];
  /** Waivers from the waiver file; inline `assay:ignore` comments come from the snapshots. */
  waivers?: Waiver[];
  now?: Date;
}

export async function evaluateSnapshots(
  snapshots: { snapshot: Snapshot; sha256: string; file: string }[],
  options: EvaluateSnapshotsOptions = {},
): Promise<Results> {
  for (const { snapshot, file } of snapshots) {
    const errors = validateSnapshot(snapshot);
    if (errors.length > 0) {
      throw new InvalidSnapshotError(
        `${file} does not match the snapshot schema:\n  ${errors.slice(0, 20).join('\n  ')}`,
      );
    }
  }
  const bundle = loadBundle(options.bundleDir);
  const frameworks = loadFrameworks([defaultFrameworkDir(), ...(options.frameworkDirs ?? [])]);
  const wanted = new Set(options.frameworks ?? []);
  const unknown = [...wanted].filter((id) => !frameworks.some((f) => f.id === id));
  if (unknown.length > 0) {
    throw new InvalidSnapshotError(
      `unknown framework ${unknown.join(', ')}; known: ${frameworks.map((f) => f.id).join(', ')}`,
    );
  }
  const controls = new Map<string, ControlRef[]>();
  for (const [rule, refs] of controlsByRule(frameworks)) {
    controls.set(rule, wanted.size === 0 ? refs : refs.filter((r) => wanted.has(r.framework)));
  }
  const resources = snapshots.flatMap(({ snapshot }) => snapshot.resources);
  const ruleResults = await evaluate(resources, bundle);
  const inline = readInlineWaivers(snapshots.flatMap(({ snapshot }) => snapshot.sources));
  return buildResults({
    toolVersion: VERSION,
    bundleSha256: bundle.wasmSha256,
    catalog: bundle.catalog,
    ruleResults,
    snapshots,
    controlsByRule: controls,
    frameworks: wanted.size === 0 ? frameworks : frameworks.filter((f) => wanted.has(f.id)),
    waivers: [...(options.waivers ?? []), ...inline.waivers],
    invalidWaivers: inline.invalid,
    ...(options.now ? { now: options.now } : {}),
  });
}
