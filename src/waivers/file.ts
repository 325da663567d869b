// Loads the waiver file (.assay/waivers.yaml), validated against rules/schema/waivers.schema.json.
// People write it by hand and a wrong waiver changes what a report says, so every mistake stops
// the run with file:line and the schema path at fault.
import { readFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { assetPath } from '../assets.ts';
import type { Waiver, WaiverSelector } from '../model/results.ts';
import { shippedSchemaAjv } from '../util/shipped-schema.ts';
import { displayPath, readValidatedYaml } from '../util/validated-yaml.ts';

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

const SCHEMA_FILE = assetPath('rules', 'schema', 'waivers.schema.json');
// Compiled on first use: compiling a schema costs startup time every command would pay.
let validateWaiverFile: ValidateFunction | undefined;
const waiverFileValidator = (): ValidateFunction =>
  (validateWaiverFile ??= shippedSchemaAjv({ allErrors: false, strict: true }).compile(
    JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')),
  ));

/** Reads and validates one waiver file; throws WaiverFileError on the first problem. */
export function loadWaiverFile(path: string): Waiver[] {
  const makeError = (message: string, _path: string, line?: number) =>
    new WaiverFileError(message, displayPath(path), line);
  const { data, lineOf, errorAt } = readValidatedYaml(path, waiverFileValidator(), 'waiver file', makeError);
  const file = displayPath(path);
  const raws = (data as { waivers: RawWaiver[] }).waivers;
  const seen = new Set<string>();
  return raws.map((raw, index) => {
    const at = `/waivers/${index}`;
    if (!isCalendarDate(raw.expires)) {
      throw errorAt(`${at}/expires`, `${at}/expires ${raw.expires} is not a calendar date`);
    }
    // A default id can collide with an id written elsewhere in the file: both are reported the same way.
    const id = raw.id ?? `W${index + 1}`;
    if (seen.has(id)) throw errorAt(raw.id === undefined ? at : `${at}/id`, `${at} duplicate waiver id '${id}'`);
    seen.add(id);
    return toWaiver(raw, id, { kind: 'file', file, line: lineOf(at) });
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
