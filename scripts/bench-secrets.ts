// CPU time of the secret scanner on every text fixture of the repository (Terraform, CloudFormation,
// ARM, Kubernetes, plans, scripts): scanForSecrets on each file's text and maskSecretValues on each
// JSON document, repeated until the run is long enough to measure.
//   node --import tsx scripts/bench-secrets.ts [rounds]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { maskSecretValues, scanForSecrets } from '../src/kit/secrets.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TEXT = /\.(tf|tfvars|json|ya?ml|sh|env|properties|bicep|txt)$/;

function walk(dir: string, out: string[]): string[] {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (TEXT.test(name)) out.push(full);
  }
  return out;
}

const texts = walk(path.join(repoRoot, 'test/fixtures'), []).map((f) => readFileSync(f, 'utf8'));
const documents = texts.flatMap((t) => {
  try {
    return [JSON.parse(t) as unknown];
  } catch {
    return [];
  }
});
const rounds = Number(process.argv[2] ?? 5);
const lines = texts.reduce((n, t) => n + t.split('\n').length, 0);
let found = 0;
const started = process.cpuUsage();
for (let r = 0; r < rounds; r++) {
  for (const text of texts) found += scanForSecrets(text).length;
  for (const doc of documents) maskSecretValues(doc);
}
const used = process.cpuUsage(started);
const ms = (used.user + used.system) / 1000 / rounds;
console.log(
  `${texts.length} files, ${lines} lines, ${documents.length} JSON documents: ${ms.toFixed(0)} ms CPU per round ` +
    `(${((ms * 1000) / lines).toFixed(2)} µs per line), ${found / rounds} secrets found`,
);
