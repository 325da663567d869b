// The evidence manifest: every artifact a run wrote (snapshots, results, reports) with its
// SHA-256, so an auditor can tell later whether any of them changed, and every input that set the
// run's criteria (framework files, waiver file, custom policies, snapshots) with the SHA-256 of what
// the run read. Signing lives in signing.ts, trusted time in timestamp.ts.
import { createHash } from 'node:crypto';
import { closeSync, lstatSync, openSync, readFileSync, readSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.sig';
/** The RFC 3161 time-stamp response over manifest.json (DER), when one was asked for. */
export const TIMESTAMP_FILE = 'manifest.tsr';
/** The TSA certificates given when stamping (PEM), kept so `verify` can check the chain later. */
export const TSA_CERTS_FILE = 'tsa-certs.pem';
/** Files beside the artifacts that describe the manifest itself; never listed in it. */
export const MANIFEST_COMPANIONS = [MANIFEST_FILE, SIGNATURE_FILE, TIMESTAMP_FILE, TSA_CERTS_FILE];
export const MANIFEST_SCHEMA = 'assay.manifest/v1';

export const ARTIFACT_ROLES = ['snapshot', 'results', 'report'] as const;
export type ArtifactRole = (typeof ARTIFACT_ROLES)[number];

export interface ArtifactInput {
  /** Relative to the evidence folder, with forward slashes. */
  path: string;
  role: ArtifactRole;
}

export interface ManifestArtifact extends ArtifactInput {
  sha256: string;
  bytes: number;
}

export const INPUT_ROLES = ['snapshot', 'framework', 'waivers', 'policies'] as const;
export type InputRole = (typeof INPUT_ROLES)[number];

/** An input the run read, which may live outside the folder: its path as the run saw it, and its hash. */
export interface ManifestInput {
  role: InputRole;
  /** Relative to the working directory of the run when it was under it, else absolute; `(scan)` for a snapshot collected in the run. */
  path: string;
  /** For a file, SHA-256 of its bytes; for a policy folder, assay's hash over its Rego files (names and contents). */
  sha256: string;
}

export interface Manifest {
  schema: typeof MANIFEST_SCHEMA;
  tool: { name: 'assay'; version: string };
  bundleSha256: string;
  createdAt: string;
  /** The run that wrote the folder (results.json → run.id). */
  runId?: string;
  artifacts: ManifestArtifact[];
  /** What set the criteria and what was evaluated; absent in manifests written before inputs were listed. */
  inputs?: ManifestInput[];
  /**
   * Set by `assay sign` before it signs: the key that signed this manifest. A folder whose
   * manifest.sig is then removed or swapped for another signer's fails `verify` even without a key.
   */
  signedBy?: { keyId: string };
}

export interface BuildManifestInput {
  dir: string;
  artifacts: ArtifactInput[];
  inputs?: ManifestInput[];
  runId?: string;
  toolVersion: string;
  bundleSha256: string;
  createdAt: string;
}

/** An evidence folder, manifest or artifact cannot be used; the message names the file. */
export class EvidenceError extends Error {
  override name = 'EvidenceError';
}

/** Hashes every artifact; throws EvidenceError for unsafe paths, duplicates and unreadable files. */
export function buildManifest(input: BuildManifestInput): Manifest {
  const seen = new Set<string>();
  const artifacts = input.artifacts.map(({ path: rel, role }) => {
    const problem = artifactPathProblem(rel);
    if (problem) throw new EvidenceError(`artifact path '${rel}' ${problem}`);
    if (seen.has(rel)) throw new EvidenceError(`artifact '${rel}' is listed twice`);
    seen.add(rel);
    if (!ARTIFACT_ROLES.includes(role)) throw new EvidenceError(`artifact '${rel}' has an unknown role '${role}'`);
    // Hashed chunk by chunk: a large run's findings.csv passes 1 GB, and held whole it set the run's peak memory.
    const read = hashArtifact(input.dir, rel);
    if (read.state !== 'ok') throw new EvidenceError(`artifact '${rel}': ${read.message}`);
    return { path: rel, role, sha256: read.sha256, bytes: read.bytes };
  });
  artifacts.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const manifest: Manifest = {
    schema: MANIFEST_SCHEMA,
    tool: { name: 'assay', version: input.toolVersion },
    bundleSha256: input.bundleSha256,
    createdAt: input.createdAt,
    ...(input.runId !== undefined && { runId: input.runId }),
    artifacts,
    ...(input.inputs !== undefined && {
      inputs: [...input.inputs].sort((a, b) =>
        a.role !== b.role ? INPUT_ROLES.indexOf(a.role) - INPUT_ROLES.indexOf(b.role) : a.path < b.path ? -1 : 1,
      ),
    }),
  };
  // Never write a manifest that `verify` would refuse to read.
  parseManifest(serializeManifest(manifest), '(new manifest)');
  return manifest;
}

/** Stable text: keys in a fixed order (the order `buildManifest` builds them), one trailing newline. */
export function serializeManifest(manifest: Manifest): string {
  const ordered: Manifest = {
    schema: manifest.schema,
    tool: { name: manifest.tool.name, version: manifest.tool.version },
    bundleSha256: manifest.bundleSha256,
    createdAt: manifest.createdAt,
    ...(manifest.runId !== undefined && { runId: manifest.runId }),
    artifacts: manifest.artifacts.map((a) => ({ path: a.path, role: a.role, sha256: a.sha256, bytes: a.bytes })),
    ...(manifest.inputs && {
      inputs: manifest.inputs.map((i) => ({ role: i.role, path: i.path, sha256: i.sha256 })),
    }),
    ...(manifest.signedBy && { signedBy: { keyId: manifest.signedBy.keyId } }),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/** Parses and validates manifest text; a manifest is untrusted input when verifying. */
export function parseManifest(text: string, file: string = MANIFEST_FILE): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new EvidenceError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const validate = manifestValidator();
  if (!validate(value)) {
    const error = validate.errors?.[0];
    throw new EvidenceError(
      `${file}: not a valid assay manifest (${error?.instancePath || '/'} ${error?.message ?? 'is invalid'})`,
    );
  }
  const manifest = value;
  const seen = new Set<string>();
  for (const artifact of manifest.artifacts) {
    const problem = artifactPathProblem(artifact.path);
    if (problem) throw new EvidenceError(`${file}: artifact path '${artifact.path}' ${problem}`);
    if (seen.has(artifact.path)) throw new EvidenceError(`${file}: artifact '${artifact.path}' is listed twice`);
    seen.add(artifact.path);
  }
  return manifest;
}

/** Why a manifest path is unsafe or ambiguous, or undefined when it is fine. */
export function artifactPathProblem(rel: string): string | undefined {
  if (rel === '') return 'is empty';
  if (rel.includes('\\')) return 'must use forward slashes';
  if (rel.startsWith('/') || /^[A-Za-z]:/.test(rel) || path.isAbsolute(rel)) return 'must be relative to the folder';
  const segments = rel.split('/');
  if (segments.includes('..')) return "must not leave the folder ('..')";
  if (segments.some((s) => s === '' || s === '.')) return "must not contain empty or '.' segments";
  if (MANIFEST_COMPANIONS.includes(rel)) return 'is reserved for the manifest, its signature and time-stamp';
  return undefined;
}

export type ArtifactRead =
  | { state: 'ok'; bytes: Buffer }
  | { state: 'missing'; message: string }
  | { state: 'unreadable'; message: string };

/**
 * Reads one artifact of `dir`. Only regular files that really live inside the folder count:
 * a symbolic link could make the manifest vouch for a file somewhere else.
 */
export function readArtifact(dir: string, rel: string): ArtifactRead {
  return withArtifact(dir, rel, (file) => ({ state: 'ok', bytes: readFileSync(file) }));
}

/** The SHA-256 and size of one artifact of `dir` (as readArtifact checks it), read in chunks. */
function hashArtifact(
  dir: string,
  rel: string,
): { state: 'ok'; sha256: string; bytes: number } | Exclude<ArtifactRead, { state: 'ok' }> {
  return withArtifact(dir, rel, (file) => {
    const hash = createHash('sha256');
    const chunk = Buffer.alloc(1 << 20);
    const fd = openSync(file, 'r');
    let size = 0;
    try {
      for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) {
        hash.update(chunk.subarray(0, n));
        size += n;
      }
    } finally {
      closeSync(fd);
    }
    return { state: 'ok', sha256: hash.digest('hex'), bytes: size };
  });
}

function withArtifact<T>(
  dir: string,
  rel: string,
  read: (file: string) => T,
): T | Exclude<ArtifactRead, { state: 'ok' }> {
  const file = path.join(dir, ...rel.split('/'));
  try {
    const stat = lstatSync(file);
    if (!stat.isFile()) return { state: 'unreadable', message: 'is not a regular file' };
    const root = realpathSync(dir);
    const real = realpathSync(file);
    if (!real.startsWith(root + path.sep)) return { state: 'unreadable', message: 'resolves outside the folder' };
    return read(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { state: 'missing', message: 'does not exist' };
    return { state: 'unreadable', message: `cannot be read (${code ?? (error as Error).message})` };
  }
}

const HEX64 = '^[0-9a-f]{64}$';

const manifestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['schema', 'tool', 'bundleSha256', 'createdAt', 'artifacts'],
  properties: {
    schema: { const: MANIFEST_SCHEMA },
    tool: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'version'],
      properties: { name: { const: 'assay' }, version: { type: 'string', minLength: 1 } },
    },
    bundleSha256: { type: 'string', pattern: HEX64 },
    createdAt: { type: 'string', minLength: 1 },
    runId: { type: 'string', minLength: 1 },
    inputs: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['role', 'path', 'sha256'],
        properties: {
          role: { enum: [...INPUT_ROLES] },
          path: { type: 'string', minLength: 1 },
          sha256: { type: 'string', pattern: HEX64 },
        },
      },
    },
    artifacts: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['path', 'role', 'sha256', 'bytes'],
        properties: {
          path: { type: 'string', minLength: 1 },
          role: { enum: [...ARTIFACT_ROLES] },
          sha256: { type: 'string', pattern: HEX64 },
          bytes: { type: 'integer', minimum: 0 },
        },
      },
    },
    signedBy: {
      type: 'object',
      additionalProperties: false,
      required: ['keyId'],
      properties: { keyId: { type: 'string', pattern: HEX64 } },
    },
  },
};

// Compiled on first use: compiling a schema costs startup time every command would pay.
let validateManifest: ValidateFunction<Manifest> | undefined;
const manifestValidator = (): ValidateFunction<Manifest> =>
  (validateManifest ??= new Ajv2020({ allErrors: false, strict: true }).compile<Manifest>(manifestSchema));

/** Writes `dir`/manifest.json for artifacts already written there; called after a run writes its reports. */
export function writeRunManifest(
  dir: string,
  artifacts: ArtifactInput[],
  options: { toolVersion: string; bundleSha256: string; createdAt?: string; runId?: string; inputs?: ManifestInput[] },
): Manifest {
  const manifest = buildManifest({
    dir,
    artifacts,
    ...(options.inputs && { inputs: options.inputs }),
    ...(options.runId !== undefined && { runId: options.runId }),
    toolVersion: options.toolVersion,
    bundleSha256: options.bundleSha256,
    createdAt: options.createdAt ?? new Date().toISOString(),
  });
  writeFileSync(path.join(dir, MANIFEST_FILE), serializeManifest(manifest));
  return manifest;
}
