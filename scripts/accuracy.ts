// npm run accuracy — runs the KICS samples and writes docs/accuracy.md, keeping the trivy-checks
// section (`npm run accuracy:trivy` writes that one, between its markers).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listSamples, loadMapping, runAccuracy } from '../test/kics/accuracy.ts';
import { renderAccuracy, summarize } from '../test/kics/report.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mapping = loadMapping(repoRoot);
const outcomes = await runAccuracy(repoRoot, listSamples(repoRoot, mapping));
mkdirSync(path.join(repoRoot, 'docs'), { recursive: true });
const file = path.join(repoRoot, 'docs/accuracy.md');
const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
const trivy = previous.indexOf('<!-- trivy-checks: begin');
const kept = trivy >= 0 ? `\n${previous.slice(trivy)}` : '';
writeFileSync(file, `${renderAccuracy(outcomes, mapping.disagreements).trimEnd()}\n${kept}`);
const { agreed, total, rate } = summarize(outcomes);
console.log(`docs/accuracy.md: ${agreed}/${total} samples agree (${(rate * 100).toFixed(1)}%)`);
if (process.argv.includes('--verbose')) {
  for (const o of outcomes.filter((x) => !x.agreed))
    console.log(`${o.sample.id} [${o.sample.rules.join(',')}] ${o.detail}`);
}
