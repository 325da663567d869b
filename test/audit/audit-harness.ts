// A folder to audit in: the bundled examples copied under a temporary folder with a config beside
// them, and the CLI run in-process with the clock fixed by ASSAY_NOW.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Source } from '../../src/model/resource.ts';
import type { Results } from '../../src/model/results.ts';
import { openRunStore } from '../../src/store/index.ts';
import { repoRoot, runCli } from '../cli/run-cli.ts';

export { repoRoot };

export class AuditFolder {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'assay-audit-'));

  constructor(examples: string[] = ['terraform', 'kubernetes']) {
    for (const name of examples)
      cpSync(path.join(repoRoot, 'examples', name), path.join(this.dir, 'infra', name), { recursive: true });
  }

  file(name: string, text: string): string {
    const file = path.join(this.dir, name);
    writeFileSync(file, text);
    return file;
  }

  path(...parts: string[]): string {
    return path.join(this.dir, ...parts);
  }

  /** Runs `assay args...` from the folder, at `now` (ASSAY_NOW), with extra environment variables. */
  async cli(args: string[], now?: string, env: Record<string, string> = {}) {
    const saved = { ...process.env };
    if (now !== undefined) process.env.ASSAY_NOW = now;
    Object.assign(process.env, env);
    try {
      return await runCli(args, this.dir);
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The minimal configuration of docs/audit.md, with the store where `store` says. */
export function minimalConfig(store = 'history.db'): string {
  return [`store: ${store}`, 'output-dir: evidence/', 'sources:', '  - collector: iac', '    paths: [infra/]', ''].join(
    '\n',
  );
}

/** The controls a failed source's gaps touch: what it would have read, never passed without it. */
export function controlsBlindedBy(results: Results, failed: Source) {
  const gaps = results.gaps.filter((g) => failed.gaps.some((f) => f.message === g.message));
  const ids = new Set(gaps.map((g) => g.id));
  return {
    gaps,
    controls: results.frameworks.flatMap((f) => f.controls).filter((c) => c.gaps.some((id) => ids.has(id))),
  };
}

/** Opens a store the folder's audits wrote (a SQLite file in the folder, or a URL). */
export function openAuditStore(folder: AuditFolder, location: string) {
  return openRunStore(/^postgres/.test(location) ? location : folder.path(location));
}
