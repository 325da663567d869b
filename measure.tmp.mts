import { writeFileSync, readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { renderHtml } from '/work/wt/evprov/src/reports/html.ts';
const results = JSON.parse(readFileSync('/work/wt/evprov/test/fixtures/results/examples.results.json', 'utf8'));
const html = renderHtml(results);
writeFileSync('/tmp/evprov-print/report.html', html);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
await page.goto('file:///tmp/evprov-print/report.html');
for (const format of ['Letter', 'A4'] as const) {
  const pdf = await page.pdf({ format, printBackground: true });
  writeFileSync(`/tmp/evprov-print/report-${format}.pdf`, pdf);
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
  console.log(format, 'pages', pages, 'html bytes', html.length);
}
await browser.close();
