// npm run policies:test — opa check --strict, then opa test with a line-coverage gate.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findOpa } from '../src/policies/opa-cli.ts';

const COVERAGE_THRESHOLD = 90;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const opa = findOpa({ cacheDir: path.join(repoRoot, '.cache', 'opa'), install: true, log: console.error });
const run = (args: string[]) => execFileSync(opa, args, { cwd: repoRoot, encoding: 'utf8', maxBuffer: 256 << 20 });

try {
  run(['check', '--strict', 'policies']);
  console.log(run(['test', 'policies']).trim());
  const report = JSON.parse(run(['test', '-c', 'policies'])) as {
    coverage: number;
    files: Record<string, { coverage?: number }>;
  };
  const weak = Object.entries(report.files)
    .filter(([file, f]) => !file.endsWith('_test.rego') && (f.coverage ?? 100) < COVERAGE_THRESHOLD)
    .map(([file, f]) => `  ${file}: ${f.coverage?.toFixed(1)}%`);
  console.log(`policy line coverage: ${report.coverage.toFixed(1)}%`);
  if (report.coverage < COVERAGE_THRESHOLD || weak.length > 0) {
    console.error(`coverage below ${COVERAGE_THRESHOLD}%:\n${weak.join('\n')}`);
    process.exit(1);
  }
} catch (error) {
  const e = error as { stdout?: string; stderr?: string; message: string };
  console.error(e.stdout || '', e.stderr || e.message);
  process.exit(1);
}
