// `assay frameworks list|show`: what the loaded framework catalogs contain, including the ones
// users add with --frameworks-dir.
import { type Command, Option } from 'commander';
import {
  type Automation,
  type Control,
  defaultFrameworkDir,
  type Framework,
  FrameworkError,
  loadFrameworks,
} from '../frameworks/catalog.ts';
import { EXIT, type Io } from './io.ts';

type Format = 'table' | 'json';

interface CommonOptions {
  format: Format;
  frameworksDir: string[];
}

/** A problem the user can fix (unknown id, bad framework file): a message and exit 2. */
class UsageError extends Error {}

export function registerFrameworksCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  const guarded =
    <A extends unknown[]>(action: (...args: A) => void) =>
    (...args: A): void => {
      try {
        action(...args);
        setExit(EXIT.ok);
      } catch (error) {
        if (!(error instanceof FrameworkError || error instanceof UsageError)) throw error;
        io.stderr(`error: ${error.message}\n`);
        setExit(EXIT.error);
      }
    };

  const frameworks = program.command('frameworks').description('list the compliance frameworks and their controls');

  withCommonOptions(frameworks.command('list').description('list the loaded frameworks')).action(
    guarded((options: CommonOptions) => {
      const loaded = load(options);
      io.stdout(options.format === 'json' ? toJson(loaded.map(summary)) : renderList(loaded));
    }),
  );

  withCommonOptions(
    frameworks
      .command('show')
      .description('show the controls of one framework and the rules that evidence them')
      .argument('<framework>', 'framework id, e.g. pci-dss, soc2, iso27001')
      .option('--control <id>', 'only this control, as the standard writes it (8.3.6, CC6.1, 5.15)'),
  ).action(
    guarded((id: string, options: CommonOptions & { control?: string }) => {
      const framework = findFramework(load(options), id);
      const controls = options.control === undefined ? framework.controls : [findControl(framework, options.control)];
      if (options.format === 'json') {
        io.stdout(toJson({ id: framework.id, name: framework.name, version: framework.version, controls }));
      } else if (options.control !== undefined) {
        io.stdout(renderControl(framework, controls[0]!));
      } else {
        io.stdout(renderShow(framework));
      }
    }),
  );
}

function withCommonOptions(command: Command): Command {
  return command
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option(
      '--frameworks-dir <dir>',
      'an extra folder of framework YAML files (repeatable)',
      (value: string, previous: string[]) => [...previous, value],
      [],
    );
}

function load(options: CommonOptions): Framework[] {
  return loadFrameworks([defaultFrameworkDir(), ...options.frameworksDir]);
}

function findFramework(frameworks: Framework[], id: string): Framework {
  const found = frameworks.find((f) => f.id === id) ?? frameworks.find((f) => f.id === id.toLowerCase());
  if (found) return found;
  throw new UsageError(`unknown framework '${id}'; known: ${frameworks.map((f) => f.id).join(', ')}`);
}

function findControl(framework: Framework, id: string): Control {
  // Exact first; ids like "cc6.1" typed in lower case still find CC6.1.
  const found =
    framework.controls.find((c) => c.id === id) ??
    framework.controls.find((c) => c.id.toLowerCase() === id.toLowerCase());
  if (found) return found;
  throw new UsageError(
    `framework '${framework.id}' has no control '${id}'; known: ${framework.controls.map((c) => c.id).join(', ')}`,
  );
}

function summary(framework: Framework): { id: string; name: string; version: string; controls: number } {
  return { id: framework.id, name: framework.name, version: framework.version, controls: framework.controls.length };
}

function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function countAutomation(controls: Control[], automation: Automation): number {
  return controls.filter((c) => c.automation === automation).length;
}

function distinctRules(controls: Control[]): number {
  return new Set(controls.flatMap((c) => c.rules.map((r) => r.rule))).size;
}

function renderList(frameworks: Framework[]): string {
  const rows = frameworks.map((f) => [
    f.id,
    f.name,
    f.version,
    String(f.controls.length),
    String(countAutomation(f.controls, 'automated')),
    String(countAutomation(f.controls, 'partial')),
    String(countAutomation(f.controls, 'manual')),
    String(distinctRules(f.controls)),
  ]);
  const header = ['ID', 'NAME', 'VERSION', 'CONTROLS', 'AUTOMATED', 'PARTIAL', 'MANUAL', 'RULES'];
  return table([header, ...rows], [3, 4, 5, 6, 7]);
}

function renderShow(framework: Framework): string {
  const header = `${framework.name} ${framework.version} (${framework.id}): ${framework.controls.length} controls, ${distinctRules(framework.controls)} rules\n\n`;
  const rows = framework.controls.map((c) => [
    c.id,
    c.automation,
    String(c.rules.filter((r) => !isSupporting(r)).length),
    String(c.rules.filter(isSupporting).length),
    c.title,
  ]);
  return header + table([['ID', 'AUTOMATION', 'EVIDENCE', 'SUPPORTING', 'TITLE'], ...rows], [2, 3]);
}

// A supporting rule can fail a control but never pass it, so the reader must see which is which.
function isSupporting(mapping: Control['rules'][number]): boolean {
  return mapping.type === 'supporting';
}

function renderControl(framework: Framework, control: Control): string {
  const lines = [
    `${framework.name} ${framework.version} (${framework.id}) control ${control.id}`,
    `title:      ${control.title}`,
    `section:    ${control.section}`,
    `automation: ${control.automation}`,
    `rules:      ${control.rules.length === 0 ? 'none (manual: people check it, assay does not)' : control.rules.length}`,
    ...control.rules.map(
      (r) => `  ${r.rule}${isSupporting(r) ? ' (supporting: can fail the control, never pass it)' : ''}: ${r.reason}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

/** Columns padded to the widest cell; numeric columns right-aligned; the last column is never padded. */
function table(rows: string[][], rightAligned: number[]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const lines = rows.map((row) =>
    row
      .map((cell, column) => {
        if (column === row.length - 1) return rightAligned.includes(column) ? cell.padStart(widths[column]!) : cell;
        return rightAligned.includes(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!);
      })
      .join('  '),
  );
  return `${lines.join('\n')}\n`;
}
