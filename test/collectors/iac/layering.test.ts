// Who may import whom among the IaC formats, the kit and the providers (DESIGN.md, Architecture):
// a format folder reads its syntax and hands it to its provider; provider knowledge and the kit
// are shared by every format and live source, so neither may depend on a format.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const FORMATS = ['terraform', 'cloudformation', 'arm', 'kubernetes'];

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

/** Every project file a source file imports, relative to the repository root. */
function imports(file: string): string[] {
  const text = readFileSync(path.join(root, file), 'utf8');
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1] as string);
  return specs.map((spec) => path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)));
}

/** Imports of the files under `dir` that fall outside `allowed` (folders or files). */
function violations(dir: string, allowed: string[]): string[] {
  return sources(dir).flatMap((file) =>
    imports(file)
      .filter((target) => !allowed.some((a) => target === a || target.startsWith(`${a}/`)))
      .map((target) => `${file} -> ${target}`),
  );
}

describe('import layering', () => {
  it('the kit imports only the model and util', () => {
    expect(violations('src/kit', ['src/kit', 'src/model', 'src/util'])).toEqual([]);
  });

  it('a provider imports only the model, the kit, util and itself', () => {
    for (const provider of readdirSync(path.join(root, 'src/providers'))) {
      const own = `src/providers/${provider}`;
      expect(violations(own, [own, 'src/model', 'src/kit', 'src/util'])).toEqual([]);
    }
  });

  it('a format folder imports only the kit, providers, model, util and itself: no other format, not the dispatcher', () => {
    for (const format of FORMATS) {
      const own = `src/collectors/iac/${format}`;
      // src/assets.ts finds the files shipped with assay (the registry modules' YAML).
      const allowed = [own, 'src/kit', 'src/providers', 'src/model', 'src/util', 'src/assets.ts'];
      expect(violations(own, allowed)).toEqual([]);
    }
  });
});
