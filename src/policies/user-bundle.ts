// Users' own policy folders (`--policies DIR`, the Action's `policies` input): compiled on the fly
// together with the shipped rules into one wasm bundle, cached by the hash of every Rego source
// and the opa version so repeated runs skip the compiler.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assetPath } from '../assets.ts';
import type { RuleMeta } from '../model/results.ts';
import { buildPolicyBundle, CAPABILITIES_FILE, hashSources, listRegoFiles, PolicyBuildError } from './build.ts';
import { findOpa, OPA_VERSION, OpaNotFoundError } from './opa-cli.ts';

const OPA_MINOR = OPA_VERSION.split('.').slice(0, 2).join('.');

export const OPA_MISSING_MESSAGE =
  `custom policies need the opa CLI (v${OPA_MINOR}.x) on PATH: in GitHub Actions add the step ` +
  `\`uses: open-policy-agent/setup-opa@v2\` (with \`version: ${OPA_MINOR}.x\`); ` +
  'locally install opa from https://www.openpolicyagent.org/docs/latest/#running-opa';

export class UserPoliciesError extends Error {
  override name = 'UserPoliciesError';
}

export interface UserBundleOptions {
  /** Where compiled bundles are kept, one folder per cache key (default: <tmp>/assay-policy-bundles). */
  cacheDir?: string;
}

/**
 * Compiles the shipped policies/ plus the given folders into one bundle (policy.wasm,
 * catalog.json, manifest.json) and returns its folder; an identical earlier build is reused.
 */
