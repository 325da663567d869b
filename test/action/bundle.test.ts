// The bundled Action must run from a bare repository checkout: GitHub runs dist/action/index.js
// with no node_modules. So the repository's runtime files (what `git ls-files` holds, minus tests)
// are copied into a temporary folder with no node_modules anywhere above it, and the bundle runs
// there: any module, wasm file, schema or framework it cannot find fails these tests.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstDifference } from '../../scripts/build-action.ts';
import { assetPath, findPackageRoot, repoRoot } from '../../src/assets.ts';
import { encodeBatch, makeBatches } from '../../src/engine/batches.ts';
import type { Resource } from '../../src/model/resource.ts';

const root = path.resolve(import.meta.dirname, '../..');
const temp = mkdtempSync(path.join(os.tmpdir(), 'assay-bundle-'));
const checkout = path.join(temp, 'checkout');

interface Sarif {
  runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
}

/** Tracked files except tests, plus the bundle as built now (it may not be committed yet). */
function runtimeFiles(): string[] {
  const listed = spawnSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  const tracked = listed.stdout.split('\0').filter((f) => f && !f.startsWith('test/'));
  const bundle = readdirSync(path.join(root, 'dist/action'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
  return [...new Set([...tracked, ...bundle])].filter((f) => existsSync(path.join(root, f)));
}

function run(script: string, args: string[], env: Record<string, string> = {}) {
  // Only what a runner provides: no NODE_OPTIONS (vitest's loaders), no inherited INPUT_*.
  const base = { PATH: process.env.PATH ?? '', HOME: temp };
  return spawnSync(process.execPath, [script, ...args], {
    cwd: checkout,
    env: { ...base, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

const sarifUris = (sarif: Sarif) =>
  sarif.runs.flatMap((r) => r.results.map((x) => x.locations[0]?.physicalLocation.artifactLocation.uri ?? ''));

/** Findings on Terraform resources: only possible when the tree-sitter runtime and HCL grammar wasm loaded. */
const terraformFindings = (sarif: Sarif) =>
  sarif.runs
    .flatMap((r) => r.results)
    .filter(
      (x) => !x.ruleId.startsWith('secrets.') && x.locations[0]?.physicalLocation.artifactLocation.uri.endsWith('.tf'),
    );

let cliScan: ReturnType<typeof run> | undefined;
/** The bundled CLI's scan of examples/ into out/, run once (the worker test reuses its snapshot). */
function scanWithCli() {
  cliScan ??= run('dist/action/cli.js', ['scan', 'examples', '--output-dir', 'out', '--fail-on', 'high']);
  return cliScan;
}

beforeAll(() => {
  for (const file of runtimeFiles()) {
    mkdirSync(path.dirname(path.join(checkout, file)), { recursive: true });
    cpSync(path.join(root, file), path.join(checkout, file));
  }
});

afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('the copied checkout', () => {
  it('has the bundle and no node_modules anywhere up the tree', () => {
    expect(existsSync(path.join(checkout, 'dist/action/index.js'))).toBe(true);
    for (let dir = checkout; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
      expect(existsSync(path.join(dir, 'node_modules')), dir).toBe(false);
    }
  });
});

describe('bundled CLI (dist/action/cli.js)', () => {
  it('scans the examples without node_modules: wasm parsers, policies, frameworks, schemas and report assets found', () => {
    const result = scanWithCli();
    expect(result.stderr).not.toMatch(/Cannot find (module|package)|ENOENT|ERR_/);
    expect(result.status, result.stderr).toBe(1);
    const sarif = JSON.parse(readFileSync(path.join(checkout, 'out/results.sarif'), 'utf8')) as Sarif;
    const uris = sarifUris(sarif);
    expect(terraformFindings(sarif).length).toBeGreaterThan(0);
    expect(uris.some((u) => /\.(ya?ml|json)$/.test(u))).toBe(true);
    const results = JSON.parse(readFileSync(path.join(checkout, 'out/results.json'), 'utf8')) as {
      frameworks?: unknown[];
    };
    expect(results.frameworks?.length ?? 0).toBeGreaterThan(0);
    expect(readFileSync(path.join(checkout, 'out/report.html'), 'utf8')).toMatch(/<style[^>]*>[^<]{100,}/);
  });

  it('carries the validators and data the build prepares, loadable without node_modules', () => {
    const dir = path.join(checkout, 'dist/action');
    const load = (file: string) =>
      createRequire(path.join(dir, 'x.js'))(path.join(dir, file)) as Record<string, unknown>;
    const model = load('schema-validators.cjs');
    expect(typeof model.snapshot).toBe('function');
    expect((model.snapshot as (v: unknown) => boolean)({})).toBe(false);
    const options = load('option-validators.cjs');
    expect(Object.keys(options).some((key) => key.startsWith('iac:'))).toBe(true);
    for (const file of ['shipped-frameworks.json', 'registry-modules.json'])
      expect(Object.keys(JSON.parse(readFileSync(path.join(dir, file), 'utf8'))).length).toBeGreaterThan(0);
  });

  it('reports the version from the checkout package.json', () => {
    const result = run('dist/action/cli.js', ['--version']);
    const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    expect(result.stdout.trim()).toContain(version);
  });
});

describe('bundled evaluation worker (dist/action/eval-worker.js)', () => {
  it('evaluates a batch with the opa-wasm SDK bundled into it', async () => {
    scanWithCli();
    const scan = JSON.parse(readFileSync(path.join(checkout, 'out/snapshots/scan.json'), 'utf8')) as {
      resources: Resource[];
    };
    const manifest = JSON.parse(readFileSync(path.join(checkout, 'dist/policies/manifest.json'), 'utf8')) as {
      entrypoint: string;
    };
    const module = await WebAssembly.compile(readFileSync(path.join(checkout, 'dist/policies/policy.wasm')));
    const worker = new Worker(path.join(checkout, 'dist/action/eval-worker.js'), {
      workerData: { module, entrypoint: manifest.entrypoint, initialPages: 1024 },
    });
    try {
      const reply = await new Promise<{ output?: Record<string, { deny: unknown[] }>; error?: string }>(
        (resolve, reject) => {
          worker.once('message', resolve);
          worker.once('error', reject);
          worker.postMessage({ id: 0, input: encodeBatch(makeBatches(scan.resources, 10_000)[0]!) });
        },
      );
      expect(reply.error).toBeUndefined();
      const denied = Object.values(reply.output ?? {}).reduce((n, rule) => n + rule.deny.length, 0);
      expect(denied).toBeGreaterThan(0);
    } finally {
      await worker.terminate();
    }
  });
});

describe('bundled evaluation in worker threads (20,000 resources and more)', () => {
  // evaluate.ts starts ./eval-worker.js next to itself: in the bundle that is dist/action/eval-worker.js.
  // With one CPU the engine evaluates in-process instead (no pool to gain from); the scan must agree
  // either way, and the worker file itself is run directly by the test above.
  it('scans 20,000 buckets (with the worker pool when there is more than one CPU)', () => {
    const resources = Object.fromEntries(
      Array.from({ length: 20_000 }, (_, i) => [`Bucket${i}`, { Type: 'AWS::S3::Bucket', Properties: {} }]),
    );
    mkdirSync(path.join(checkout, 'large'), { recursive: true });
    writeFileSync(path.join(checkout, 'large/template.json'), JSON.stringify({ Resources: resources }));
    const result = run('dist/action/cli.js', ['scan', 'large', '--format', 'json', '--output-dir', 'large-out']);
    expect(result.stderr).not.toMatch(/error|Cannot find|ENOENT/i);
    expect(result.status, result.stderr).toBe(1);
    const { summary } = JSON.parse(readFileSync(path.join(checkout, 'large-out/results.json'), 'utf8')) as {
      summary: { resources: number; findings: number };
    };
    expect(summary.resources).toBeGreaterThanOrEqual(20_000);
    expect(summary.findings).toBeGreaterThanOrEqual(20_000);
  });
});

describe('bundled HCL parsers (the direct parser, and tree-sitter with the wasm grammar beside the bundle)', () => {
  // Valid files are read by the direct parser; the broken one falls back to tree-sitter, whose
  // runtime and grammar the bundle must find next to itself to name the syntax error.
  it('scans 300 Terraform files, each parsed and none lost, and names the syntax error of a broken one', () => {
    mkdirSync(path.join(checkout, 'many-tf'), { recursive: true });
    for (let i = 0; i < 300; i++)
      writeFileSync(
        path.join(checkout, `many-tf/f${i}.tf`),
        `# file ${i}\nresource "aws_s3_bucket" "b${i}" {\n  bucket = "b-${i}"\n}\n`,
      );
    writeFileSync(path.join(checkout, 'many-tf/broken.tf'), 'resource "aws_s3_bucket" "x" {\n  bucket = \n');
    const result = run('dist/action/cli.js', ['scan', 'many-tf', '--format', 'json', '--output-dir', 'many-out']);
    expect(result.stderr).not.toMatch(/Cannot find|ENOENT|could not be read/i);
    expect(result.stderr).toMatch(/broken\.tf:\d+:\d+: syntax error/);
    expect(result.status, result.stderr).toBe(2);
    const scan = JSON.parse(readFileSync(path.join(checkout, 'many-out/snapshots/scan.json'), 'utf8')) as {
      resources: Resource[];
    };
    const buckets = scan.resources.filter((r) => r.kind === 'storage.bucket').map((r) => r.name);
    expect(buckets).toHaveLength(300);
    expect(new Set(buckets)).toEqual(new Set(Array.from({ length: 300 }, (_, i) => `b${i}`)));
  });
});

describe('bundled Action (dist/action/index.js)', () => {
  it('runs a full scan on workflow_dispatch: SARIF with findings in output-dir, outputs set, exit 1 at fail-on high', () => {
    const event = path.join(temp, 'event.json');
    writeFileSync(event, JSON.stringify({ inputs: {}, ref: 'refs/heads/main', repository: { full_name: 'o/r' } }));
    const summary = path.join(temp, 'summary.md');
    const output = path.join(temp, 'output.txt');
    writeFileSync(summary, '');
    writeFileSync(output, '');
    const result = run('dist/action/index.js', [], {
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'workflow_dispatch',
      GITHUB_EVENT_PATH: event,
      GITHUB_WORKSPACE: checkout,
      GITHUB_REPOSITORY: 'o/r',
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_OUTPUT: output,
      INPUT_PATHS: 'examples',
      'INPUT_FAIL-ON': 'high',
      'INPUT_OUTPUT-DIR': 'assay-results',
    });
    expect(result.stdout + result.stderr).not.toMatch(/Cannot find (module|package)|ENOENT/);
    expect(result.status, result.stdout + result.stderr).toBe(1);
    const outputs = readOutputs(readFileSync(output, 'utf8'));
    expect(outputs['sarif-file']).toBe('assay-results/results.sarif');
    expect(outputs['report-dir']).toBe('assay-results');
    expect(Number(outputs.findings)).toBeGreaterThan(0);
    const sarif = JSON.parse(readFileSync(path.join(checkout, 'assay-results/results.sarif'), 'utf8')) as Sarif;
    expect(terraformFindings(sarif).length).toBeGreaterThan(0);
    expect(result.stdout).toMatch(/^::error title=[^\n]*,file=examples\/[^,]+,line=\d+::/m);
    expect(readFileSync(summary, 'utf8')).toMatch(/open finding/);
  });
});

/** name -> value from a GITHUB_OUTPUT file (the runner's `name<<delimiter` heredoc form). */
function readOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const match of text.matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) outputs[match[1]!] = match[3]!;
  return outputs;
}

describe('assetPath', () => {
  it('finds this repository from src/', () => {
    expect(repoRoot()).toBe(root);
    expect(assetPath('rules', 'frameworks')).toBe(path.join(root, 'rules', 'frameworks'));
  });

  it('skips package.json files of other projects and broken ones on the way up', () => {
    const project = path.join(temp, 'root-search');
    const nested = path.join(project, 'vendor', 'other', 'deep');
    mkdirSync(nested, { recursive: true });
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'assay' }));
    writeFileSync(path.join(project, 'vendor', 'package.json'), '{ not json');
    writeFileSync(path.join(project, 'vendor', 'other', 'package.json'), JSON.stringify({ name: 'other' }));
    expect(findPackageRoot(nested)).toBe(project);
  });

  it('fails with a clear message when no assay package.json is above', () => {
    const lonely = path.join(temp, 'lonely');
    mkdirSync(lonely, { recursive: true });
    expect(() => findPackageRoot(lonely)).toThrow(/assay's package\.json was not found in .*lonely/);
  });
});

describe('action:check-fresh comparison', () => {
  const folder = (name: string, files: Record<string, string>) => {
    const dir = path.join(temp, 'fresh', name);
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    return dir;
  };
  const built = { 'index.js': 'a', 'sub/chunk.js': 'b' };

  it('finds nothing between identical folders', () => {
    expect(firstDifference(folder('same-a', built), folder('same-b', built))).toBeUndefined();
  });

  it('names a file whose bytes differ, one missing, and one left over', () => {
    const fresh = folder('fresh', built);
    expect(firstDifference(fresh, folder('changed', { ...built, 'sub/chunk.js': 'B' }))).toBe('sub/chunk.js differs');
    expect(firstDifference(fresh, folder('missing', { 'index.js': 'a' }))).toBe('sub/chunk.js is missing');
    expect(firstDifference(fresh, folder('extra', { ...built, 'old-chunk.js': 'c' }))).toBe(
      'old-chunk.js should not be there',
    );
    expect(firstDifference(fresh, path.join(temp, 'fresh', 'absent'))).toBe('index.js is missing');
  });
});
