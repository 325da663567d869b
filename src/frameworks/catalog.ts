// Loads the framework control mappings (rules/frameworks/*.yaml), validated against
// rules/schema/framework.schema.json. Mistakes in these files are reported with file:line
// because people edit them by hand.
import { readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { type Document, LineCounter, parseDocument } from 'yaml';
import { lineOfPointer } from './yaml-location.ts';

export type Automation = 'automated' | 'partial' | 'manual';

export interface RuleMapping {
  rule: string;
  /** Why the rule evidences the control, in one line. */
  reason: string;
}

export interface Control {
  id: string;
  title: string;
  section: string;
  automation: Automation;
  rules: RuleMapping[];
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

export interface ControlRef {
  framework: string;
  control: string;
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

const SCHEMA_URL = new URL('../../rules/schema/framework.schema.json', import.meta.url);

export function defaultFrameworkDir(): string {
  return fileURLToPath(new URL('../../rules/frameworks', import.meta.url));
}

/** Reads every *.yaml / *.yml in `dirs` (in name order); throws FrameworkError on the first problem. */
export function loadFrameworks(dirs: string[] = [defaultFrameworkDir()]): Framework[] {
  const frameworks: Framework[] = [];
  const seen = new Map<string, string>();
  for (const dir of dirs) {
    for (const file of listYamlFiles(dir)) {
      const { framework, doc, lineCounter } = loadFile(file);
      const earlier = seen.get(framework.id);
      if (earlier !== undefined) {
        const line = lineOfPointer(doc, lineCounter, '/framework');
        throw located(file, line, `framework id '${framework.id}' is already defined in ${display(earlier)}`);
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
    throw new FrameworkError(`${display(dir)}: cannot read framework folder (${(error as Error).message})`, dir);
  }
  return names
    .filter((name) => /\.ya?ml$/i.test(name))
    .sort()
    .map((name) => join(dir, name));
}

interface LoadedFile {
  framework: Framework;
  doc: Document;
  lineCounter: LineCounter;
}

function loadFile(file: string): LoadedFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new FrameworkError(`${display(file)}: cannot read file (${(error as Error).message})`, file);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const parseError = doc.errors[0];
  if (parseError) {
    const line = lineCounter.linePos(parseError.pos[0]).line;
    throw located(file, line, `invalid YAML: ${firstLine(parseError.message)}`);
  }
  const data: unknown = doc.toJS();
  if (!validateFramework(data)) {
    const error = pickError(validateFramework.errors ?? []);
    const pointer = pointerOf(error);
    const line = lineOfPointer(doc, lineCounter, pointer);
    throw located(file, line, `${pointer || '/'} ${describe(error)} (schema ${error.schemaPath})`);
  }
  const raw = data as RawFramework;
  checkUniqueControls(raw, file, doc, lineCounter);
  const framework: Framework = {
    id: raw.framework,
    name: raw.name,
    version: raw.version,
    file,
    controls: raw.controls,
  };
  if (raw.publisher !== undefined) framework.publisher = raw.publisher;
  return { framework, doc, lineCounter };
}

interface RawFramework {
  framework: string;
  name: string;
  version: string;
  publisher?: string;
  controls: Control[];
}

function checkUniqueControls(raw: RawFramework, file: string, doc: Document, lineCounter: LineCounter): void {
  const controlIds = new Set<string>();
  raw.controls.forEach((control, index) => {
    if (controlIds.has(control.id)) {
      const line = lineOfPointer(doc, lineCounter, `/controls/${index}/id`);
      throw located(file, line, `duplicate control id '${control.id}' in framework '${raw.framework}'`);
    }
    controlIds.add(control.id);
    const ruleIds = new Set<string>();
    control.rules.forEach((mapping, ruleIndex) => {
      if (ruleIds.has(mapping.rule)) {
        const line = lineOfPointer(doc, lineCounter, `/controls/${index}/rules/${ruleIndex}/rule`);
        throw located(file, line, `rule '${mapping.rule}' is mapped twice to control '${control.id}'`);
      }
      ruleIds.add(mapping.rule);
    });
  });
}

const ajv = new Ajv2020({ allErrors: false, strict: true });
const validateFramework = ajv.compile(JSON.parse(readFileSync(SCHEMA_URL, 'utf8')));

// The if/then wrappers only say "the then-branch failed"; the error inside it is the useful one.
function pickError(errors: ErrorObject[]): ErrorObject {
  const useful = errors.find((error) => error.keyword !== 'if');
  return useful ?? (errors[0] as ErrorObject);
}

function pointerOf(error: ErrorObject): string {
  if (error.keyword === 'additionalProperties') {
    const extra = String(error.params.additionalProperty).replace(/~/g, '~0').replace(/\//g, '~1');
    return `${error.instancePath}/${extra}`;
  }
  return error.instancePath;
}

function describe(error: ErrorObject): string {
  switch (error.keyword) {
    case 'enum':
      return `must be one of ${(error.params.allowedValues as unknown[]).join(', ')}`;
    case 'additionalProperties':
      return 'is not an allowed property';
    default:
      return error.message ?? 'is invalid';
  }
}

function located(file: string, line: number, message: string): FrameworkError {
  return new FrameworkError(`${display(file)}:${line}: ${message}`, file, line);
}

// Paths under the working directory are shown relative to it, as editors and CI annotations expect.
function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
