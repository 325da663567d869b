// The history commands: `assay runs`, `diff`, `history`, `drift`, `report` and `sample` read the run
// store that `assay audit` writes, found through the config's `store:` key (-c assay.yaml, relative
// to the config file; store-env: and store-file: too) or --store FILE|postgres://... Human text by
// default, JSON with --format json.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { type ControlTimeline, controlTimeline, parseControlRef } from '../history/control.ts';
import { diffRuns, type RunDiff } from '../history/diff.ts';
import { type Drift, driftBetween } from '../history/drift.ts';
import { periodReport } from '../history/period.ts';
import { HistoryError, type HistoryReader, listRunRows, type RunRow } from '../history/runs.ts';
import { drawSample, type Sample } from '../history/sample.ts';
import { periodBound } from '../history/schedule.ts';
import type { RunRange, RunReader } from '../model/history.ts';
import { AuditConfigError, loadAuditConfig } from '../pipeline/audit-config.ts';
import { openRunStore } from '../pipeline/audit-store.ts';
import { PERIOD_FORMAT_NAMES, PERIOD_FORMATS, type PeriodFormat } from '../reports/period/registry.ts';
import { VERSION } from '../version.ts';
import { EXIT, type Io } from './io.ts';

interface StoreOptions {
  config?: string;
  store?: string;
  format: 'text' | 'json';
}

class UsageError extends Error {}

/** Where the store is: --store as given, else the audit config's (store:, store-env: or store-file:, or its default). */
export function storeLocation(options: Pick<StoreOptions, 'config' | 'store'>): string {
  if (options.store) return options.store;
  if (!options.config)
    throw new UsageError('name the run store: -c assay.yaml (its store: key) or --store FILE|postgres://...');
  try {
    return loadAuditConfig(options.config).store;
  } catch (error) {
    if (error instanceof AuditConfigError) throw new UsageError(error.message);
    throw error;
  }
}

/** Opens an existing store: reading history from a SQLite file that is not there is a mistake, not a new store. */
async function openExisting(location: string): Promise<RunReader> {
  if (!/^postgres(ql)?:\/\//i.test(location) && !existsSync(location)) {
    throw new UsageError(
      `${location}: no run store there (a SQLite file written by assay audit, or a postgres:// URL)`,
    );
  }
  return openRunStore(location);
}

