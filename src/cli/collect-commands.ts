// `assay collect <id>`: one subcommand per collector of the registry, generated from its options
// definition (arguments, options, help, errors). A secret option `name` becomes `--name-file FILE`
// and `--name-env VAR`; `--name VALUE` is refused without echoing the value. Everything the
// command prints and the snapshot it writes pass through the collection's redactor.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { cliOptionLabel, secretOptionNames } from '../collectors/context.ts';
import type { Collector, CollectorOptions, CollectorResult, OptionSchema } from '../collectors/contract.ts';
import { type Collected, runCollector } from '../collectors/run.ts';
import { Redactor } from '../kit/redaction.ts';
import { type Gap, UNREAD_GAP_REASONS } from '../model/resource.ts';
import { saveSnapshot } from '../pipeline/snapshots.ts';
import { EXIT, type Io, redactedIo } from './io.ts';
import { progressPrinter } from './progress.ts';

/** camelCase attribute commander stores an option under (`bind-dn` -> `bindDn`). */
function attributeName(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function integerParser(schema: OptionSchema) {
  const min = schema.minimum ?? 0;
  const max = schema.maximum ?? Number.MAX_SAFE_INTEGER;
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    }
    return n;
  };
}

/** The commander option for one non-positional, non-secret option of the definition. */
function cliOption(name: string, schema: OptionSchema, required: boolean): Option {
  const flags = `${schema['x-short'] ? `-${schema['x-short']}, ` : ''}--${name}`;
  if (schema.type === 'boolean') return new Option(flags, schema.description);
  const value = schema['x-value-name'] ?? name;
  const option = new Option(`${flags} <${value}>`, schema.description);
  if (schema.type === 'integer') option.argParser(integerParser(schema));
  if (schema.type === 'array') option.argParser((v: string, previous: string[] = []) => [...previous, v]);
  if (schema.enum) option.choices([...schema.enum]);
  if (schema.default !== undefined) option.default(schema.default);
  if (required) option.makeOptionMandatory();
  return option;
}

/** "gap: where: reason (permission): message", where is the file and line or the endpoint. */
export function describeGap(gap: Gap): string {
  const where = gap.file ? `${gap.file}${gap.line ? `:${gap.line}` : ''}` : (gap.endpoint ?? '');
  return `gap: ${where ? `${where}: ` : ''}${gap.reason}${gap.permission ? ` (${gap.permission})` : ''}: ${gap.message}\n`;
}

function defaultSummary(result: CollectorResult, file: string): string {
  return `wrote ${file}: ${result.resources.length} resources from ${result.source.target}, ${result.gaps.length} gaps`;
}

function refusal(name: string): string {
  const names = secretOptionNames(name);
  return (
    `error: --${name} is not accepted: command-line arguments are visible to other users and kept in shell history. ` +
    `Use --${names.file} FILE or --${names.env} VAR (and consider changing a ${name} that was typed here).\n`
  );
}

/** Adds `<id>` under `collect` for every collector. */
export function registerCollectCommands(
  collectCommand: Command,
  collectors: readonly Collector[],
  io: Io,
  setExit: (code: number) => void,
): void {
  for (const collector of collectors) registerCollectCommand(collectCommand, collector, io, setExit);
}

/** Options every collect command has; a collector's own options must not take these names. */
const COMMAND_OPTIONS = ['output', 'progress', 'quiet', 'allow-empty', 'help'];

