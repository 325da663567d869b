// The collector contract: what every source of resources (IaC files, an AD domain, later AWS,
// Azure, hosts, firewalls) implements, and the context its caller hands in. A collector declares
// its options as data, so the CLI's `assay collect <id>`, the Action and an `audit` config are all
// generated from and validated by the same definition (src/collectors/registry.ts lists them).
//
// A collector never prints and never exits. It reads, and reports what it could not read as gaps;
// when it throws, the runner (./run.ts) records a failed source with the reason instead.

import type { Redactor } from '../kit/redaction.ts';
import type { Kind } from '../model/kinds.ts';
import type { Gap, GapReason, Resource, Source } from '../model/resource.ts';

/**
 * One option: a JSON Schema (validated with ajv) plus `x-` annotations that only the CLI
 * generator reads. The property name is the long CLI option name in kebab-case (`bind-dn`), and
 * the key of the same option in a source of an `audit` config (`{collector: ad, bind-dn: ...}`).
 */
export interface OptionSchema {
  type: 'string' | 'integer' | 'boolean' | 'array';
  /** One line for --help; for a secret, what it is ("the bind password"). */
  description: string;
  items?: { type: 'string'; minLength?: number };
  minItems?: number;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  enum?: readonly string[];
  default?: string | number | boolean;
  /** CLI: given as positional arguments (`<paths...>` for an array) instead of an option. */
  'x-positional'?: true;
  /** CLI: a one-letter alias (`-o`). */
  'x-short'?: string;
  /** CLI: the value's name in --help (`--bind-dn <dn>`); default: the option's name. */
  'x-value-name'?: string;
  /**
   * A secret: never a value on the command line or in a config. The caller names a file whose
   * first line holds it (`<name>-file`) or an environment variable (`<name>-env`); the collector
   * reads it with `context.secret(name)`, which also registers it for redaction.
   */
  'x-secret'?: true;
}

/** `--root DIR`, for collectors that read files: where the paths they record are relative to. */
export const ROOT_OPTION: OptionSchema = {
  type: 'string',
  minLength: 1,
  description: 'paths in the snapshot are relative to this folder',
  default: '.',
  'x-value-name': 'dir',
};

/** A collector's options: a JSON Schema object whose properties are the options above. */
export interface OptionsSchema {
  type: 'object';
  properties: Record<string, OptionSchema>;
  required?: readonly string[];
  additionalProperties: false;
}

/** Options after validation: kebab-case names to values (secrets are not among them). */
export type CollectorOptions = Record<string, unknown>;

/** Something worth showing during a long collection (the CLI prints it on stderr when asked). */
export interface ProgressEvent {
  /** The collector that reports it. */
  collector: string;
  /** One short sentence: "reading users", "1,000 users in 2 pages". */
  message: string;
  /** Steps done of a known total (regions, subscriptions): a terminal shows them as a bar. */
  step?: { done: number; total: number };
}

/** What the caller hands every collector. Built by `createContext` (./context.ts). */
export interface CollectContext {
  /** The clock: every time a collector records (start, end, ages in days) comes from here. */
  now(): Date;
  /** Aborted when the caller cancels: stop reading, return what was read (the runner adds a gap). */
  signal: AbortSignal;
  /** Progress of a long read; never required reading, so the CLI shows it only when asked. */
  progress(message: string, step?: ProgressEvent['step']): void;
  /** Something the user must see whatever the output settings (e.g. verification turned off). */
  warn(message: string): void;
  /**
   * The value of the secret option `name`, read from the file or environment variable the caller
   * named, and registered with the redactor. Throws (with a message naming the option) when none
   * or both were named, or the value cannot be read.
   */
  secret(name: string): string;
  /** Every secret resolved so far; collectors may add ones they meet (a token in a response). */
  redactor: Redactor;
  /** The folder relative paths in options are resolved against (CLI: the working directory). */
  root: string;
}

/**
 * What a collector returns. The runner files `gaps` into the source (after `status`), so a
 * collector states every gap once, and the snapshot records them with the source they belong to.
 */
export interface CollectorResult {
  source: Omit<Source, 'gaps'>;
  resources: Resource[];
  gaps: Gap[];
}

export interface Collector<O extends CollectorOptions = CollectorOptions> {
  /** `assay collect <id>`, `collector: <id>` in a config, and the sources' `collector`. */
  id: string;
  /** One line for `assay collect --help`. */
  description: string;
  /** The kinds of resource it can produce. */
  kinds: readonly Kind[];
  options: OptionsSchema;
  collect(options: O, context: CollectContext): Promise<CollectorResult>;
  /** What a failed source's `target` says when `collect` threw before naming one (default: the id). */
  target?(options: O): string;
  /**
   * The line the CLI prints after writing the snapshot (the gap lines follow). Default:
   * "wrote FILE: N resources from TARGET, G gaps".
   */
  summary?(result: CollectorResult, file: string): string;
}

/**
 * A collection that could not start or could not go on (bad credentials, an unreachable server),
 * with the gap reason it should be recorded under. Any other error is recorded as `other`.
 */
export class CollectorError extends Error {
  override name = 'CollectorError';
  constructor(
    readonly reason: GapReason,
    message: string,
  ) {
    super(message);
  }
}