/** --from/--to as the store compares them: a date is its whole UTC day, the last one included. */
function rangeOf(options: { from?: string; to?: string }): RunRange {
  return {
    ...(options.from ? { from: periodBound(options.from, 'from').toISOString() } : {}),
    ...(options.to ? { to: new Date(periodBound(options.to, 'to').getTime() - 1).toISOString() } : {}),
  };
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const short = (id: string) => id.slice(0, 8);

function runsText(rows: RunRow[]): string {
  if (rows.length === 0) return 'no runs stored\n';
  const lines = rows.map((r) =>
    `${String(r.seq).padStart(5)}  ${r.id}  ${r.startedAt}  ${r.status.padEnd(11)}  ${r.exitCode ?? '-'}  ${r.shard ? `shard ${r.shard}  ` : ''}${r.hasResults ? '' : 'no results'}`.trimEnd(),
  );
  return `${'  seq'}  ${'id'.padEnd(36)}  ${'started'.padEnd(24)}  ${'status'.padEnd(11)}  exit\n${lines.join('\n')}\n`;
}

function diffText(d: RunDiff): string {
  const out = [`${short(d.from.id)} (${d.from.startedAt}) -> ${short(d.to.id)} (${d.to.startedAt})`];
  const findings = (title: string, list: RunDiff['newFindings']) => {
    out.push(`${title}: ${list.length}`);
    for (const f of list)
      out.push(
        `  ${f.severity.padEnd(8)} ${f.ruleId}  ${f.uid}${f.waived ? '  (waived)' : ''}\n           ${f.message}`,
      );
  };
  findings('new failures', d.newFindings);
  findings('fixed', d.fixedFindings);
  const r = d.resources;
  out.push(`resources: ${r.added.length} added, ${r.removed.length} removed, ${r.changed.length} changed`);
  for (const a of r.added) out.push(`  + ${a.uid} (${a.kind})`);
  for (const a of r.removed) out.push(`  - ${a.uid} (${a.kind})`);
  for (const c of r.changed) {
    out.push(`  ~ ${c.uid} (${c.kind})`);
    for (const p of c.changes)
      out.push(
        `      ${p.path}: ${JSON.stringify(p.before) ?? '(absent)'} -> ${JSON.stringify(p.after) ?? '(absent)'}`,
      );
  }
  out.push(`control status changes: ${d.controls.length}`);
  for (const c of d.controls)
    out.push(`  ${c.framework}:${c.control}  ${c.before ?? '(absent)'} -> ${c.after ?? '(absent)'}  ${c.title}`);
  return `${out.join('\n')}\n`;
}

function timelineText(t: ControlTimeline): string {
  const out = [`${t.framework}:${t.control}${t.title ? ` ${t.title}` : ''}`];
  for (const e of t.entries) {
    const c = e.coverage;
    const coverage = c
      ? `${c.evaluated}/${c.inScope} evaluated, ${c.passed} passed, ${c.failed} failed, ${c.waived} waived${c.gaps ? `, ${c.gaps} gaps` : ''}`
      : '';
    out.push(
      `${String(e.seq).padStart(5)}  ${e.startedAt}  ${short(e.run)}  ${String(e.status).padEnd(13)}  ${coverage}`.trimEnd(),
    );
  }
  return `${out.join('\n')}\n`;
}

function driftText(d: Drift): string {
  const out = [`declared in ${short(d.iacRun)}, deployed in ${short(d.liveRun)}: ${d.matched} joined`];
  const list = (title: string, items: { uid: string; kind: string; key?: string; reason?: string }[]) => {
    out.push(`${title}: ${items.length}`);
    for (const i of items)
      out.push(`  ${i.uid} (${i.kind}${i.key ? `, ${i.key.split('|')[1]}` : ''})${i.reason ? `: ${i.reason}` : ''}`);
  };
  out.push(`properties that differ: ${d.differing.length} resources`);
  for (const p of d.differing) {
    out.push(`  ${p.declared.uid} <-> ${p.deployed.uid}`);
    for (const c of p.differences)
      out.push(
        `      ${c.path}: declared ${JSON.stringify(c.before)}${c.defaulted ? ' (provider default)' : ''}, deployed ${c.after === undefined ? '(not stated)' : JSON.stringify(c.after)}`,
      );
  }
  list('declared but missing', d.declaredButMissing);
  list('deployed but undeclared', d.deployedButUndeclared);
  list('declared, cannot be joined', d.notJoinable);
  list('deployed, of a kind with declarations that cannot be joined', d.deployedUnjoined);
  for (const a of d.ambiguous) out.push(`ambiguous: ${a.declared} matches ${a.deployed.join(', ')} by ${a.key}`);
  return `${out.join('\n')}\n`;
}

function sampleText(s: Sample): string {
  const out = [
    `sample of ${s.size} ${s.of} for ${s.control}, ${s.period.from} to ${s.period.to}`,
    `seed ${JSON.stringify(s.seed)}, ${s.generator}`,
    `population: ${s.population.size} (${s.population.description}), sha256 ${s.population.sha256}`,
  ];
  s.items.forEach((item, i) => {
    out.push(
      `${String(i + 1).padStart(4)}  ${item.run}  ${item.startedAt}  ${item.uid ?? ''}  ${item.outcome}`.replace(
        / {3,}(?=\S)/g,
        '  ',
      ),
    );
  });
  return `${out.join('\n')}\n`;
}

function withStore(command: Command): Command {
  return command
    .option('-c, --config <file>', 'the audit config whose store: key names the run store')
    .option('--store <file|url>', 'the run store: a SQLite file or a postgres:// URL')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'));
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function registerHistoryCommands(program: Command, io: Io, setExit: (code: number) => void): void {
  /** Opens the store, runs the action, closes the store; a usage or history error is a message and exit 2. */
  const withReader =
    <A extends unknown[]>(action: (reader: RunReader, ...args: A) => Promise<number | undefined>) =>
    async (...args: A): Promise<void> => {
      // Commander calls an action with the arguments, then the options, then the command.
      const options = args[args.length - 2] as StoreOptions;
      let reader: RunReader | undefined;
      try {
        reader = await openExisting(storeLocation(options));
        setExit((await action(reader, ...args)) ?? EXIT.ok);
      } catch (error) {
        if (!(error instanceof UsageError || error instanceof HistoryError)) throw error;
        io.stderr(`error: ${error.message}\n`);
        setExit(EXIT.error);
      } finally {
        await reader?.close();
      }
    };

  withStore(
    program
      .command('runs')
      .description('list the runs in the store')
      .option('--from <date>', 'runs started on or after')
      .option('--to <date>', 'runs started on or before'),
  ).action(
    withReader(async (reader, options: StoreOptions & { from?: string; to?: string }) => {
      const rows = await listRunRows(reader, rangeOf(options));
      io.stdout(options.format === 'json' ? json(rows) : runsText(rows));
      return EXIT.ok;
    }),
  );

  withStore(
    program
      .command('diff')
      .description(
        'compare two runs: new and fixed findings, changed resources, control status changes (default: the last two)',
      )
      .argument('[run-a]', 'the earlier run (id or unique prefix)')
      .argument('[run-b]', 'the later run'),
  ).action(
    withReader(async (reader, a: string | undefined, b: string | undefined, options: StoreOptions) => {
      const diff = await diffRuns(reader, a, b);
      io.stdout(options.format === 'json' ? json(diff) : diffText(diff));
      return EXIT.ok;
    }),
  );

  withStore(
    program
      .command('history')
      .description("a control's status over the stored runs")
      .requiredOption('--control <framework:control>', 'e.g. pci-dss:8.3.6, soc2:CC6.1')
      .option('--from <date>', 'runs started on or after')
      .option('--to <date>', 'runs started on or before'),
  ).action(
    withReader(async (reader, options: StoreOptions & { control: string; from?: string; to?: string }) => {
      const range = rangeOf(options);
      const timeline = await controlTimeline(reader, parseControlRef(options.control), range);
      io.stdout(options.format === 'json' ? json(timeline) : timelineText(timeline));
      return EXIT.ok;
    }),
  );

  withStore(
    program
      .command('drift')
      .description(
        'compare what the code declares (an IaC run) with what is deployed (a live run); exit 1 when they differ',
      )
      .argument('<iac-run>', 'the run that scanned the IaC (id or unique prefix)')
      .argument('<live-run>', 'the run that collected the live estate'),
  ).action(
    withReader(async (reader, iacRun: string, liveRun: string, options: StoreOptions) => {
      const drift = await driftBetween(reader, iacRun, liveRun);
      io.stdout(options.format === 'json' ? json(drift) : driftText(drift));
      const drifted = drift.differing.length + drift.declaredButMissing.length + drift.deployedButUndeclared.length > 0;
      return drifted ? EXIT.failed : EXIT.ok;
    }),
  );

  program
    .command('report')
    .description(
      'evidence over a period, per control: runs, passes, the longest failing stretch, exceptions, missed scheduled runs',
    )
    .requiredOption('--from <date>', 'first day (YYYY-MM-DD, UTC) or date-time')
    .requiredOption('--to <date>', 'last day, inclusive, or date-time')
    .option(
      '--schedule <schedule>',
      'daily, weekly, hourly or a cron expression (UTC): report the slots with no complete run',
    )
    .option('--framework <id>', 'only controls of this framework (repeatable)', collect, [])
    .option('-c, --config <file>', 'the audit config whose store: key names the run store')
    .option('--store <file|url>', 'the run store: a SQLite file or a postgres:// URL')
    .option('-f, --format <format>', `${PERIOD_FORMAT_NAMES.join(', ')}; repeatable with --output-dir`, collect, [])
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--output-dir <dir>', 'write every format (or those given) under fixed names')
    .option('--from-results', "read every run's full results instead of the digests the store keeps beside them")
    .action(
      withReader(
        async (
          reader,
          options: Omit<StoreOptions, 'format'> & {
            from: string;
            to: string;
            schedule?: string;
            framework: string[];
            format: string[];
            output?: string;
            outputDir?: string;
            fromResults?: boolean;
          },
        ) => {
          const formats = options.format.flatMap((f) => f.split(',')).map((f) => f.trim());
          for (const f of formats) {
            if (!PERIOD_FORMAT_NAMES.includes(f as PeriodFormat))
              throw new UsageError(`unknown format '${f}'; choose from ${PERIOD_FORMAT_NAMES.join(', ')}`);
          }
          if (options.output && options.outputDir)
            throw new UsageError('use either --output or --output-dir, not both');
          if (!options.outputDir && formats.length > 1)
            throw new UsageError(`${formats.length} formats need --output-dir`);
          // The digests are derived from the hashed results; an auditor may ask for the results themselves.
          const source: HistoryReader = options.fromResults
            ? Object.assign(Object.create(reader), { loadDigest: undefined })
            : reader;
          const report = await periodReport(source, {
            from: options.from,
            to: options.to,
            ...(options.schedule ? { schedule: options.schedule } : {}),
            frameworks: options.framework,
            toolVersion: VERSION,
          });
          if (options.outputDir) {
            mkdirSync(options.outputDir, { recursive: true });
            const chosen = (formats.length ? formats : PERIOD_FORMAT_NAMES) as PeriodFormat[];
            for (const f of chosen.filter((name) => PERIOD_FORMATS[name].file)) {
              writeFileSync(path.join(options.outputDir, PERIOD_FORMATS[f].file!), PERIOD_FORMATS[f].render(report));
            }
            io.stderr(`wrote the period report to ${options.outputDir}\n`);
          } else {
            const text = PERIOD_FORMATS[(formats[0] ?? 'text') as PeriodFormat].render(report);
            if (options.output) {
              mkdirSync(path.dirname(path.resolve(options.output)), { recursive: true });
              writeFileSync(options.output, text);
              io.stderr(`wrote ${options.output}\n`);
            } else io.stdout(text);
          }
          return EXIT.ok;
        },
      ),
    );

  withStore(
    program
      .command('sample')
      .description("a reproducible sample of a control's runs or resources in a period, for an auditor's test")
      .requiredOption('--control <framework:control>', 'e.g. soc2:CC6.1')
      .requiredOption('--from <date>', 'first day (YYYY-MM-DD, UTC)')
      .requiredOption('--to <date>', 'last day, inclusive')
      .requiredOption('--size <n>', 'how many items to draw', (v) => Number(v))
      .requiredOption('--seed <text>', 'the seed: the same seed and population draw the same sample')
      .addOption(new Option('--of <population>', 'what to sample').choices(['runs', 'resources']).default('runs')),
  ).action(
    withReader(
      async (
        reader,
        options: StoreOptions & {
          control: string;
          from: string;
          to: string;
          size: number;
          seed: string;
          of: 'runs' | 'resources';
        },
      ) => {
        const sample = await drawSample(reader, {
          control: parseControlRef(options.control),
          from: options.from,
          to: options.to,
          size: options.size,
          seed: options.seed,
          of: options.of,
        });
        io.stdout(options.format === 'json' ? json(sample) : sampleText(sample));
        return EXIT.ok;
      },
    ),
  );
}