function registerCollectCommand(parent: Command, collector: Collector, io: Io, setExit: (code: number) => void) {
  const { properties } = collector.options;
  const taken = Object.entries(properties).flatMap(([name, schema]) =>
    schema['x-secret'] ? [name, ...Object.values(secretOptionNames(name))] : [name],
  );
  const clash = taken.find((name, i) => COMMAND_OPTIONS.includes(name) || taken.indexOf(name) !== i);
  if (clash)
    throw new Error(`collector ${collector.id}: option '${clash}' is taken (by the command or another option)`);
  const required = new Set(collector.options.required ?? []);
  const command = parent.command(collector.id).description(collector.description);
  const positional = Object.entries(properties).find(([, schema]) => schema['x-positional']);
  if (positional) {
    const [name, schema] = positional;
    const spec = `${name}${schema.type === 'array' ? '...' : ''}`;
    command.argument(required.has(name) ? `<${spec}>` : `[${spec}]`, schema.description);
  }
  const secrets: string[] = [];
  for (const [name, schema] of Object.entries(properties)) {
    if (schema['x-positional']) continue;
    if (schema['x-secret']) {
      const names = secretOptionNames(name);
      command
        .option(`--${names.file} <file>`, `file whose first line is ${schema.description}`)
        .option(`--${names.env} <var>`, `environment variable holding ${schema.description}`)
        // Declared only to refuse it with a clear message; its value is never printed.
        .addOption(new Option(`--${name} <${name}>`).hideHelp());
      secrets.push(name);
      continue;
    }
    command.addOption(cliOption(name, schema, required.has(name)));
  }
  command
    .requiredOption('-o, --output <file>', 'snapshot file to write')
    .option('--progress', 'report progress on stderr (default: when stderr is a terminal)')
    .option('-q, --quiet', 'no progress on stderr (warnings and gaps are still printed)')
    .option(
      '--allow-empty',
      'exit 0 rather than 2 when no resource is found to check (an empty folder is then expected)',
    )
    .action(async (...args: unknown[]) => {
      const options = (args.at(-2) ?? {}) as Record<string, unknown>;
      const refused = secrets.find((name) => options[attributeName(name)] !== undefined);
      if (refused) {
        io.stderr(refusal(refused));
        setExit(EXIT.error);
        return;
      }
      const input: CollectorOptions = {};
      if (positional) input[positional[0]] = args[0];
      for (const [name, schema] of Object.entries(properties)) {
        const names = schema['x-secret'] ? Object.values(secretOptionNames(name)) : [name];
        for (const n of names) {
          const value = options[attributeName(n)];
          if (value !== undefined && !schema['x-positional']) input[n] = value;
        }
      }
      const redactor = new Redactor();
      const out = redactedIo(io, redactor);
      const progress =
        options.quiet === true
          ? undefined
          : options.progress === true || io.isStderrTty === true
            ? progressPrinter(out.stderr, io.isStderrTty === true)
            : undefined;
      const collected = await runCollector(collector, input, {
        redactor,
        signal: io.interrupt?.(),
        onWarning: (message) => {
          progress?.done();
          out.stderr(`${message}\n`);
        },
        ...(progress ? { onProgress: progress.onProgress } : {}),
        optionLabel: cliOptionLabel,
      });
      progress?.done();
      setExit(writeCollected(collector, collected, String(options.output), redactor, out, options.allowEmpty === true));
    });
}

/**
 * Writes the snapshot and says what was read; nothing is written when the collection could not start.
 * As `assay scan`, a snapshot with nothing to check (an empty folder, a wrong path) is an error
 * unless `allowEmpty`: the snapshot is still written, so what was looked at is on record.
 */
function writeCollected(
  collector: Collector,
  collected: Collected,
  file: string,
  redactor: Redactor,
  io: Io,
  allowEmpty: boolean,
): number {
  if (collected.failure !== undefined) {
    io.stderr(`error: ${collected.failure}\n`);
    return EXIT.error;
  }
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  saveSnapshot([collected], file, { redactor });
  const { gaps, ...source } = collected.source;
  const result = { source, resources: collected.resources, gaps };
  io.stderr(`${(collector.summary ?? defaultSummary)(result, file)}\n`);
  for (const gap of gaps) io.stderr(describeGap(gap));
  // The files scanned for secrets alone are not infrastructure to check (as checkedResources in the verdict).
  const empty = !allowEmpty && !collected.resources.some((r) => r.kind !== 'iac.file');
  if (empty) io.stderr('error: no resource was found to check (give --allow-empty if that is expected)\n');
  return empty || gaps.some((g) => UNREAD_GAP_REASONS.has(g.reason)) ? EXIT.error : EXIT.ok;
}
