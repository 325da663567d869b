// The audit configuration (assay.yaml): read, validated against rules/schema/audit.schema.json
// and each source against its collector's own options, every mistake reported as
// "file:line: /pointer what is wrong (schema path)". Paths in it are relative to its folder.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { assetPath } from '../assets.ts';
import { secretOptionNames } from '../collectors/context.ts';
import type { CollectorOptions } from '../collectors/contract.ts';
import { COLLECTORS, findCollector } from '../collectors/registry.ts';
import { checkOptions, OptionsError } from '../collectors/run.ts';
import { sha256 } from '../model/snapshot.ts';
import { FILE_FORMATS, FORMAT_NAMES, type Format } from '../reports/registry.ts';
import { displayPath, readValidatedYaml } from '../util/validated-yaml.ts';
import type { FailOn } from './verdict.ts';

export const DEFAULT_STORE = 'assay-history.db';
export const DEFAULT_OUTPUT_DIR = 'evidence';

export interface AuditSource {
  /** Unique in the config: the snapshot's file name and what the shard split hashes. */
  name: string;
  collector: string;
  /** The collector's options as given (secrets by reference), not yet defaulted. */
  options: CollectorOptions;
}

export interface AuditConfig {
  file: string;
  dir: string;
  /** SHA-256 of the config file's bytes: runs from the same config share a lane. */
  sha256: string;
  /** The store location as written, or read from store-env / store-file. */
  store: string;
  outputDir: string;
  formats: Format[];
  frameworks: string[];
  frameworksDir: string[];
  waivers?: string;
  policies: string[];
  bundle?: string;
  failOn: FailOn;
  concurrency: number;
  reportUrl?: string;
  sources: AuditSource[];
}

export class AuditConfigError extends Error {
  override name = 'AuditConfigError';
}

let validator: ValidateFunction | undefined;

/** The schema, with the collector ids and format names of this build filled in. */
function validate(): ValidateFunction {
  if (validator) return validator;
  const schema = JSON.parse(readFileSync(assetPath('rules', 'schema', 'audit.schema.json'), 'utf8'));
  schema.properties.sources.items.properties.collector.enum = COLLECTORS.map((c) => c.id);
  schema.properties.formats.items.enum = FORMAT_NAMES;
  validator = new Ajv2020({ allErrors: false, strict: true }).compile(schema);
  return validator;
}

type Raw = Record<string, unknown> & { sources: (Record<string, unknown> & { collector: string; name?: string })[] };

export function loadAuditConfig(file: string, env: NodeJS.ProcessEnv = process.env): AuditConfig {
  const makeError = (message: string) => new AuditConfigError(message);
  const { data, errorAt } = readValidatedYaml(file, validate(), 'audit configuration', makeError);
  const raw = data as Raw;
  const dir = path.dirname(path.resolve(file));
  const at = (p: string) => path.resolve(dir, p);
  const sources = raw.sources.map((given, index) => checkSource(given, index, errorAt));
  const names = new Set<string>();
  sources.forEach((source, index) => {
    if (names.has(source.name))
      throw errorAt(
        `/sources/${index}`,
        `/sources/${index} a second source named '${source.name}': names must be unique`,
      );
    names.add(source.name);
  });
  return {
    file: path.resolve(file),
    dir,
    sha256: sha256(readFileSync(file)),
    store: storeLocation(raw, dir, env, errorAt),
    outputDir: at((raw['output-dir'] as string | undefined) ?? DEFAULT_OUTPUT_DIR),
    formats: (raw.formats as Format[] | undefined) ?? FILE_FORMATS,
    frameworks: (raw.frameworks as string[] | undefined) ?? [],
    frameworksDir: ((raw['frameworks-dir'] as string[] | undefined) ?? []).map(at),
    ...(raw.waivers !== undefined && { waivers: at(raw.waivers as string) }),
    policies: ((raw.policies as string[] | undefined) ?? []).map(at),
    ...(raw.bundle !== undefined && { bundle: at(raw.bundle as string) }),
    failOn: (raw['fail-on'] as FailOn | undefined) ?? 'info',
    concurrency: (raw.concurrency as number | undefined) ?? 4,
    ...(raw['report-url'] !== undefined && { reportUrl: raw['report-url'] as string }),
    sources,
  };
}

function checkSource(
  given: Record<string, unknown> & { collector: string; name?: string },
  index: number,
  errorAt: (pointer: string, message: string) => Error,
): AuditSource {
  const pointer = `/sources/${index}`;
  const { collector: id, name, ...options } = given;
  const collector = findCollector(id)!;
  for (const [option, schema] of Object.entries(collector.options.properties)) {
    if (schema['x-secret'] && option in options) {
      const names = secretOptionNames(option);
      throw errorAt(
        `${pointer}/${option}`,
        `${pointer}/${option} is a secret: never write it in the config; name where it is with ${names.env}: VARIABLE or ${names.file}: path`,
      );
    }
  }
  try {
    checkOptions(collector, options);
  } catch (error) {
    if (!(error instanceof OptionsError)) throw error;
    const option = /option '([^']+)'/.exec(error.message)?.[1];
    const where = option !== undefined && option in options ? `${pointer}/${option}` : pointer;
    throw errorAt(
      where,
      `${where} ${error.message} (schema: the ${id} collector's options, assay collect ${id} --help)`,
    );
  }
  return { name: name ?? `${id}-${index + 1}`, collector: id, options };
}

function storeLocation(
  raw: Raw,
  dir: string,
  env: NodeJS.ProcessEnv,
  errorAt: (pointer: string, message: string) => Error,
): string {
  const given = ['store', 'store-env', 'store-file'].filter((key) => raw[key] !== undefined);
  if (given.length > 1) throw errorAt(`/${given[1]}`, `/${given[1]}: give only one of ${given.join(', ')}`);
  if (raw['store-env'] !== undefined) {
    const value = env[raw['store-env'] as string];
    if (!value) throw errorAt('/store-env', `/store-env: environment variable ${raw['store-env']} is not set or empty`);
    return value;
  }
  if (raw['store-file'] !== undefined) {
    const file = path.resolve(dir, raw['store-file'] as string);
    let value: string;
    try {
      value = readFileSync(file, 'utf8').split(/\r?\n/)[0]!;
    } catch (error) {
      throw errorAt(
        '/store-file',
        `/store-file: cannot read ${displayPath(file)} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
    if (!value) throw errorAt('/store-file', `/store-file: ${displayPath(file)} is empty`);
    return value;
  }
  const store = (raw.store as string | undefined) ?? DEFAULT_STORE;
  if (/^postgres(ql)?:\/\//i.test(store)) {
    if (/^[a-z]+:\/\/[^/@]*:[^/@]*@/i.test(store)) {
      throw errorAt(
        '/store',
        '/store holds a password: never write it in the config; use PGPASSWORD, or store-env: VARIABLE holding the URL',
      );
    }
    return store;
  }
  return path.resolve(dir, store);
}
