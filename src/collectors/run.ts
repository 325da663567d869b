// Running one collector: validate the options it was given against its definition, build its
// context, and turn whatever happens into a source. A collector that throws becomes a `failed`
// source whose gap carries the reason (never a crash); a cancelled one keeps what it read, with a
// gap saying it was cancelled.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import standalone from 'ajv/dist/standalone/index.js';
import { maskSecretsInProse, maskSecretValues } from '../kit/secrets.ts';
import type { Gap, Resource, Source } from '../model/resource.ts';
import { sha256 } from '../model/snapshot.ts';
import { shippedSchemaAjv } from '../util/shipped-schema.ts';
import { type ContextSettings, createContext, secretOptionNames } from './context.ts';
import {
  type Collector,
  CollectorError,
  type CollectorOptions,
  type CollectorResult,
  type OptionSchema,
  type OptionsSchema,
} from './contract.ts';

/** One collector run, ready to go into a snapshot. */
export interface Collected {
  source: Source;
  resources: Resource[];
  /** Set when the collector threw: nothing was read, and the source's one gap says why. */
  failure?: string;
}

/** The options given do not match the collector's definition (a usage error: nothing was collected). */
export class OptionsError extends Error {
  override name = 'OptionsError';
}

const ANNOTATIONS = ['x-positional', 'x-short', 'x-value-name', 'x-secret'];

/**
 * The schema the options are given against: each secret option `name` becomes `name-file` and
 * `name-env` (which of them is given is checked when the secret is read, with a message that says
 * so), and the rest stays as declared.
 */
export function inputSchema(options: OptionsSchema): OptionsSchema {
  const properties: Record<string, OptionSchema> = {};
  for (const [name, schema] of Object.entries(options.properties)) {
    if (!schema['x-secret']) {
      properties[name] = schema;
      continue;
    }
    const names = secretOptionNames(name);
    properties[names.file] = {
      type: 'string',
      minLength: 1,
      description: `file whose first line is ${schema.description}`,
    };
    properties[names.env] = {
      type: 'string',
      minLength: 1,
      description: `environment variable holding ${schema.description}`,
    };
  }
  const required = (options.required ?? []).filter((name) => !options.properties[name]?.['x-secret']);
  return { ...options, properties, required };
}

/**
 * The build's compiled option validators (CommonJS, so they load synchronously), beside this module:
 * compiling one collector's options with Ajv cost 15-50 ms at every scan.
 */
export const PRECOMPILED_OPTIONS_FILE = 'option-validators.cjs';

function optionsAjv(source: boolean) {
  const ajv = shippedSchemaAjv({ allErrors: false, strict: true, useDefaults: true, code: { source } });
  ajv.addVocabulary(ANNOTATIONS);
  return ajv;
}

/** A collector's id and its options schema's hash: a changed definition never meets an old validator. */
function validatorKey(collector: Collector): string {
  return `${collector.id}:${sha256(JSON.stringify(inputSchema(collector.options)))}`;
}

let precompiled: Record<string, ValidateFunction> | null | undefined;

function precompiledValidator(collector: Collector): ValidateFunction | undefined {
  if (precompiled === undefined) {
    const file = fileURLToPath(new URL(`./${PRECOMPILED_OPTIONS_FILE}`, import.meta.url));
    precompiled = existsSync(file) ? createRequire(import.meta.url)(file) : null;
  }
  return precompiled?.[validatorKey(collector)];
}

/** A collector's option validator compiled now (what the precompiled one must equal). */
export function compileOptionValidator(collector: Collector): ValidateFunction {
  return optionsAjv(false).compile(inputSchema(collector.options));
}

const validators = new WeakMap<Collector, ValidateFunction>();

function validatorOf(collector: Collector): ValidateFunction {
  let validate = validators.get(collector);
  if (!validate) {
    validate = precompiledValidator(collector) ?? compileOptionValidator(collector);
    validators.set(collector, validate);
  }
  return validate;
}

