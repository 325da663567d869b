// The `assay` command line: the face that talks to the user. Stages live elsewhere.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { collectIac } from '../collectors/iac/index.ts';
import { hasFindingsAtOrAbove } from '../engine/results.ts';
import { type Results, SEVERITIES, type Severity } from '../engine/types.ts';
import type { Snapshot } from '../model/resource.ts';
import { makeSnapshot, parseSnapshot, serializeSnapshot, sha256 } from '../model/snapshot.ts';
import { renderJson } from '../reports/json.ts';
import { renderSarif } from '../reports/sarif.ts';
import { renderTable } from '../reports/table.ts';
import { VERSION } from '../version.ts';
import { evaluateSnapshots } from './pipeline.ts';

export const EXIT = { clean: 0, findings: 1, error: 2 } as const;

/** Gaps of these kinds mean some input was not read at all: the run exits 2. */
const UNREAD_REASONS = new Set(['parse-error', 'unreadable', 'permission-denied', 'unreachable', 'timeout', 'other']);

interface OutputOptions {
  format: 'table' | 'json' | 'sarif';
  output?: string;
  failOn: Severity;
  framework: string[];
  bundle?: string;
  frameworksDir: string[];
  color?: boolean;
}

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTty: boolean;
}

function render(results: Results, options: OutputOptions, io: Io): string {
  if (options.format === 'json') return renderJson(results);
  if (options.format === 'sarif') return renderSarif(results);
  return renderTable(results, { color: options.color !== false && io.isTty && !options.output });
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

async function report(
  snapshots: { snapshot: Snapshot; sha256: string; file: string }[],
  options: OutputOptions,
  io: Io,
) {
  const results = await evaluateSnapshots(snapshots, {
    bundleDir: options.bundle,
    frameworkDirs: options.frameworksDir,
    frameworks: options.framework,
  });
  writeOrPrint(render(results, options, io), options.output, io);
  if (options.output && options.format !== 'table') {
    io.stderr(`${results.summary.findings} findings, ${results.summary.gaps} inputs not scanned\n`);
  }
  const unread = results.gaps.filter((g) => UNREAD_REASONS.has(g.reason));
  for (const gap of unread)
    io.stderr(`error: ${gap.file ?? gap.endpoint ?? gap.source}${gap.line ? `:${gap.line}` : ''}: ${gap.message}\n`);
  if (unread.length > 0) return EXIT.error;
  return hasFindingsAtOrAbove(results, options.failOn) ? EXIT.findings : EXIT.clean;
}

function outputOptions(command: Command): Command {
  return command
    .addOption(
      new Option('-f, --format <format>', 'output format').choices(['table', 'json', 'sarif']).default('table'),
    )
    .option('-o, --output <file>', 'write the output to a file instead of stdout')
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity')
        .choices([...SEVERITIES])
        .default('info'),
    )
    .option('--framework <id>', 'only show controls of this framework (repeatable)', collect, [])
    .option('--frameworks-dir <dir>', 'an extra folder of framework YAML files (repeatable)', collect, [])
    .option('--bundle <dir>', 'a compiled policy bundle folder instead of the built-in one')
    .option('--no-color', 'never colour the table');
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
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
    setExit(await report([{ snapshot, sha256: sha256(text), file: '(scan)' }], options, io));
  });

  const collectCommand = program.command('collect').description('collect a snapshot from a source');
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
      setExit(source.gaps.some((g) => UNREAD_REASONS.has(g.reason)) ? EXIT.error : EXIT.clean);
    });

  outputOptions(
    program
      .command('evaluate')
      .description('evaluate saved snapshots (from any collector)')
      .argument('<snapshots...>', 'snapshot JSON files'),
  ).action(async (files: string[], options: OutputOptions) => {
    const snapshots = files.map((file) => {
      const text = readFileSync(file, 'utf8');
      return { snapshot: parseSnapshot(text, file), sha256: sha256(text), file };
    });
    setExit(await report(snapshots, options, io));
  });

  return program;
}

export async function main(argv: string[], io: Io): Promise<number> {
  let exitCode: number = EXIT.clean;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.clean : EXIT.error;
    }
    io.stderr(`error: ${(error as Error).message}\n`);
    return EXIT.error;
  }
}
