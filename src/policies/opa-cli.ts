// Finds the `opa` CLI (v1.22.x) or installs it from the Go module proxy into a cache folder.
// Only the policy build and custom policy folders need it; scanning with the committed bundle does not.
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export const OPA_VERSION = '1.22.3';
const OPA_MODULE = `github.com/open-policy-agent/opa@v${OPA_VERSION}`;

export class OpaNotFoundError extends Error {
  override name = 'OpaNotFoundError';
}

function versionOf(binary: string): string | undefined {
  const run = spawnSync(binary, ['version'], { encoding: 'utf8' });
  if (run.status !== 0) return undefined;
  return /^Version:\s*(\S+)/m.exec(run.stdout)?.[1];
}

function isWantedVersion(version: string | undefined): boolean {
  return version?.startsWith(`${OPA_VERSION.split('.').slice(0, 2).join('.')}.`) ?? false;
}

/** The first executable `opa` in the PATH folders (searched directly: no shell needed). */
function onPath(): string | undefined {
  const names = process.platform === 'win32' ? ['opa.exe', 'opa'] : ['opa'];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here; keep looking
      }
    }
  }
  return undefined;
}

/**
 * Returns the path of an opa binary of the pinned minor version: $ASSAY_OPA, then PATH, then
 * `<cacheDir>/opa`, installing it there with `go install` when `install` is true.
 */
export function findOpa(options: { cacheDir: string; install: boolean; log?: (m: string) => void }): string {
  const candidates = [process.env.ASSAY_OPA, onPath(), path.join(options.cacheDir, 'opa')].filter(
    (c): c is string => Boolean(c) && existsSync(c as string),
  );
  for (const candidate of candidates) {
    if (isWantedVersion(versionOf(candidate))) return candidate;
  }
  if (!options.install) {
    throw new OpaNotFoundError(
      `opa v${OPA_VERSION} is needed to compile policies and was not found on PATH or in ${options.cacheDir}. ` +
        `Install it (go install ${OPA_MODULE}, or open-policy-agent/setup-opa in GitHub Actions).`,
    );
  }
  mkdirSync(options.cacheDir, { recursive: true });
  options.log?.(`installing opa v${OPA_VERSION} with go install into ${options.cacheDir}`);
  try {
    execFileSync('go', ['install', OPA_MODULE], {
      env: { ...process.env, GOBIN: path.resolve(options.cacheDir) },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  } catch (error) {
    throw new OpaNotFoundError(`could not install opa with "go install ${OPA_MODULE}": ${(error as Error).message}`);
  }
  const installed = path.join(options.cacheDir, 'opa');
  if (!isWantedVersion(versionOf(installed))) throw new OpaNotFoundError(`go install did not produce ${installed}`);
  return installed;
}
