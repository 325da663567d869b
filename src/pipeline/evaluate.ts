// After collection, for every face (CLI, Action, later audit): validate snapshots, evaluate them with
// the policy bundle, attach framework controls and waivers, and build the results contract with the
// run's identity.
import { readFileSync } from 'node:fs';
import { loadBundle, type PolicyBundle } from '../engine/bundle.ts';
import { type Evaluation, startEvaluation, startWorkers } from '../engine/evaluate.ts';
import { controlsByRule, type Framework } from '../frameworks/catalog.ts';
import { buildPopulations } from '../frameworks/populations.ts';
import { Redactor } from '../kit/redaction.ts';
import type { Snapshot } from '../model/resource.ts';
import type { ControlRef, InputHash, Population, Provenance, Results, RunInfo } from '../model/results.ts';
import { sha256 } from '../model/snapshot.ts';
import { validateSnapshot } from '../model/validate.ts';
import { hashSources } from '../policies/build.ts';
import { displayPath } from '../util/validated-yaml.ts';
import { VERSION } from '../version.ts';
import { readInlineWaivers } from '../waivers/inline.ts';
import { checkFrameworkIds, loadFrameworkDirs, type WaiverSet } from './inputs.ts';
import { buildResults } from './results.ts';
import { type RunStart, startRun } from './run.ts';
import { type Expanded, expandVariants, foldVariants } from './variants.ts';

export class InvalidSnapshotError extends Error {
  override name = 'InvalidSnapshotError';
}

export interface EvaluateSnapshotsOptions {
  /** A compiled bundle folder (policyBundleDir); default: the shipped rules. */
  bundleDir?: string;
  /** The --policies folders the bundle was compiled with, recorded in the run's inputs. */
  policies?: readonly string[];
  frameworkDirs?: string[];
  /** Keep only these framework ids in findings and control status (all when empty). */
  frameworks?: string[];
  /** Waivers from the waiver file (readWaivers); inline `assay:ignore` comments come from the snapshots. */
  waivers?: WaiverSet;
  /** Who approved the change inline `assay:ignore` comments came in (the Action: the pull request); stands in for a missing approver=. */
  inlineApprovedBy?: string;
  /** The run, as the face started it (default: starts now). */
  run?: RunStart;
  /** A fixed clock for the end of the run and waiver expiry (tests, fixtures). */
  now?: Date;
  /** The run's redactor; default: a new one, which still redacts URL passwords. */
  redactor?: Redactor;
}

