// `assay audit`, `assay merge` and `assay prune`: scheduled audits from one config, recorded in a
// run store. The work is in src/pipeline/audit*.ts; this file reads arguments and prints.
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { Redactor } from '../kit/redaction.ts';
import type { StoredRun } from '../model/history.ts';
import { type AuditOutcome, type AuditSettings, runAudit, type Shard } from '../pipeline/audit.ts';
import { type AuditConfig, loadAuditConfig } from '../pipeline/audit-config.ts';
import { mergeShards } from '../pipeline/audit-merge.ts';
import { pruneRuns } from '../pipeline/audit-prune.ts';
import { displayLocation, openRunStore, type RunStore } from '../pipeline/audit-store.ts';
import { EXIT, type Io } from './io.ts';

/** The clock: ASSAY_NOW (an ISO date-time) fixes it, for tests and for replaying a schedule. */
export function cliClock(env: NodeJS.ProcessEnv = process.env): () => Date {
  const fixed = env.ASSAY_NOW;
  if (fixed === undefined || fixed === '') return () => new Date();
  const at = new Date(fixed);
  if (Number.isNaN(at.getTime())) throw new InvalidArgumentError(`ASSAY_NOW=${fixed} is not an ISO date-time`);
  return () => new Date(at);
}

function parseShard(value: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new InvalidArgumentError(`'${value}' is not a shard: give i/N with 1 <= i <= N (e.g. 2/4)`);
  }
  return { index, count };
}

function parseDays(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`'${value}' is not a whole number of days`);
  return Number(value);
}

interface StoreOptions {
  config?: string;
  store?: string;
}

interface AuditOptions extends StoreOptions {
  config: string;
  outputDir?: string;
  shard?: Shard;
  batch?: string;
  force?: boolean;
}

const EXIT_OF = { ok: EXIT.ok, findings: EXIT.failed, error: EXIT.error } as const;

function describeRun(run: StoredRun): string {
  return `run ${run.id} (ledger entry ${run.seq}, ${run.status}, exit ${run.exitCode ?? '-'})`;
}

export function registerAuditCommands(program: Command, io: Io, setExit: (code: number) => void, redactor: Redactor) {
  async function withStore<T>(location: string, work: (store: RunStore) => Promise<T>): Promise<T> {
    redactor.addUrlCredentials(location);
    const store = await openRunStore(location);
    try {
      return await work(store);
    } finally {
      await store.close();
    }
  }

  function settingsFor(store: RunStore, options: AuditOptions): AuditSettings {
    return {
      store,
      redactor,
      now: cliClock(),
      log: (line) => io.stderr(`${line}\n`),
      exitCode: (outcome) => EXIT_OF[outcome],
      ...(options.force && { force: true }),
      ...(options.outputDir !== undefined && { outputDir: options.outputDir }),
    };
  }

  function report(outcome: AuditOutcome, store: RunStore): void {
    for (const run of outcome.interrupted) io.stderr(`recorded ${describeRun(run)}: its process ended before it did\n`);
    const { summary } = outcome.results;
    io.stderr(
      `${summary.open} open findings, ${summary.waived} accepted exceptions, ${summary.gaps} inputs not scanned\n` +
        `wrote the evidence to ${outcome.outputDir}\n` +
        `recorded ${describeRun(outcome.run)} in ${store.location}; ledger head ${outcome.run.hash}\n`,
    );
    for (const gap of outcome.verdict.unread) io.stderr(`error: ${gap.source}: ${gap.message}\n`);
    setExit(EXIT_OF[outcome.verdict.outcome]);
  }

  const storeOption = () => new Option('--store <file|url>', "the run store (default: the config's store)");

  program
    .command('audit')
    .description('collect every source of a config, evaluate, write the evidence folder and record the run')
    .requiredOption('-c, --config <file>', 'the audit configuration (assay.yaml; docs/audit.md)')
    .addOption(storeOption())
    .option('--output-dir <dir>', "the evidence folder (default: the config's output-dir)")
    .option('--shard <i/N>', 'collect only shard i of N of the sources (then `assay merge`)', parseShard)
    .option('--batch <id>', 'with --shard: the scheduled run the shards belong to (e.g. the CI run id)')
    .option('--force', 'write into a non-empty output folder that assay did not write')
    .action(async (options: AuditOptions) => {
      const config = loadAuditConfig(options.config);
      const shard = options.shard && { ...options.shard, ...(options.batch !== undefined && { batch: options.batch }) };
      await withStore(options.store ?? config.store, async (store) => {
        report(await runAudit(config, settingsFor(store, options), shard), store);
      });
    });

  program
    .command('merge')
    .description('join the shards of an audit (audit --shard i/N) into one run with one evidence folder')
    .requiredOption('-c, --config <file>', 'the audit configuration the shards ran from')
    .addOption(storeOption())
    .option('--batch <id>', 'merge the shards of this batch (default: the newest unmerged shards)')
    .option('--output-dir <dir>', "the evidence folder (default: the config's output-dir)")
    .option('--force', 'write into a non-empty output folder that assay did not write')
    .action(async (options: AuditOptions) => {
      const config: AuditConfig = loadAuditConfig(options.config);
      await withStore(options.store ?? config.store, async (store) => {
        report(await mergeShards(config, settingsFor(store, options), options.batch), store);
      });
    });

  program
    .command('prune')
    .description('remove runs older than N days from the store, except those a retained signed manifest refers to')
    .requiredOption('--keep-days <n>', 'keep runs that started within this many days', parseDays)
    .option('-c, --config <file>', 'the audit configuration naming the store and output-dir')
    .addOption(storeOption())
    .option(
      '--evidence <dir>',
      "folders holding retained signed evidence (searched below; repeatable; default: the config's output-dir)",
      (value: string, previous: string[]) => [...previous, value],
      [],
    )
    .action(async (options: StoreOptions & { keepDays: number; evidence: string[] }) => {
      const config = options.config === undefined ? undefined : loadAuditConfig(options.config);
      const location = options.store ?? config?.store;
      if (location === undefined) throw new InvalidArgumentError('prune needs --store or -c CONFIG');
      const evidence = options.evidence.length > 0 ? options.evidence : config ? [config.outputDir] : [];
      await withStore(location, async (store) => {
        const result = await pruneRuns(store, { keepDays: options.keepDays, now: cliClock()(), evidence });
        for (const r of result.retained) io.stderr(`kept run ${r.runId}: signed evidence in ${r.dir}\n`);
        io.stdout(
          result.entrySeq === undefined
            ? `nothing to prune in ${displayLocation(location)}: no run older than ${options.keepDays} days that no signed evidence keeps\n`
            : `pruned ${result.pruned.length} runs (${result.pruned.map((r) => r.id.slice(0, 8)).join(', ')}), ` +
                `kept ${result.kept.length} older ones for their signed evidence, removed ${result.blobsRemoved} stored parts; ` +
                `recorded as ledger entry ${result.entrySeq}\n`,
        );
        setExit(EXIT.ok);
      });
    });
}
