// The `assay` command line: the face that talks to the user. Stages live elsewhere.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { collectIac } from '../collectors/iac/index.ts';
import { type Gap, type Snapshot, UNREAD_GAP_REASONS } from '../model/resource.ts';
import { SEVERITIES, type Severity, type Waiver } from '../model/results.ts';
import { makeSnapshot, parseSnapshot, serializeSnapshot, sha256 } from '../model/snapshot.ts';
import { evaluateSnapshots } from '../pipeline/evaluate.ts';
import { type SnapshotInput, writeOutputDir } from '../pipeline/evidence-folder.ts';
import { hasFindingsAtOrAbove } from '../pipeline/results.ts';
import { buildUserBundle } from '../policies/user-bundle.ts';
import { FILE_FORMATS, FORMAT_NAMES, FORMATS, type Format } from '../reports/registry.ts';
import { VERSION } from '../version.ts';
import { DEFAULT_WAIVER_FILE, loadWaiverFile } from '../waivers/file.ts';
import { registerAdCommand } from './ad-command.ts';
import { registerEvidenceCommands } from './evidence-commands.ts';
import { registerFrameworksCommand } from './frameworks-command.ts';
import { EXIT, type Io } from './io.ts';

interface OutputOptions {
  format: Format[];
  output?: string;
  outputDir?: string;
  reportUrl?: string;
  waivers?: string;
  failOn: Severity;
  framework: string[];
  bundle?: string;
  policies: string[];
  frameworksDir: string[];
  color?: boolean;
}

class UsageError extends Error {
  override name = 'UsageError';
}

function writeOrPrint(text: string, file: string | undefined, io: Io): void {
  if (!file) {
    io.stdout(text);
    return;
  }
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  writeFileSync(file, text);
  io.stderr(`wrote ${file}\n`);
}

async function report(snapshots: SnapshotInput[], options: OutputOptions & { root?: string }, io: Io) {
  if (options.output && options.outputDir) throw new UsageError('use either --output or --output-dir, not both');
  if (options.reportUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(options.reportUrl)) {
    throw new UsageError(`--report-url must be an http(s) link, not ${JSON.stringify(options.reportUrl)}`);
  }
  const formats = options.format.length > 0 ? options.format : options.outputDir ? FILE_FORMATS : ['table' as const];
  if (!options.outputDir && formats.length > 1) {
    throw new UsageError(`${formats.length} formats need --output-dir (one file per format)`);
  }
  const results = await evaluateSnapshots(snapshots, {
    bundleDir: await policyBundleDir(options),
    frameworkDirs: options.frameworksDir,
    frameworks: options.framework,
    waivers: loadWaivers(options),
  });
  const color = options.color !== false && io.isTty && !options.output;
  if (options.outputDir) {
    const written = writeOutputDir(options.outputDir, snapshots, results, formats, { reportUrl: options.reportUrl });
    if (written.table !== undefined) io.stdout(written.table);
    io.stderr(`wrote ${written.artifacts.length} artifacts and manifest.json to ${options.outputDir}\n`);
    io.stderr(
      `${results.summary.open} open findings, ${results.summary.waived} accepted exceptions, ${results.summary.gaps} inputs not scanned\n`,
    );
  } else {
    const format = formats[0]!;
    writeOrPrint(FORMATS[format].render(results, { color, reportUrl: options.reportUrl }), options.output, io);
    if (options.output && format !== 'table') {
      io.stderr(`${results.summary.open} open findings, ${results.summary.gaps} inputs not scanned\n`);
    }
  }
  for (const w of results.waivers.filter((o) => o.state !== 'applied')) {
    const why = w.message ?? (w.state === 'expired' ? `expired on ${w.expires}` : 'matches no failing resource');
    io.stderr(`${w.state === 'invalid' ? 'error' : 'warning'}: waiver ${w.id} (${w.origin}) is ${w.state}: ${why}\n`);
  }
  const unread = results.gaps.filter((g) => UNREAD_GAP_REASONS.has(g.reason));
  for (const gap of unread) io.stderr(`error: ${gapText(gap)}\n`);
  if (unread.length > 0 || results.waivers.some((w) => w.state === 'invalid')) return EXIT.error;
  return hasFindingsAtOrAbove(results, options.failOn) ? EXIT.failed : EXIT.ok;
}

/** --bundle as given, or the shipped rules compiled together with the --policies folders. */
async function policyBundleDir(options: OutputOptions): Promise<string | undefined> {
  if (options.policies.length === 0) return options.bundle;
  if (options.bundle) throw new UsageError('use either --bundle or --policies, not both');
  return buildUserBundle(options.policies);
}

/** The waiver file named with --waivers (must exist), else .assay/waivers.yaml under the root if present. */
function loadWaivers(options: OutputOptions & { root?: string }): Waiver[] {
  if (options.waivers) return loadWaiverFile(options.waivers);
  const fallback = path.join(options.root ?? '.', DEFAULT_WAIVER_FILE);
  return existsSync(fallback) ? loadWaiverFile(fallback) : [];
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
    .option('--no-color', 'never colour the table');
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

async function collectSnapshot(paths: string[], root: string | undefined): Promise<Snapshot> {
  const { source, resources } = await collectIac(paths, { root });
  return makeSnapshot(VERSION, [source], resources);
}

export function buildProgram(io: Io, setExit: (code: number) => void): Command {
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
    const snapshot = await collectSnapshot(paths, options.root);
    const text = serializeSnapshot(snapshot);
    setExit(await report([{ snapshot, sha256: sha256(text), file: '(scan)', text }], options, io));
  });

  const collectCommand = program.command('collect').description('collect a snapshot from a source');
  registerAdCommand(collectCommand, io, setExit);
  collectCommand
    .command('iac')
    .description('collect infrastructure-as-code into a snapshot')
    .argument('<paths...>', 'files or folders')
    .requiredOption('-o, --output <file>', 'snapshot file to write')
    .option('--root <dir>', 'paths in the snapshot are relative to this folder', '.')
    .action(async (paths: string[], options: { output: string; root: string }) => {
      const snapshot = await collectSnapshot(paths, options.root);
      writeOrPrint(serializeSnapshot(snapshot), options.output, io);
      const source = snapshot.sources[0]!;
      io.stderr(
        `${snapshot.resources.length} resources from ${source.itemCount ?? 0} files, ${source.gaps.length} gaps\n`,
      );
      for (const gap of source.gaps)
        io.stderr(`gap: ${gap.file ?? ''}${gap.line ? `:${gap.line}` : ''}: ${gap.reason}: ${gap.message}\n`);
      setExit(source.gaps.some((g) => UNREAD_GAP_REASONS.has(g.reason)) ? EXIT.error : EXIT.ok);
    });

  outputOptions(
    program
      .command('evaluate')
      .description('evaluate saved snapshots (from any collector)')
      .argument('<snapshots...>', 'snapshot JSON files'),
  ).action(async (files: string[], options: OutputOptions) => {
    const snapshots = files.map((file) => {
      const text = readFileSync(file, 'utf8');
      return { snapshot: parseSnapshot(text, file), sha256: sha256(text), file, text };
    });
    // The same snapshot named twice (a copy, a glob overlap) is one population, not two.
    const distinct = snapshots.filter((s, i) => snapshots.findIndex((t) => t.sha256 === s.sha256) === i);
    setExit(await report(distinct, options, io));
  });

  registerFrameworksCommand(program, io, setExit);
  registerEvidenceCommands(program, io, setExit);
  return program;
}

export async function main(argv: string[], io: Io): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
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