export async function evaluateSnapshots(
  snapshots: { snapshot: Snapshot; sha256: string; file: string }[],
  options: EvaluateSnapshotsOptions = {},
): Promise<Results> {
  const run = options.run ?? startRun(options.now);
  // A large snapshot is evaluated in a worker thread (engine/evaluate.ts), started first, so that its
  // start overlaps the validation of the snapshots; a bundle that cannot be read is reported after
  // that validation, as before.
  let bundle: PolicyBundle | undefined;
  let bundleError: unknown;
  try {
    bundle = loadBundle(options.bundleDir);
  } catch (error) {
    bundleError = error;
  }
  const workers = bundle && startWorkers(countToEvaluate(snapshots), bundle);
  // With a worker, the batches are sent before the snapshots are validated and the frameworks
  // loaded, so that it evaluates meanwhile; an invalid snapshot then cancels the evaluation and is
  // reported as before. Only valid snapshots are sure to batch: a failure here is reported after
  // the validation (which names what is wrong) if that passes.
  let evaluation: Evaluation | undefined;
  let expanded: Expanded | undefined;
  let earlyError: unknown;
  if (bundle && workers) {
    try {
      expanded = expandVariants(snapshots.flatMap(({ snapshot }) => snapshot.resources));
      evaluation = startEvaluation(expanded.resources, bundle, { started: workers });
    } catch (error) {
      earlyError = error;
      expanded = undefined;
      await workers.terminate();
    }
  }
  let controls: Map<string, ControlRef[]>;
  let frameworks: Framework[];
  let wanted: Set<string>;
  try {
    for (const { snapshot, file } of snapshots) {
      const errors = validateSnapshot(snapshot);
      if (errors.length > 0) {
        throw new InvalidSnapshotError(
          `${file} does not match the snapshot schema:\n  ${errors.slice(0, 20).join('\n  ')}`,
        );
      }
    }
    if (!bundle) throw bundleError;
    if (earlyError !== undefined) throw earlyError;
    frameworks = loadFrameworkDirs(options.frameworkDirs);
    wanted = new Set(options.frameworks ?? []);
    checkFrameworkIds([...wanted], frameworks);
    controls = new Map<string, ControlRef[]>();
    for (const [rule, refs] of controlsByRule(frameworks)) {
      controls.set(rule, wanted.size === 0 ? refs : refs.filter((r) => wanted.has(r.framework)));
    }
    expanded ??= expandVariants(snapshots.flatMap(({ snapshot }) => snapshot.resources));
    evaluation ??= startEvaluation(expanded.resources, bundle, { workers: 0 });
  } catch (error) {
    await (evaluation ? evaluation.cancel() : workers?.terminate());
    throw error;
  }
  // This thread hashes the populations meanwhile (and the snapshot, if not hashed yet), then
  // evaluates the batches the worker has not started yet.
  let populations: Population[];
  try {
    populations = buildPopulations(snapshots);
  } catch (error) {
    await evaluation.cancel();
    throw error;
  }
  const ruleResults = foldVariants(await evaluation.finish(), expanded.variantOf);
  const inline = readInlineWaivers(
    snapshots.flatMap(({ snapshot }) => snapshot.sources),
    options.inlineApprovedBy ? { approvedBy: options.inlineApprovedBy } : {},
  );
  const finishedAt = options.now ?? new Date();
  const results = buildResults({
    toolVersion: VERSION,
    bundleSha256: bundle.wasmSha256,
    catalog: bundle.catalog,
    ruleResults,
    snapshots,
    controlsByRule: controls,
    frameworks: wanted.size === 0 ? frameworks : frameworks.filter((f) => wanted.has(f.id)),
    waivers: [...(options.waivers?.waivers ?? []), ...inline.waivers],
    invalidWaivers: inline.invalid,
    now: finishedAt,
    populations,
    run: runInfo(run, await run.provenance, finishedAt, {
      bundle,
      builtIn: options.bundleDir === undefined,
      snapshots,
      frameworks,
      options,
    }),
  });
  // The one pass before any renderer, log line or annotation reads the results: messages built
  // from waiver files, rule output and snapshots carry no secret the run knows of.
  return (options.redactor ?? new Redactor()).redactDeep(results);
}

/** The resources expandVariants will give, counted before the snapshots are validated. */
function countToEvaluate(snapshots: { snapshot: Snapshot }[]): number {
  let count = 0;
  for (const { snapshot } of snapshots) {
    if (!Array.isArray(snapshot.resources)) continue;
    for (const resource of snapshot.resources) {
      count += 1 + (Array.isArray(resource?.variants) ? resource.variants.length : 0);
    }
  }
  return count;
}

function hashOfFile(file: string): InputHash {
  return { path: displayPath(file), sha256: sha256(readFileSync(file)) };
}

function runInfo(
  run: RunStart,
  provenance: Provenance,
  finishedAt: Date,
  read: {
    bundle: PolicyBundle;
    builtIn: boolean;
    snapshots: { sha256: string; file: string }[];
    frameworks: Framework[];
    options: EvaluateSnapshotsOptions;
  },
): RunInfo {
  const { bundle, options } = read;
  return {
    id: run.id,
    startedAt: run.startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    tool: { name: 'assay', version: VERSION },
    provenance,
    bundle: {
      sha256: bundle.wasmSha256,
      ...(bundle.sourcesSha256 ? { sourcesSha256: bundle.sourcesSha256 } : {}),
      ...(bundle.opaVersion ? { opaVersion: bundle.opaVersion } : {}),
      builtIn: read.builtIn,
    },
    inputs: {
      snapshots: read.snapshots.map((s) => ({ path: displayPath(s.file), sha256: s.sha256 })),
      ...(options.waivers?.file ? { waiverFile: options.waivers.file } : {}),
      frameworkFiles: read.frameworks.map((f) => hashOfFile(f.file)),
      policies: (options.policies ?? []).map((dir) => ({ path: displayPath(dir), sha256: hashSources(dir) })),
    },
  };
}
