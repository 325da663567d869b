// Loads the waiver file (.assay/waivers.yaml), validated against rules/schema/waivers.schema.json.
// People write it by hand and a wrong waiver changes what a report says, so every mistake stops
// the run with file:line and the schema path at fault.
import { readFileSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { LineCounter, parseDocument } from 'yaml';
import type { Waiver, WaiverSelector } from '../engine/types.ts';
import { lineOfPointer } from '../frameworks/yaml-location.ts';

/** Read when the user names no waiver file; its absence means "no waivers" (the caller checks). */
export const DEFAULT_WAIVER_FILE = '.assay/waivers.yaml';

/** The waiver file is unreadable or invalid; the message starts with "file:line: " when a line is known. */
export class WaiverFileError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'WaiverFileError';
  }
}

interface RawWaiver {
  id?: string;
  rule: string;
  selector: Omit<WaiverSelector, 'line'>;
  reason: string;
  ticket?: string;
  approver: string;
  expires: string;
}

const SCHEMA_URL = new URL('../../rules/schema/waivers.schema.json', import.meta.url);
const ajv = new Ajv2020({ allErrors: false, strict: true });
const validateWaiverFile = ajv.compile(JSON.parse(readFileSync(SCHEMA_URL, 'utf8')));

/** Reads and validates one waiver file; throws WaiverFileError on the first problem. */
export function loadWaiverFile(path: string): Waiver[] {
  const file = display(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new WaiverFileError(`${file}: cannot read waiver file (${(error as Error).message})`, file);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const parseError = doc.errors[0];
  if (parseError) {
    const line = lineCounter.linePos(parseError.pos[0]).line;
    throw located(file, line, `invalid YAML: ${parseError.message.split('\n')[0]}`);
  }
  const data: unknown = doc.toJS();
  if (!validateWaiverFile(data)) {
    const error = validateWaiverFile.errors?.[0] as ErrorObject;
    const pointer = pointerOf(error);
    const line = lineOfPointer(doc, lineCounter, pointer);
    throw located(file, line, `${pointer || '/'} ${describe(error)} (schema ${error.schemaPath})`);
  }
  const raws = (data as { waivers: RawWaiver[] }).waivers;
  const seen = new Set<string>();
  return raws.map((raw, index) => {
    const at = (field: string) => lineOfPointer(doc, lineCounter, `/waivers/${index}${field}`);
    if (!isCalendarDate(raw.expires)) {
      throw located(file, at('/expires'), `/waivers/${index}/expires ${raw.expires} is not a calendar date`);
    }
    // A default id can collide with an id written elsewhere in the file: both are reported the same way.
    const id = raw.id ?? `W${index + 1}`;
    if (seen.has(id)) {
      throw located(file, at(raw.id === undefined ? '' : '/id'), `/waivers/${index} duplicate waiver id '${id}'`);
    }
    seen.add(id);
    return toWaiver(raw, id, { kind: 'file', file, line: at('') });
  });
}

/** True for a YYYY-MM-DD string naming a day that exists (2026-02-30 does not). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function toWaiver(raw: RawWaiver, id: string, origin: Waiver['origin']): Waiver {
  const waiver: Waiver = {
    id,
    rule: raw.rule,
    selector: { ...raw.selector },
    reason: raw.reason,
    approver: raw.approver,
    expires: raw.expires,
    origin,
  };
  if (raw.ticket !== undefined) waiver.ticket = raw.ticket;
  return waiver;
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
    case 'additionalProperties':
      return 'is not an allowed property';
    case 'const':
      return `must be ${JSON.stringify(error.params.allowedValue)}`;
    default:
      return error.message ?? 'is invalid';
  }
}

function located(file: string, line: number, message: string): WaiverFileError {
  return new WaiverFileError(`${file}:${line}: ${message}`, file, line);
}

// Paths under the working directory are shown relative to it, as editors and CI annotations expect.
function display(path: string): string {
  const rel = relative(process.cwd(), path).split('\\').join('/');
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}
