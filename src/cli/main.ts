// The `assay` command line: the face that talks to the user. Stages live elsewhere.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { COLLECTORS, findCollector } from '../collectors/registry.ts';
import { runCollector } from '../collectors/run.ts';
import { Redactor } from '../kit/redaction.ts';
import type { Gap } from '../model/resource.ts';
import { SEVERITIES, type Severity } from '../model/results.ts';
import { evaluateSnapshots } from '../pipeline/evaluate.ts';
import { writeOutputDir } from '../pipeline/evidence-folder.ts';
import { DEFAULT_WAIVER_FILE, policyBundleDir, readWaivers, waiverFileFor } from '../pipeline/inputs.ts';
import { type RunStart, startRun } from '../pipeline/run.ts';
import { readSnapshotFiles, type SnapshotInput, snapshotOf } from '../pipeline/snapshots.ts';
import { verdict } from '../pipeline/verdict.ts';
import { FILE_FORMATS, FORMAT_NAMES, FORMATS, type Format } from '../reports/registry.ts';
import { VERSION } from '../version.ts';
import { registerCollectCommands } from './collect-commands.ts';
import { registerFrameworksCommand } from './frameworks-command.ts';
import { EXIT, type Io, printText, redactedIo, writeTextFile } from './io.ts';

interface OutputOptions {
  format: Format[];
  output?: string;
  outputDir?: string;
  force?: boolean;
  reportUrl?: string;
  waivers?: string;
  failOn: Severity;
  framework: string[];
  bundle?: string;
  policies: string[];
  frameworksDir: string[];
  color?: boolean;
  verbose?: boolean;
  allowEmpty?: boolean;
  timestampUrl?: string;
  tsaCert?: string;
}

class UsageError extends Error {
  override name = 'UsageError';
}

function writeOrPrint(text: string, file: string | undefined, io: Io, redactor: Redactor): void {
  if (!file) {
    printText(io, text, redactor);
    return;
  }
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  writeTextFile(file, text);
  io.stderr(`wrote ${file}\n`);
}

