// The README is part of the product: its first two commands and its rule table must stay true.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFrameworks } from '../src/frameworks/catalog.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
const catalog = JSON.parse(readFileSync(path.join(repoRoot, 'dist/policies/catalog.json'), 'utf8')) as {
  id: string;
  title: string;
  severity: string;
}[];

describe('README', () => {
  it('starts with the set-up-and-scan command and the test command', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1]?.trim().split('\n');
    expect(firstBlock).toEqual(['npm ci && npx assay scan examples/', 'npm test']);
  });

  it('lists every rule of the bundle with its title and severity', () => {
    for (const rule of catalog) expect(readme).toContain(`| \`${rule.id}\` | ${rule.title} | ${rule.severity} |`);
    expect(readme.match(/^\| `[a-z0-9_]+\.[a-z0-9_]+` \| .+ \| (critical|high|medium|low|info) \|$/gm)).toHaveLength(
      catalog.length,
    );
  });

  it('states the automation counts of each shipped framework as the catalogs have them', () => {
    for (const framework of loadFrameworks()) {
      const count = (a: string) => framework.controls.filter((c) => c.automation === a).length;
      const row = `| \`${framework.id}\` | ${framework.controls.length} | ${count('automated')} | ${count('partial')} | ${count('manual')} |`;
      expect(readme).toContain(row);
    }
  });

  it('shows both example workflows exactly as they are in examples/workflows', () => {
    for (const name of ['assay-pull-request.yml', 'assay-scheduled-audit.yml']) {
      const workflow = readFileSync(path.join(repoRoot, 'examples/workflows', name), 'utf8').trimEnd();
      expect(readme, name).toContain(`\`\`\`yaml\n${workflow}\n\`\`\``);
    }
  });
});
