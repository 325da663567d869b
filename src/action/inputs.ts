// The Action's inputs, read and checked before anything is scanned. The runner applies the
// defaults from action.yml, but a run outside a runner (tests, local-action) may leave any input
// empty, so every default is applied here too.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { SEVERITIES } from '../model/results.ts';
import { waiverFileFor } from '../pipeline/inputs.ts';
import type { FailOn } from '../pipeline/verdict.ts';
import { FORMAT_NAMES, type Format } from '../reports/registry.ts';

export type { FailOn };
export const FAIL_ON_VALUES: readonly FailOn[] = [...SEVERITIES, 'never'];

/** Formats that become files; the terminal table has no place in an Action. */
export const ACTION_FORMATS: readonly Format[] = FORMAT_NAMES.filter((name) => name !== 'table');
export const DEFAULT_FORMATS: readonly Format[] = ['sarif', 'markdown', 'html', 'json'];

export interface ActionInputs {
  paths: string[];
  /** Framework ids to keep; empty means all. */
  frameworks: string[];
  failOn: FailOn;
  /** Always includes sarif (for upload-sarif). */
  formats: Format[];
  outputDir: string;
  /** Absolute path of the waiver file, when one applies. */
  waivers?: string;
  policies: string[];
  changedOnly: Toggle;
  comment: Toggle;
  /** A scan that finds no resource to check passes instead of failing. */
  allowEmpty: boolean;
  /** Empty when none was given. Never print it. */
  token: string;
}

/** A true/false input and whether the user set it, so defaults can differ by event. */
export interface Toggle {
  value: boolean;
  explicit: boolean;
}

export class InputError extends Error {
  override name = 'InputError';
}

/** Newline- or comma-separated, trimmed, empties dropped. */
export function splitList(value: string): string[] {
  return value
    .split(/[\n,]/)
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

// The YAML 1.2 core schema booleans, as @actions/core's getBooleanInput accepts them.
const TRUE = new Set(['true', 'True', 'TRUE']);
const FALSE = new Set(['false', 'False', 'FALSE']);

function toggle(name: string, raw: string, fallback: boolean): Toggle {
  const value = raw.trim();
  if (value === '') return { value: fallback, explicit: false };
  if (TRUE.has(value)) return { value: true, explicit: true };
  if (FALSE.has(value)) return { value: false, explicit: true };
  throw new InputError(`input ${name}: unknown value '${value}'; use true or false`);
}

function failOn(raw: string): FailOn {
  const value = raw.trim().toLowerCase() || 'high';
  if (!FAIL_ON_VALUES.includes(value as FailOn)) {
    throw new InputError(`input fail-on: unknown value '${raw.trim()}'; use one of ${FAIL_ON_VALUES.join(', ')}`);
  }
  return value as FailOn;
}

function formats(raw: string): Format[] {
  const names = splitList(raw.toLowerCase());
  for (const name of names) {
    if (!ACTION_FORMATS.includes(name as Format)) {
      throw new InputError(`input formats: unknown format '${name}'; use any of ${ACTION_FORMATS.join(', ')}`);
    }
  }
  const chosen = names.length > 0 ? (names as Format[]) : [...DEFAULT_FORMATS];
  return [...new Set<Format>(['sarif', ...chosen])];
}

function waivers(raw: string, workspace: string): string | undefined {
  const given = raw.trim();
  const file = given === '' ? undefined : path.resolve(workspace, given);
  if (file && !existsSync(file)) throw new InputError(`input waivers: file '${given}' does not exist`);
  return waiverFileFor(file, workspace);
}

/**
 * Reads every input through `get` (core.getInput in the Action). `pullRequest` says whether the
 * event carries a pull request: it decides the defaults of changed-only and comment.
 */
export function readInputs(get: (name: string) => string, pullRequest: boolean, workspace: string): ActionInputs {
  const inputs: ActionInputs = {
    paths: splitList(get('paths')),
    frameworks: splitList(get('frameworks')),
    failOn: failOn(get('fail-on')),
    formats: formats(get('formats')),
    outputDir: get('output-dir').trim() || 'assay-results',
    policies: splitList(get('policies')),
    changedOnly: toggle('changed-only', get('changed-only'), pullRequest),
    comment: toggle('comment', get('comment'), pullRequest),
    allowEmpty: toggle('allow-empty', get('allow-empty'), false).value,
    token: get('github-token').trim(),
  };
  if (inputs.paths.length === 0) inputs.paths = ['.'];
  const waiverFile = waivers(get('waivers'), workspace);
  if (waiverFile) inputs.waivers = waiverFile;
  return inputs;
}