async function report(
  run: RunStart,
  snapshots: SnapshotInput[],
  options: OutputOptions & { root?: string },
  io: Io,
  redactor: Redactor,
) {
  if (options.output && options.outputDir) throw new UsageError('use either --output or --output-dir, not both');
  if (options.reportUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(options.reportUrl)) {
    throw new UsageError(`--report-url must be an http(s) link, not ${JSON.stringify(options.reportUrl)}`);
  }
  const formats = options.format.length > 0 ? options.format : options.outputDir ? FILE_FORMATS : ['table' as const];
  if (!options.outputDir && formats.length > 1) {
    throw new UsageError(`${formats.length} formats need --output-dir (one file per format)`);
  }
  if (options.bundle && options.policies.length > 0)
    throw new UsageError('use either --bundle or --policies, not both');
  if (options.timestampUrl !== undefined && !options.outputDir) {
    throw new UsageError('--timestamp-url stamps the manifest of an evidence folder: give --output-dir');
  }
  const bundleDir = await policyBundleDir(options);
  const results = await evaluateSnapshots(snapshots, {
    ...(bundleDir ? { bundleDir } : {}),
    policies: options.policies,
    frameworkDirs: options.frameworksDir,
    frameworks: options.framework,
    // The file named with --waivers must exist; .assay/waivers.yaml under the root is read when it does.
    waivers: readWaivers(waiverFileFor(options.waivers, options.root ?? '.')),
    run,
    redactor,
  });
  // The render options leave the process too: a link with a password in it is written without it.
  const reportUrl = options.reportUrl === undefined ? undefined : redactor.redact(options.reportUrl);
  const color = options.color !== false && io.isTty && !options.output;
  if (options.outputDir) {
    const written = writeOutputDir(options.outputDir, snapshots, results, formats, {
      reportUrl,
      force: options.force === true,
    });
    if (written.removed.length > 0) {
      io.stderr(`removed the previous run's ${written.removed.join(', ')} from ${options.outputDir}\n`);
    }
    if (written.table !== undefined) io.stdout(written.table);
    io.stderr(`wrote ${written.artifacts.length} artifacts and manifest.json to ${options.outputDir}\n`);
    if (options.timestampUrl !== undefined) {
      const { timestampFolder } = await import('./evidence-commands.ts');
      await timestampFolder(options.outputDir, options.timestampUrl, options.tsaCert, io);
    }
    io.stderr(
      `${results.summary.open} open findings, ${results.summary.waived} accepted exceptions, ${results.summary.gaps} inputs not scanned\n`,
    );
  } else {
    const format = formats[0]!;
    writeOrPrint(
      FORMATS[format].render(results, { color, reportUrl, verbose: options.verbose === true }),
      options.output,
      io,
      redactor,
    );
    if (options.output && format !== 'table') {
      io.stderr(`${results.summary.open} open findings, ${results.summary.gaps} inputs not scanned\n`);
    }
  }
  for (const w of results.waivers.filter((o) => o.state !== 'applied')) {
    const why = w.message ?? (w.state === 'expired' ? `expired on ${w.expires}` : 'matches no failing resource');
    io.stderr(`${w.state === 'invalid' ? 'error' : 'warning'}: waiver ${w.id} (${w.origin}) is ${w.state}: ${why}\n`);
  }
  const decided = verdict(results, options.failOn, { allowEmpty: options.allowEmpty === true });
  for (const gap of decided.unread) io.stderr(`error: ${gapText(gap)}\n`);
  if (decided.empty) io.stderr('error: no resource was found to check (give --allow-empty if that is expected)\n');
  return { ok: EXIT.ok, findings: EXIT.failed, error: EXIT.error }[decided.outcome];
}

/** "where: message", unless the collector's message already starts with where it happened. */
function gapText(gap: Gap & { source: string }): string {
  const where = `${gap.file ?? gap.endpoint ?? gap.source}${gap.line ? `:${gap.line}` : ''}`;
  return gap.file && gap.message.startsWith(`${gap.file}:`) ? gap.message : `${where}: ${gap.message}`;
}

function outputOptions(command: Command): Command {
  return command
    .addOption(
      new Option('-f, --format <format>', `output format, repeatable or comma-separated: ${FORMAT_NAMES.join(', ')}`)
        .argParser(collectFormats)
        .default([]),
    )
    .option('-o, --output <file>', 'write the output to a file instead of stdout')
    .option('--output-dir <dir>', 'write every format under fixed names, the snapshots and manifest.json here')
    .option(
      '--force',
      '--output-dir: write into a non-empty folder that assay did not write, overwriting files of the same names',
    )
    .option('--report-url <url>', 'where the full report will be published: the Markdown summary links to it')
    .option('--waivers <file>', `waiver file (default: ${DEFAULT_WAIVER_FILE} when it exists)`)
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity')
        .choices([...SEVERITIES])
        .default('info'),
    )
    .option('--framework <id>', 'only show controls of this framework (repeatable)', collect, [])
    .option('--frameworks-dir <dir>', 'an extra folder of framework YAML files (repeatable)', collect, [])
    .option('--bundle <dir>', 'a compiled policy bundle folder instead of the built-in one')
    .option('--policies <dir>', 'a folder of your own Rego rules, compiled with opa (repeatable)', collect, [])
    .option('--no-color', 'never colour the table')
    .option(
      '--verbose',
      'the table shows every finding with its full remediation, instead of one line per resource under its rule',
    )
    .option(
      '--allow-empty',
      'exit 0 rather than 2 when no resource is found to check (an empty folder is then expected)',
    )
    .option(
      '--timestamp-url <url>',
      '--output-dir: RFC 3161 time-stamping authority to stamp manifest.json (writes manifest.tsr)',
    )
    .option(
      '--tsa-cert <pem>',
      "--timestamp-url: the TSA's CA certificate(s), PEM, checked now and kept in the folder",
    );
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function collectFormats(value: string, previous: Format[]): Format[] {
  const names = value.split(',').map((v) => v.trim());
  for (const name of names) {
    if (!FORMAT_NAMES.includes(name as Format)) {
      throw new InvalidArgumentError(`unknown format '${name}'; choose from ${FORMAT_NAMES.join(', ')}`);
    }
  }
  return [...new Set([...previous, ...(names as Format[])])];
}