/** The source of a CommonJS module exporting every collector's option validator, for the build to write. */
export function optionValidatorsModuleCode(collectors: readonly Collector[]): string {
  const ajv = optionsAjv(true);
  const refs: Record<string, string> = {};
  for (const collector of collectors) {
    const key = validatorKey(collector);
    ajv.addSchema(inputSchema(collector.options), key);
    refs[key] = key;
  }
  // A CommonJS module seen from ESM: its exports object, whose `default` is the function.
  return standalone.default(ajv, refs);
}

function describe(error: ErrorObject): string {
  const option = error.instancePath.split('/')[1];
  if (error.keyword === 'additionalProperties') {
    return `unknown option '${(error.params as { additionalProperty: string }).additionalProperty}'`;
  }
  if (error.keyword === 'required')
    return `option '${(error.params as { missingProperty: string }).missingProperty}' is required`;
  return `option '${option ?? ''}' ${error.message ?? 'is invalid'}`;
}

/** The options with defaults filled in; throws OptionsError naming the first problem. */
export function checkOptions(collector: Collector, given: CollectorOptions): CollectorOptions {
  const options = structuredClone(given);
  const validate = validatorOf(collector);
  if (!validate(options)) {
    throw new OptionsError(`collector ${collector.id}: ${describe(validate.errors![0]!)}`);
  }
  return options;
}

/** Files the gaps into the source right after `status`, where snapshots have always had them. */
function withGaps(source: Omit<Source, 'gaps'>, gaps: Gap[]): Source {
  const entries: [string, unknown][] = Object.entries(source);
  const at = entries.findIndex(([key]) => key === 'status') + 1;
  entries.splice(at > 0 ? at : entries.length, 0, ['gaps', gaps]);
  return Object.fromEntries(entries) as unknown as Source;
}

function cancelledGap(collector: Collector): Gap {
  return {
    reason: 'other',
    message: `the ${collector.id} collection was cancelled before it finished: what was read up to then is kept, the rest was not read`,
  };
}

/**
 * What every collector writes besides `raw` (which each format masks with what it knows), with
 * detected secrets masked where they stand: tags, names and gap messages. The run's redactor then
 * replaces the distinctive clear values anywhere; this catches the weak ones it leaves alone.
 */
function masked(result: CollectorResult): CollectorResult {
  const resources = result.resources.map((resource) => ({
    ...resource,
    name: maskSecretsInProse(resource.name),
    ...(resource.tags && { tags: maskSecretValues(resource.tags) }),
  }));
  const gaps = result.gaps.map((gap) => ({ ...gap, message: maskSecretsInProse(gap.message) }));
  return { ...result, resources, gaps };
}

/**
 * Validates the options (OptionsError when they are wrong), runs the collector with its context
 * and returns its source. Never throws for a failure of the collection itself.
 */
export async function runCollector(
  collector: Collector,
  given: CollectorOptions,
  settings: ContextSettings = {},
): Promise<Collected> {
  const options = checkOptions(collector, given);
  const context = createContext(collector, options, settings);
  const passed = Object.fromEntries(
    Object.entries(options).filter(([name]) => collector.options.properties[name] !== undefined),
  );
  const startedAt = context.now();
  const failed = (reason: Gap['reason'], message: string): Collected => {
    const text = context.redactor.redact(message);
    const source: Source = {
      id: collector.id,
      collector: collector.id,
      target: context.redactor.redact(collector.target?.(passed) ?? collector.id),
      startedAt: startedAt.toISOString(),
      finishedAt: context.now().toISOString(),
      status: 'failed',
      gaps: [{ reason, message: text }],
    };
    return { source, resources: [], failure: text };
  };
  if (context.signal.aborted) return failed('other', cancelledGap(collector).message);
  let result: CollectorResult;
  try {
    result = masked(await collector.collect(passed, context));
  } catch (error) {
    const reason = error instanceof CollectorError ? error.reason : 'other';
    return failed(reason, error instanceof Error ? error.message : String(error));
  }
  const gaps = [...result.gaps];
  let status = result.source.status;
  if (context.signal.aborted) {
    gaps.push(cancelledGap(collector));
    if (status === 'ok') status = 'partial';
  }
  return { source: withGaps({ ...result.source, status }, gaps), resources: result.resources };
}
