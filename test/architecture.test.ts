// The picture in the README's architecture section stays true: every import in src/ is checked
// against the allowed pairs of layers (test/architecture/layers.ts). A new arrow fails here; add it
// to the table only with a reason, or move the code.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALLOWED, checkImports, type ImportEdge, importsOf, unitOf } from './architecture/layers.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');

function sourceFiles(): string[] {
  return readdirSync(path.join(repoRoot, 'src'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|js)$/.test(e.name))
    .map((e) => path.relative(repoRoot, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

function edgesOf(files: string[]): ImportEdge[] {
  return files.flatMap((file) => importsOf(file, readFileSync(path.join(repoRoot, file), 'utf8')));
}

/** One synthetic file's imports, checked as if it were in src/. */
const check = (file: string, text: string) => checkImports(importsOf(file, text)).map((v) => v.message);

describe('imports in src/', () => {
  it('all follow the allowed arrows between layers', () => {
    const files = sourceFiles();
    expect(files.length).toBeGreaterThan(100);
    const edges = edgesOf(files);
    expect(edges.length).toBeGreaterThan(300);
    expect(checkImports(edges).map((v) => v.message)).toEqual([]);
  });

  it('fail when a forbidden import is added to the real tree', () => {
    const edges = edgesOf(sourceFiles());
    const added = importsOf('src/reports/html.ts', "import { evaluate } from '../engine/evaluate.ts';");
    expect(checkImports([...edges, ...added]).map((v) => v.message)).toEqual([
      'src/reports/html.ts imports ../engine/evaluate.ts: reports -> engine is not an allowed arrow',
    ]);
  });
});

describe('the import checker', () => {
  it('reads static, type-only, re-exported, side-effect and dynamic imports, not comments or strings', () => {
    const text = [
      "// import { x } from '../cli/main.ts';",
      "import type { Results } from '../model/results.ts';",
      "import {\n  a,\n} from './a.ts';",
      "export { b } from '../pipeline/b.ts';",
      "import './side-effect.ts';",
      "const m = await import('../engine/evaluate.ts');",
      'const s = "import c from \'../cli/c.ts\'";',
      "import { Command } from 'commander';",
    ].join('\n');
    expect(importsOf('src/action/run.ts', text).map((e) => e.to)).toEqual([
      'src/model/results.ts',
      'src/action/a.ts',
      'src/pipeline/b.ts',
      'src/action/side-effect.ts',
      'src/engine/evaluate.ts',
    ]);
  });

  it('maps files to layers', () => {
    expect(unitOf('src/cli/main.ts')).toEqual({ kind: 'cli', name: '' });
    expect(unitOf('src/collectors/registry.ts')).toEqual({ kind: 'collectors', name: '' });
    expect(unitOf('src/collectors/ad/index.ts')).toEqual({ kind: 'source', name: 'ad' });
    expect(unitOf('src/collectors/iac/index.ts')).toEqual({ kind: 'iac', name: '' });
    expect(unitOf('src/collectors/iac/terraform/hcl/parser.ts')).toEqual({ kind: 'format', name: 'terraform' });
    expect(unitOf('src/providers/aws/s3.ts')).toEqual({ kind: 'providers', name: 'aws' });
    expect(unitOf('src/kit/redaction.ts')).toEqual({ kind: 'kit', name: '' });
    expect(unitOf('src/version.ts')).toEqual({ kind: 'base', name: '' });
    expect(unitOf('src/newthing/x.ts')).toBeUndefined();
    for (const kind of Object.keys(ALLOWED)) expect(ALLOWED[kind as keyof typeof ALLOWED]).toBeDefined();
  });

  it('allows the downward arrows', () => {
    expect(check('src/cli/main.ts', "import { evaluateSnapshots } from '../pipeline/evaluate.ts';")).toEqual([]);
    expect(check('src/pipeline/results.ts', "import { applyWaivers } from '../waivers/apply.ts';")).toEqual([]);
    expect(check('src/collectors/registry.ts', "import { adCollector } from './ad/collector.ts';")).toEqual([]);
    expect(check('src/collectors/aws/s3.ts', "import { bucket } from '../../providers/aws/s3.ts';")).toEqual([]);
    expect(check('src/collectors/iac/terraform/x.ts', "import { y } from '../../../providers/aws/y.ts';")).toEqual([]);
    expect(check('src/providers/azure/nsg.ts', "import { located } from '../../kit/located.ts';")).toEqual([]);
    expect(check('src/reports/sarif.ts', "import type { Results } from '../model/results.ts';")).toEqual([]);
  });

  it('reports every forbidden arrow', () => {
    const forbidden: [string, string, string][] = [
      ['src/action/run.ts', '../cli/main.ts', 'action -> cli'],
      ['src/engine/evaluate.ts', '../pipeline/results.ts', 'engine -> pipeline'],
      ['src/frameworks/assess.ts', '../cli/io.ts', 'frameworks -> cli'],
      ['src/reports/html.ts', '../engine/bundle.ts', 'reports -> engine'],
      ['src/waivers/apply.ts', '../frameworks/assess.ts', 'waivers -> frameworks'],
      ['src/model/results.ts', '../engine/bundle.ts', 'model -> engine'],
      ['src/kit/redaction.ts', '../collectors/contract.ts', 'kit -> collectors'],
      ['src/pipeline/x.ts', '../providers/aws/s3.ts', 'pipeline -> providers aws'],
      ['src/reports/x.ts', '../providers/aws/s3.ts', 'reports -> providers aws'],
      ['src/collectors/ad/x.ts', '../iac/index.ts', 'source ad -> iac'],
      ['src/collectors/ad/x.ts', '../aws/y.ts', 'source ad -> source aws'],
      ['src/collectors/iac/arm/x.ts', '../cloudformation/located.ts', 'format arm -> format cloudformation'],
      ['src/collectors/iac/terraform/x.ts', '../types.ts', 'format terraform -> iac'],
      ['src/collectors/registry.ts', './ad/index.ts', 'collectors -> source ad'],
      ['src/providers/aws/x.ts', '../../collectors/contract.ts', 'providers aws -> collectors'],
      ['src/util/compare.ts', '../model/resource.ts', 'base -> model'],
    ];
    for (const [file, specifier, arrow] of forbidden) {
      expect(check(file, `import { x } from '${specifier}';`), `${file} -> ${specifier}`).toEqual([
        `${file} imports ${specifier}: ${arrow} is not an allowed arrow`,
      ]);
    }
    expect(check('src/newthing/x.ts', "import { y } from '../model/y.ts';")).toEqual([
      'src/newthing/x.ts is in no layer: add its folder to test/architecture/layers.ts',
    ]);
  });
});
