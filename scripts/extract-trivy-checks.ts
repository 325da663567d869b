// Extracts the good and bad Terraform and CloudFormation examples of the trivy-checks checks named
// in test/trivy-checks/mapping.yaml into test/fixtures/third-party/trivy-checks/, one file per
// example, with a manifest. Reads a clone of aquasecurity/trivy-checks (a work tree or a bare git
// directory) at HEAD:
//   node --import tsx scripts/extract-trivy-checks.ts /path/to/trivy-checks
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(repoRoot, 'test/fixtures/third-party/trivy-checks');
const source = process.argv[2];
if (!source) {
  console.error('usage: extract-trivy-checks.ts <trivy-checks clone or git directory>');
  process.exit(2);
}
const gitDir = existsSync(path.join(source, '.git')) ? path.join(source, '.git') : source;
const git = (...args: string[]) => execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8' });

const mapping = parse(readFileSync(path.join(repoRoot, 'test/trivy-checks/mapping.yaml'), 'utf8')) as {
  checks: Record<string, string[]>;
};
const commit = git('rev-parse', 'HEAD').trim();

interface Examples {
  good?: string[];
  bad?: string[];
}
type CheckFile = Partial<Record<'terraform' | 'cloudformation', Examples>>;

/** `.yaml` or `.json` for a CloudFormation example by its first character, `.tf` for Terraform. */
function extension(format: 'terraform' | 'cloudformation', text: string): string {
  if (format === 'terraform') return 'tf';
  return text.trimStart().startsWith('{') ? 'json' : 'yaml';
}

rmSync(path.join(out, 'checks'), { recursive: true, force: true });
const manifest: { check: string; id: string; format: string; polarity: 'good' | 'bad'; file: string }[] = [];
for (const check of Object.keys(mapping.checks).sort()) {
  const rego = git('show', `HEAD:checks/cloud/${check}.rego`);
  const id = /^#\s+id:\s*(\S+)/m.exec(rego)?.[1] ?? check;
  const examples = parse(git('show', `HEAD:checks/cloud/${check}.yaml`)) as CheckFile;
  for (const format of ['terraform', 'cloudformation'] as const) {
    for (const polarity of ['good', 'bad'] as const) {
      (examples[format]?.[polarity] ?? []).forEach((text, index) => {
        const file = `checks/${check}/${format}-${polarity}-${index + 1}.${extension(format, text)}`;
        mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
        writeFileSync(path.join(out, file), text.endsWith('\n') ? text : `${text}\n`);
        manifest.push({ check, id, format, polarity, file });
      });
    }
  }
}
writeFileSync(path.join(out, 'LICENSE'), git('show', 'HEAD:LICENSE'));
writeFileSync(
  path.join(out, 'manifest.json'),
  `${JSON.stringify({ repository: 'https://github.com/aquasecurity/trivy-checks', commit, examples: manifest }, null, 1)}\n`,
);
console.log(`${manifest.length} examples of ${Object.keys(mapping.checks).length} checks from trivy-checks ${commit}`);
