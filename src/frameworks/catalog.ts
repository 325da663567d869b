// Loads the framework control mappings (rules/frameworks/*.yaml), validated against
// rules/schema/framework.schema.json. Mistakes in these files are reported with file:line
// because people edit them by hand. Parsing the shipped files' 130 KB of YAML cost about 200 ms of
// CPU at every scan, so the build (scripts/build.ts) also writes their parsed, validated content
// beside this module in dist/js, keyed by a SHA-256 of each file and the schema: a file whose key
// still matches is read from there, any other (edited, or a --frameworks-dir file) is parsed.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { assetPath } from '../assets.ts';
import type { ControlRef } from '../model/results.ts';
import { shippedSchemaAjv } from '../util/shipped-schema.ts';
import { displayPath, readValidatedYaml } from '../util/validated-yaml.ts';

export type Automation = 'automated' | 'partial' | 'manual';

/**
 * evidence: the rule's passes count toward the control's pass. supporting: the rule can disprove
 * the control (a failure fails it) but never prove it, so it does not count toward a pass.
 */
export type MappingType = 'evidence' | 'supporting';

export interface RuleMapping {
  rule: string;
  /** Why the rule evidences the control, in one line. */
  reason: string;
  /** Absent means evidence. */
  type?: MappingType;
}

export interface Control {
  id: string;
  title: string;
  section: string;
  automation: Automation;
  rules: RuleMapping[];
  /** What the rules do not check although the control asks for it; said in every status reason. */
  notChecked?: string;
}

export interface Framework {
  /** Stable id used on the command line, e.g. "pci-dss". */
  id: string;
  name: string;
  version: string;
  publisher?: string;
  /** The YAML file it was read from. */
  file: string;
  controls: Control[];
}

/** A framework file is unreadable or invalid; the message starts with "file:line: ". */
export class FrameworkError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'FrameworkError';
  }
}

const SCHEMA_FILE = assetPath('rules', 'schema', 'framework.schema.json');

export function defaultFrameworkDir(): string {
  return assetPath('rules', 'frameworks');
}

/** Reads every *.yaml / *.yml in `dirs` (in name order); throws FrameworkError on the first problem. */
export function loadFrameworks(
  dirs: string[] = [defaultFrameworkDir()],
  parsed: ParsedFrameworks = parsedAtBuild(),
): Framework[] {
  const frameworks: Framework[] = [];
  const seen = new Map<string, string>();
  for (const dir of dirs) {
    for (const file of listYamlFiles(dir)) {
      const { framework, lineOf } = loadFile(file, parsed);
      const earlier = seen.get(framework.id);
      if (earlier !== undefined) {
        const message = `framework id '${framework.id}' is already defined in ${displayPath(earlier)}`;
        throw located(file, lineOf('/framework'), message);
      }
      seen.set(framework.id, file);
      frameworks.push(framework);
    }
  }
  return frameworks;
}

/** For each rule id, the controls (across all frameworks) that it evidences. */
export function controlsByRule(frameworks: Framework[]): Map<string, ControlRef[]> {
  const byRule = new Map<string, ControlRef[]>();
  for (const framework of frameworks) {
    for (const control of framework.controls) {
      for (const { rule } of control.rules) {
        const refs = byRule.get(rule) ?? [];
        refs.push({ framework: framework.id, control: control.id });
        byRule.set(rule, refs);
      }
    }
  }
  return byRule;
}

function listYamlFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new FrameworkError(`${displayPath(dir)}: cannot read framework folder (${(error as Error).message})`, dir);
  }
  return names
    .filter((name) => /\.ya?ml$/i.test(name))
    .sort()
    .map((name) => join(dir, name));
}

interface LoadedFile {
  framework: Framework;
  lineOf: (pointer: string) => number;
  /** The file's content as parsed. */
  data: unknown;
}

function loadFile(file: string, parsed: ParsedFrameworks): LoadedFile {
  const makeError = (message: string, path: string, line?: number) => new FrameworkError(message, path, line);
  let read: ReturnType<typeof readValidatedYaml> | undefined;
  // Line numbers come from the YAML itself: parsed only when a message needs one.
  const readYaml = () => (read ??= readValidatedYaml(file, frameworkValidator(), 'file', makeError));
  const known = parsed[contentKey(file)];
  const data = known ?? readYaml().data;
  const lineOf = (pointer: string) => readYaml().lineOf(pointer);
  const errorAt = (pointer: string, message: string) => readYaml().errorAt(pointer, message);
  const raw = data as RawFramework;
  checkUniqueControls(raw, errorAt);
  const framework: Framework = {
    id: raw.framework,
    name: raw.name,
    version: raw.version,
    file,
    controls: raw.controls,
  };
  if (raw.publisher !== undefined) framework.publisher = raw.publisher;
  return { framework, lineOf, data };
}

/** Validated framework files' content by contentKey. */
export type ParsedFrameworks = Record<string, unknown>;

/** The build's file of the shipped frameworks, parsed (see the top of this module). */
export const PARSED_FRAMEWORKS_FILE = 'shipped-frameworks.json';

/** SHA-256 of the schema and the file's text: a change to either means the file is parsed and checked anew. */
function contentKey(file: string): string {
  try {
    return createHash('sha256').update(readFileSync(SCHEMA_FILE)).update('\0').update(readFileSync(file)).digest('hex');
  } catch {
    return ''; // readValidatedYaml reports the file that cannot be read
  }
}

function parsedAtBuild(): ParsedFrameworks {
  const file = fileURLToPath(new URL(`./${PARSED_FRAMEWORKS_FILE}`, import.meta.url));
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ParsedFrameworks) : {};
}

/** The content of PARSED_FRAMEWORKS_FILE, for the build: every shipped framework file parsed and validated. */
export function parsedFrameworksJson(): string {
  const parsed: ParsedFrameworks = {};
  // Through every check a scan makes (schema, unique ids): a broken file fails the build.
  for (const file of listYamlFiles(defaultFrameworkDir())) parsed[contentKey(file)] = loadFile(file, {}).data;
  return `${JSON.stringify(parsed)}\n`;
}

interface RawFramework {
  framework: string;
  name: string;
  version: string;
  publisher?: string;
  controls: Control[];
}

function checkUniqueControls(raw: RawFramework, errorAt: (pointer: string, message: string) => Error): void {
  const controlIds = new Set<string>();
  raw.controls.forEach((control, index) => {
    if (controlIds.has(control.id)) {
      throw errorAt(`/controls/${index}/id`, `duplicate control id '${control.id}' in framework '${raw.framework}'`);
    }
    controlIds.add(control.id);
    const ruleIds = new Set<string>();
    control.rules.forEach((mapping, ruleIndex) => {
      if (ruleIds.has(mapping.rule)) {
        throw errorAt(
          `/controls/${index}/rules/${ruleIndex}/rule`,
          `rule '${mapping.rule}' is mapped twice to control '${control.id}'`,
        );
      }
      ruleIds.add(mapping.rule);
    });
  });
}

// Compiled on first use: compiling a schema costs startup time every command would pay.
let validateFramework: ValidateFunction | undefined;
const frameworkValidator = (): ValidateFunction =>
  (validateFramework ??= shippedSchemaAjv({ allErrors: false, strict: true }).compile(
    JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')),
  ));

function located(file: string, line: number, message: string): FrameworkError {
  return new FrameworkError(`${displayPath(file)}:${line}: ${message}`, file, line);
}
