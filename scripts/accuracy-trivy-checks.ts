// npm run accuracy:trivy — runs the trivy-checks examples and rewrites the trivy-checks section of
// docs/accuracy.md (between its markers; the KICS part around it is left as it is).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAccuracy } from '../test/kics/accuracy.ts';
import { summarize } from '../test/kics/report.ts';
import { CORPUS, loadTrivyMapping, readManifest, trivySamples } from '../test/trivy-checks/agreement.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BEGIN = '<!-- trivy-checks: begin (npm run accuracy:trivy) -->';
const END = '<!-- trivy-checks: end -->';

const mapping = loadTrivyMapping(repoRoot);
const outcomes = await runAccuracy(repoRoot, trivySamples(repoRoot, mapping));
const { agreed, total, rate } = summarize(outcomes);
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const section = [
  BEGIN,
  '## Second corpus: trivy-checks examples',
  '',
  `The good and bad Terraform and CloudFormation examples that [aquasecurity/trivy-checks](https://github.com/aquasecurity/trivy-checks)`,
  `(MIT, commit ${readManifest(repoRoot).commit.slice(0, 12)}) carries for the ${Object.keys(mapping.checks).length} checks of topics we cover,`,
  `extracted into \`${CORPUS}/\` by \`scripts/extract-trivy-checks.ts\`; the check-to-rule mapping is`,
  '`test/trivy-checks/mapping.yaml`. A bad example agrees when a mapped rule flags a resource of its file,',
  'a good example when none flags anything; `test/trivy-checks/trivy-checks.test.ts` enforces it.',
  '',
  `**${agreed} of ${total} examples agree (${(rate * 100).toFixed(1)}%).**`,
  '',
  'Checks not run, because we judge the topic otherwise:',
  '',
  ...Object.entries(mapping.not_covered).map(([check, why]) => `- \`${check}\`: ${why}`),
  '',
  '| example | trivy | ours | reason |',
  '| --- | --- | --- | --- |',
  ...outcomes
    .filter((o) => !o.agreed)
    .map(
      (o) =>
        `| \`${o.sample.id.replace('trivy-checks:checks/', '')}\` | ${o.sample.polarity === 'positive' ? 'bad' : 'good'} | ${cell(o.detail)} | ${cell(mapping.disagreements[o.sample.id] ?? 'NOT REVIEWED')} |`,
    ),
  END,
].join('\n');
const file = path.join(repoRoot, 'docs/accuracy.md');
const doc = existsSync(file) ? readFileSync(file, 'utf8') : '';
const start = doc.indexOf(BEGIN);
const end = doc.indexOf(END);
const next =
  start >= 0 && end > start
    ? `${doc.slice(0, start)}${section}${doc.slice(end + END.length)}`
    : `${doc.trimEnd()}\n\n${section}\n`;
writeFileSync(file, next);
console.log(`docs/accuracy.md (trivy-checks): ${agreed}/${total} examples agree (${(rate * 100).toFixed(1)}%)`);
if (process.argv.includes('--verbose'))
  for (const o of outcomes.filter((x) => !x.agreed))
    console.log(`${o.sample.id} [${o.sample.rules.join(',')}] ${o.detail}`);
