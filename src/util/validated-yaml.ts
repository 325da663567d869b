// Reading a hand-edited YAML file that a JSON Schema governs (frameworks, waivers): every mistake
// becomes one message "file:line: /pointer what is wrong (schema #/path)", because the people who
// edit these files need to find the line, and the run must stop before it reports anything.
import { readFileSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { type Document, LineCounter, parseDocument } from 'yaml';
import { lineOfPointer } from './yaml-location.ts';

export type LocatedErrorFactory = (message: string, file: string, line?: number) => Error;

export interface ValidatedYaml {
  data: unknown;
  /** The line (1-based) of the node at a JSON pointer into `data`. */
  lineOf: (pointer: string) => number;
  /** Builds the caller's error for a problem at a pointer, with file:line in front. */
  errorAt: (pointer: string, message: string) => Error;
}

/** Reads, parses and validates; throws `makeError("file:line: ...")` on the first problem. */
export function readValidatedYaml(
  path: string,
  validate: ValidateFunction,
  what: string,
  makeError: LocatedErrorFactory,
): ValidatedYaml {
  const file = displayPath(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw makeError(`${file}: cannot read ${what} (${(error as Error).message})`, path);
  }
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineOf = (pointer: string) => lineOfPointer(doc, lineCounter, pointer);
  const errorAt = (pointer: string, message: string) => {
    const line = lineOf(pointer);
    return makeError(`${file}:${line}: ${message}`, path, line);
  };
  const parseError = doc.errors[0];
  if (parseError) {
    const line = lineCounter.linePos(parseError.pos[0]).line;
    throw makeError(`${file}:${line}: invalid YAML: ${parseError.message.split('\n')[0]}`, path, line);
  }
  const data: unknown = doc.toJS();
  if (!validate(data)) {
    const error = pickError(validate.errors ?? []);
    const pointer = pointerOf(error);
    throw errorAt(pointer, `${pointer || '/'} ${describe(error)} (schema ${error.schemaPath})`);
  }
  return { data, lineOf, errorAt };
}

// The if/then wrappers only say "the then-branch failed"; the error inside it is the useful one.
function pickError(errors: ErrorObject[]): ErrorObject {
  return errors.find((error) => error.keyword !== 'if') ?? (errors[0] as ErrorObject);
}

// additionalProperties errors point at the object; the offending key's own line is more useful.
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
    case 'const':
      return `must be ${JSON.stringify(error.params.allowedValue)}`;
    case 'additionalProperties':
      return 'is not an allowed property';
    default:
      return error.message ?? 'is invalid';
  }
}

/** Paths under the working directory are shown relative to it, as editors and CI annotations expect. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path).split('\\').join('/');
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}