export async function buildUserBundle(policyDirs: string[], options: UserBundleOptions = {}): Promise<string> {
  const userDirs = policyDirs.map(checkedFolder);
  const shippedDir = assetPath('policies');
  const cacheDir = path.resolve(options.cacheDir ?? path.join(os.tmpdir(), 'assay-policy-bundles'));
  // Builds keep no opa of their own in the cache folder: only $ASSAY_OPA or PATH count.
  const opa = locateOpa(cacheDir);
  const opaVersion = versionOf(opa);
  const capabilities = shippedCapabilities();
  const userRules = userRulePackages(userDirs, shippedCatalog());

  const key = cacheKey(opaVersion, JSON.stringify(capabilities ?? null), shippedDir, userDirs);
  const bundleDir = path.join(cacheDir, key);
  if (isComplete(bundleDir)) return bundleDir;

  // Build beside the final folder and rename, so a concurrent run never sees half a bundle.
  const staging = `${bundleDir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    buildPolicyBundle({
      opa,
      opaVersion,
      repoRoot: path.dirname(shippedDir),
      policyDir: shippedDir,
      extraPolicyDirs: userDirs,
      ...(capabilities === undefined ? {} : { capabilities }),
      outDir: staging,
    });
    requireMetadata(userRules, JSON.parse(readFileSync(path.join(staging, 'catalog.json'), 'utf8')) as RuleMeta[]);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (error instanceof PolicyBuildError) throw new UserPoliciesError(`custom policies: ${error.message}`);
    throw error;
  }
  try {
    renameSync(staging, bundleDir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    // Another run finished the same build first; its bundle is as good as ours.
    if (!isComplete(bundleDir)) throw error;
  }
  return bundleDir;
}

function checkedFolder(dir: string): string {
  const resolved = path.resolve(dir);
  if (!existsSync(resolved)) throw new UserPoliciesError(`policy folder ${dir} does not exist`);
  if (!statSync(resolved).isDirectory()) throw new UserPoliciesError(`policy folder ${dir} is not a folder`);
  if (listRegoFiles(resolved).length === 0) throw new UserPoliciesError(`policy folder ${dir} holds no .rego files`);
  return resolved;
}

function locateOpa(cacheDir: string): string {
  try {
    // Never go-install here: that is for the project's own build, not for users.
    return findOpa({ cacheDir, install: false });
  } catch (error) {
    if (error instanceof OpaNotFoundError) throw new UserPoliciesError(OPA_MISSING_MESSAGE);
    throw error;
  }
}

function versionOf(opa: string): string {
  const run = spawnSync(opa, ['version'], { encoding: 'utf8' });
  const version = /^Version:\s*(\S+)/m.exec(run.stdout ?? '')?.[1];
  if (!version) throw new UserPoliciesError(`${opa} version did not report a version: ${run.stderr}`);
  return version;
}

/**
 * The capabilities the shipped bundle was compiled against (written by the policy build), so
 * users' rules may use exactly the builtins the wasm engine can run. Undefined when the file is
 * absent; the build then derives it from the SDK in node_modules.
 */
function shippedCapabilities(): unknown {
  const file = assetPath('dist', 'policies', CAPABILITIES_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as unknown) : undefined;
}

function shippedCatalog(): RuleMeta[] {
  return JSON.parse(readFileSync(assetPath('dist', 'policies', 'catalog.json'), 'utf8')) as RuleMeta[];
}

const PACKAGE_LINE = /^package\s+([A-Za-z0-9_.]+)/m;

/**
 * Rego merges packages of the same name, so a user package named like a shipped rule would
 * silently change it, and one in assay.main would change what every rule reports. Refuse both,
 * and anything under assay.rules that is not a `<domain>.<name>` rule.
 */
function userRulePackages(userDirs: string[], shipped: RuleMeta[]): Map<string, string> {
  const shippedById = new Map(shipped.map((rule) => [rule.id, rule]));
  const rules = new Map<string, string>();
  for (const dir of userDirs) {
    for (const file of listRegoFiles(dir).filter((f) => !f.endsWith('_test.rego'))) {
      const pkg = PACKAGE_LINE.exec(readFileSync(file, 'utf8'))?.[1];
      if (!pkg) continue; // opa check reports the missing package with file and line
      const where = path.relative(process.cwd(), file) || file;
      if (pkg === 'assay.main' || pkg.startsWith('assay.main.') || pkg === 'assay.rules') {
        throw new UserPoliciesError(
          `${where}: package ${pkg} is assay's own; put rules in assay.rules.<domain>.<name>`,
        );
      }
      if (!pkg.startsWith('assay.rules.')) continue;
      const id = pkg.slice('assay.rules.'.length);
      if (id.split('.').length !== 2) {
        throw new UserPoliciesError(
          `${where}: package ${pkg} must be assay.rules.<domain>.<name> (the rule id is <domain>.<name>)`,
        );
      }
      const clash = shippedById.get(id);
      if (clash) {
        throw new UserPoliciesError(
          `${where}: rule id ${id} is already a shipped rule (${clash.file}); choose another package name, e.g. assay.rules.custom.${id.split('.')[1]}`,
        );
      }
      rules.set(id, where);
    }
  }
  return rules;
}

/** A rule package without METADATA would report findings no catalog entry explains. */
function requireMetadata(userRules: Map<string, string>, catalog: RuleMeta[]): void {
  const described = new Set(catalog.map((rule) => rule.id));
  for (const [id, where] of userRules) {
    if (!described.has(id)) {
      throw new UserPoliciesError(
        `${where}: package assay.rules.${id} has no package METADATA (title, description, custom: id, severity, kinds, remediation, decides)`,
      );
    }
  }
}

function cacheKey(opaVersion: string, capabilities: string, shippedDir: string, userDirs: string[]): string {
  const hash = createHash('sha256');
  hash.update(`opa ${opaVersion}\0${capabilities}\0${hashSources(shippedDir)}\0`);
  // Catalog file names of user rules are relative to the working directory, so it is part of the key.
  hash.update(`${process.cwd()}\0`);
  for (const dir of userDirs) hash.update(`${dir}\0${hashSources(dir)}\0`);
  return hash.digest('hex').slice(0, 32);
}

function isComplete(dir: string): boolean {
  return ['policy.wasm', 'catalog.json', 'manifest.json'].every((name) => existsSync(path.join(dir, name)));
}
