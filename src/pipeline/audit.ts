// `assay audit`: every source of a config collected (a bounded number at a time), one snapshot
// per source, evaluated together, written as an evidence folder with its manifest, and recorded in
// the run store. The run is in the store from its start (`running`), so a process that dies is
// found by the next audit and recorded as interrupted. A source that fails is a gap, not the end.
import { findCollector } from '../collectors/registry.ts';
import { type Collected, runCollector } from '../collectors/run.ts';
import type { Redactor } from '../kit/redaction.ts';
import type { StoredRun } from '../model/history.ts';
import type { Results } from '../model/results.ts';
import { sha256 } from '../model/snapshot.ts';
import type { RunStore } from '../store/index.ts';
import type { AuditConfig, AuditSource } from './audit-config.ts';
import { evaluateSnapshots } from './evaluate.ts';
import { writeOutputDir } from './evidence-folder.ts';
import { policyBundleDir, readWaivers, waiverFileFor } from './inputs.ts';
import { type RunStart, startRun } from './run.ts';
import { type SnapshotInput, snapshotOf } from './snapshots.ts';
import { type Verdict, verdict } from './verdict.ts';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
  /** Names the scheduled run the shards belong to, so `merge` joins the right ones. */
  batch?: string;
}

export interface AuditSettings {
  store: RunStore;
  redactor: Redactor;
  /** The clock for everything the run records. */
  now: () => Date;
  /** One line of progress (stderr in the CLI). */
  log: (line: string) => void;
  /** The exit code a verdict means (recorded with the run). */
  exitCode: (outcome: Verdict['outcome']) => number;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Write into an output folder assay did not write (as --force). */
  force?: boolean;
  /** Override the config's output folder. */
  outputDir?: string;
}

export interface AuditOutcome {
  run: StoredRun;
  /** Runs of the same lane left running by a process that died, recorded as interrupted now. */
  interrupted: StoredRun[];
  results: Results;
  verdict: Verdict;
  outputDir: string;
}

/** The shard (1..count) a source belongs to: by its name's hash, so it stays put when others are added. */
export function shardOf(name: string, count: number): number {
  return (Number.parseInt(sha256(name).slice(0, 8), 16) % count) + 1;
}

export function sourcesOfShard(sources: readonly AuditSource[], shard: Shard | undefined): AuditSource[] {
  return shard ? sources.filter((s) => shardOf(s.name, shard.count) === shard.index) : [...sources];
}

/** Runs `work` over the items, at most `limit` at a time, keeping the items' order in the results. */
async function bounded<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  });
  await Promise.all(lanes);
  return results;
}

async function collectSources(config: AuditConfig, sources: AuditSource[], settings: AuditSettings) {
  let done = 0;
  return bounded(sources, config.concurrency, async (source): Promise<Collected> => {
    settings.log(`collecting ${source.name} (${source.collector})`);
    const collected = await runCollector(findCollector(source.collector)!, source.options, {
      now: settings.now,
      redactor: settings.redactor,
      root: config.dir,
      optionLabel: (name) => `${source.name}: ${name}`,
      onWarning: (message) => settings.log(`warning: ${source.name}: ${message}`),
      ...(settings.env && { env: settings.env }),
      ...(settings.signal && { signal: settings.signal }),
    });
    done++;
    const what = collected.failure
      ? `FAILED: ${collected.failure}`
      : `${collected.resources.length} resources, ${collected.source.gaps.length} gaps`;
    settings.log(`[${done}/${sources.length}] ${source.name}: ${what}`);
    return collected;
  });
}

/** The snapshot of one source, named after it (its file under the evidence folder's snapshots/). */
function snapshotOfSource(source: AuditSource, collected: Collected, redactor: Redactor): SnapshotInput {
  return snapshotOf([collected], { redactor, file: `${source.name}.json` });
}

export function auditOutputDir(config: AuditConfig, settings: AuditSettings, shard?: Shard): string {
  const dir = settings.outputDir ?? config.outputDir;
  // Shards' partial evidence stays out of the folder the merged run writes.
  return shard && shard.index > 0 ? `${dir}-shard-${shard.index}-of-${shard.count}` : dir;
}

export async function runAudit(config: AuditConfig, settings: AuditSettings, shard?: Shard): Promise<AuditOutcome> {
  const sources = sourcesOfShard(config.sources, shard);
  const run = startRun(settings.now());
  const interrupted = await settings.store.beginRun({
    id: run.id,
    startedAt: run.startedAt.toISOString(),
    configSha256: config.sha256,
    ...(shard && { shard }),
  });
  settings.log(
    `run ${run.id}${shard ? ` (shard ${shard.index}/${shard.count})` : ''}: ${sources.length} of ${config.sources.length} sources`,
  );
  return recordRun(
    config,
    settings,
    run,
    interrupted,
    async () => {
      const collected = await collectSources(config, sources, settings);
      return sources.map((source, i) => snapshotOfSource(source, collected[i]!, settings.redactor));
    },
    shard,
  );
}

/**
 * Gets the run's snapshots, evaluates and writes them, and ends the run in the store: complete
 * with the verdict's exit code, or failed (with what it had) when something threw.
 */
export async function recordRun(
  config: AuditConfig,
  settings: AuditSettings,
  run: RunStart,
  interrupted: StoredRun[],
  snapshotsOf: () => Promise<SnapshotInput[]>,
  shard?: Shard,
): Promise<AuditOutcome> {
  let snapshots: SnapshotInput[] = [];
  const texts = () => snapshots.map((s) => ({ name: s.file.replace(/\.json$/, ''), text: s.text() }));
  try {
    snapshots = await snapshotsOf();
    const bundleDir = await policyBundleDir(config);
    const results = await evaluateSnapshots(snapshots, {
      ...(bundleDir ? { bundleDir } : {}),
      policies: config.policies,
      frameworkDirs: config.frameworksDir,
      frameworks: config.frameworks,
      waivers: readWaivers(waiverFileFor(config.waivers, config.dir)),
      run,
      now: settings.now(),
      redactor: settings.redactor,
    });
    const outputDir = auditOutputDir(config, settings, shard);
    writeOutputDir(outputDir, snapshots, results, config.formats, {
      ...(config.reportUrl !== undefined && { reportUrl: settings.redactor.redact(config.reportUrl) }),
      force: settings.force === true,
    });
    const decided = verdict(results, config.failOn);
    const stored = await settings.store.finishRun(run.id, {
      status: 'complete',
      finishedAt: results.run?.finishedAt ?? settings.now().toISOString(),
      exitCode: settings.exitCode(decided.outcome),
      results,
      snapshots: texts(),
    });
    return { run: stored, interrupted, results, verdict: decided, outputDir };
  } catch (error) {
    await settings.store.finishRun(run.id, {
      status: 'failed',
      finishedAt: settings.now().toISOString(),
      exitCode: settings.exitCode('error'),
      snapshots: texts(),
    });
    throw error;
  }
}
