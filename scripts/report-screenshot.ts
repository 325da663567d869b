// Renders the HTML report of the bundled examples and photographs its top part (summary charts and
// failing controls) for the README: docs/report-screenshot.png. Needs Debian's chromium.
// Usage: npm run docs:screenshot
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { collectIac } from '../src/collectors/iac/index.ts';
import { makeSnapshot, serializeSnapshot, sha256 } from '../src/model/snapshot.ts';
import { evaluateSnapshots } from '../src/pipeline/evaluate.ts';
import { renderHtml } from '../src/reports/html.ts';
import { VERSION } from '../src/version.ts';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const OUT = path.join(REPO, 'docs/report-screenshot.png');

if (!existsSync(CHROMIUM)) {
  console.error(`${CHROMIUM} not found: install chromium (apt-get install -y chromium) or set CHROMIUM`);
  process.exit(1);
}

const { source, resources } = await collectIac([path.join(REPO, 'examples')], { root: REPO });
const snapshot = makeSnapshot(VERSION, [source], resources);
const results = await evaluateSnapshots(
  [{ snapshot, sha256: sha256(serializeSnapshot(snapshot)), file: '(scan)' }],
  {},
);

const dir = mkdtempSync(path.join(tmpdir(), 'assay-screenshot-'));
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
});
try {
  const file = path.join(dir, 'report.html');
  writeFileSync(file, renderHtml(results, { title: 'assay report: examples/' }));
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.route('**', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
  await page.goto(pathToFileURL(file).href);
  await page.screenshot({ path: OUT });
  console.log(`wrote ${path.relative(REPO, OUT)}`);
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