/** Commands defined in this file and in collect/frameworks, which need none of the groups below. */
const CORE_COMMANDS = new Set(['scan', 'collect', 'evaluate', 'frameworks']);

/**
 * The program; `redactor` is the run's (every secret resolved or detected is registered with it)
 * and `io` should already pass through it, as main() arranges. With the command line, the evidence,
 * audit and history commands (the run store, signing, time-stamping and the history readers) are
 * loaded only when it does not name a core command: `assay scan` does not load them, while `assay`,
 * `assay help`, their own commands and an unknown word (for commander's suggestion) still see them.
 */
export async function buildProgram(
  io: Io,
  setExit: (code: number) => void,
  redactor = new Redactor(),
  commandLine?: readonly string[],
): Promise<Command> {
  const program = new Command('assay')
    .description(
      'Policy-as-code compliance scanner: SOC 2, ISO/IEC 27001:2022 and PCI DSS v4.0.1 evidence from IaC and live estates',
    )
    .version(VERSION)
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();

  outputOptions(
    program
      .command('scan')
      .description('collect infrastructure-as-code under the paths and evaluate it')
      .argument('<paths...>', 'files or folders (Terraform, plans, CloudFormation, Kubernetes, ARM)')
      .option('--root <dir>', 'paths in results are relative to this folder', '.'),
  ).action(async (paths: string[], options: OutputOptions & { root: string }) => {
    const run = startRun(new Date(), { cwd: options.root });
    const collected = await runCollector(findCollector('iac')!, { paths, root: options.root }, { redactor });
    if (collected.failure !== undefined) throw new Error(collected.failure);
    setExit(await report(run, [snapshotOf([collected], { redactor })], options, io, redactor));
  });

  const collectCommand = program.command('collect').description('collect a snapshot from a source');
  registerCollectCommands(collectCommand, COLLECTORS, io, setExit);

  outputOptions(
    program
      .command('evaluate')
      .description('evaluate saved snapshots (from any collector)')
      .argument('<snapshots...>', 'snapshot JSON files'),
  ).action(async (files: string[], options: OutputOptions) => {
    const run = startRun();
    setExit(await report(run, readSnapshotFiles(files), options, io, redactor));
  });

  registerFrameworksCommand(program, io, setExit);
  const named = commandLine?.find((word) => !word.startsWith('-'));
  if (named === undefined || !CORE_COMMANDS.has(named)) {
    const [evidence, audit, history] = await Promise.all([
      import('./evidence-commands.ts'),
      import('./audit-commands.ts'),
      import('./history-commands.ts'),
    ]);
    evidence.registerEvidenceCommands(program, io, setExit);
    audit.registerAuditCommands(program, io, setExit, redactor);
    history.registerHistoryCommands(program, io, setExit);
  }
  return program;
}

export async function main(argv: string[], given: Io): Promise<number> {
  let exitCode: number = EXIT.ok;
  // One redactor per invocation, and every line the CLI prints passes through it.
  const redactor = new Redactor();
  const io = redactedIo(given, redactor);
  const program = await buildProgram(
    io,
    (code) => {
      exitCode = code;
    },
    redactor,
    argv,
  );
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.error;
    }
    io.stderr(`error: ${(error as Error).message}\n`);
    return EXIT.error;
  }
}
