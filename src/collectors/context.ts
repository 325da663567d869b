// The context a caller (the CLI, the Action, later `audit`) hands a collector: clock, abort
// signal, progress and warnings, secrets from files or environment variables, redaction, root.
import { readFileSync } from 'node:fs';
import { Redactor } from '../kit/redaction.ts';
import type { CollectContext, Collector, CollectorOptions, ProgressEvent } from './contract.ts';

/** What the caller decides; every field has a default that suits a library call. */
export interface ContextSettings {
  now?: () => Date;
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  onWarning?: (message: string) => void;
  /** Shared by every collection of a run, so all output of the run can be redacted with it. */
  redactor?: Redactor;
  /** Default: the working directory. */
  root?: string;
  env?: NodeJS.ProcessEnv;
  /** How options are named in messages: `--password-file` on the command line (default), `password-file` in a config. */
  optionLabel?: (name: string) => string;
}

/** A secret option was named wrongly or its value cannot be read; the message names the option, never the value. */
export class SecretError extends Error {
  override name = 'SecretError';
}

/** Where a secret comes from: a file (its first line) or an environment variable. */
export interface SecretSource {
  file?: string;
  env?: string;
}

export const cliOptionLabel = (name: string): string => `--${name}`;

/** The option names a secret option `name` is given under. */
export function secretOptionNames(name: string): { file: string; env: string } {
  return { file: `${name}-file`, env: `${name}-env` };
}

/**
 * Reads a secret from the file's first line or the environment variable. `what` says what it is
 * ("the bind password"); `label` names options as the caller's user knows them.
 */
export function readSecret(
  name: string,
  what: string,
  given: SecretSource,
  env: NodeJS.ProcessEnv = process.env,
  label: (name: string) => string = cliOptionLabel,
): string {
  const names = secretOptionNames(name);
  const fileOption = label(names.file);
  const envOption = label(names.env);
  if (given.file && given.env) throw new SecretError(`use either ${fileOption} or ${envOption}, not both`);
  if (given.file) {
    let content: string;
    try {
      content = readFileSync(given.file, 'utf8');
    } catch (error) {
      throw new SecretError(
        `cannot read ${fileOption} ${given.file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
      );
    }
    // Only the line break an editor or `echo` adds is dropped; other whitespace may be part of it.
    // The first line, as --help says: a secret has no line break, a second line is not part of it.
    const value = content.split(/\r?\n/)[0]!;
    if (value.length === 0) throw new SecretError(`${fileOption} ${given.file} is empty`);
    return value;
  }
  if (given.env) {
    const value = env[given.env];
    if (!value) throw new SecretError(`environment variable ${given.env} is not set or empty`);
    return value;
  }
  throw new SecretError(`${what} is needed: give ${fileOption} FILE or ${envOption} VAR`);
}

/**
 * The context for one collection. `input` holds the options as given (with the secrets' `-file`
 * and `-env` names), from which `secret(name)` reads; every secret read is added to the redactor,
 * and so is the password of any URL among the options.
 */
export function createContext(
  collector: Collector,
  input: CollectorOptions,
  settings: ContextSettings = {},
): CollectContext {
  const redactor = settings.redactor ?? new Redactor();
  for (const value of Object.values(input).flat()) if (typeof value === 'string') redactor.addUrlCredentials(value);
  const now = settings.now ?? (() => new Date());
  return {
    now,
    signal: settings.signal ?? new AbortController().signal,
    progress: (message, step) =>
      settings.onProgress?.({ collector: collector.id, message: redactor.redact(message), ...(step ? { step } : {}) }),
    warn: (message) => settings.onWarning?.(redactor.redact(message)),
    secret: (name) => {
      const schema = collector.options.properties[name];
      if (!schema?.['x-secret']) throw new Error(`collector ${collector.id} has no secret option '${name}'`);
      const names = secretOptionNames(name);
      const source = { file: input[names.file], env: input[names.env] } as SecretSource;
      const value = readSecret(name, schema.description, source, settings.env, settings.optionLabel);
      redactor.add(value);
      return value;
    },
    redactor,
    root: settings.root ?? process.cwd(),
  };
}
