// The period HTML report in a real browser (Debian's Chromium driven by playwright-core), from real
// stored runs: it loads from file:// without a single network request or CSP error, each control's
// chart shows its runs band by band, and it prints to a multi-page PDF.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PeriodReport } from '../../src/model/period.ts';
import { renderPeriodHtml } from '../../src/reports/period/html.ts';
import { type Recorded, recordScenario, scenarioPeriod } from './estate.ts';

const CHROMIUM = '/usr/bin/chromium';
const VIEWPORT = { width: 1280, height: 900 };

let recorded: Recorded;
let report: PeriodReport;
let browser: Browser;
let dir: string;
let url: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) to run this test`);
  }
  recorded = await recordScenario();
  report = await scenarioPeriod(recorded);
  dir = mkdtempSync(path.join(tmpdir(), 'assay-period-html-'));
  const file = path.join(dir, 'period.html');
  writeFileSync(file, renderPeriodHtml(report));
  url = pathToFileURL(file).href;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (recorded) rmSync(recorded.dir, { recursive: true, force: true });
});

async function open(): Promise<{ page: Page; requests: string[]; errors: string[] }> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.route('**', (route) => {
    requests.push(route.request().url());
    return route.request().url() === url ? route.continue() : route.abort();
  });
  await page.goto(url);
  return { page, requests, errors };
}

const chart = (page: Page, key: string) => page.locator(`[data-control="${key}"] svg.timeline`);

describe('period HTML report in Chromium', () => {
  it('loads with no network request and no console error (the style passes its CSP hash)', async () => {
    const { page, requests, errors } = await open();
    expect(requests).toEqual([url]);
    expect(errors).toEqual([]);
    // The inline style applied: a control block has its border (CSP would have refused a wrong hash).
    const border = await page
      .locator('section.control')
      .first()
      .evaluate((el) => getComputedStyle(el).borderTopStyle);
    expect(border).toBe('solid');
    await page.context().close();
  });

  it('draws a visible chart per control, its bands adding up to the runs in the order they ran', async () => {
    const { page } = await open();
    await expect(page.locator('svg.timeline').count()).resolves.toBe(report.controls.length);
    const c = report.controls.find((x) => x.framework === 'pci-dss' && x.control === '1.3.1')!;
    const svg = chart(page, 'pci-dss:1.3.1');
    await expect(svg.isVisible()).resolves.toBe(true);
    const box = await svg.boundingBox();
    expect(box!.width).toBeGreaterThan(600);
    const bands = await svg.locator('rect[data-status]').evaluateAll((rects) =>
      rects.map((r) => ({
        status: r.getAttribute('data-status'),
        runs: Number(r.getAttribute('data-runs')),
        x: Number(r.getAttribute('x')),
      })),
    );
    // fail, fail | pass | (Jan 4-5: no complete run) | fail
    expect(bands.map((b) => b.status)).toEqual(['fail', 'pass', 'fail']);
    expect(bands.reduce((n, b) => n + b.runs, 0)).toBe(c.runs);
    expect(bands.map((b) => b.x)).toEqual([...bands.map((b) => b.x)].sort((a, b) => a - b));
    await expect(svg.locator('g.stretch title').textContent()).resolves.toContain('longest failing stretch: 2 runs');
    await expect(svg.locator('rect.missed-slot').count()).resolves.toBe(3);
    // The tooltip of a band says what it stands for.
    await expect(svg.locator('rect[data-status="pass"] title').textContent()).resolves.toBe('pass: 1 run, 2026-01-03');
    await page.context().close();
  });

  it('names the exception and its approver beside the chart of the control it covered', async () => {
    const { page } = await open();
    const block = page.locator('[data-control="pci-dss:3.7.4"]');
    await expect(block.locator('table.exceptions').textContent()).resolves.toContain('security@example.com');
    const statuses = await chart(page, 'pci-dss:3.7.4')
      .locator('rect[data-status]')
      .evaluateAll((rects) => rects.map((r) => r.getAttribute('data-status')));
    // Jan 3 and Jan 6 are apart by more than twice the usual interval: two bands, the gap left blank.
    expect(statuses).toEqual(['fail', 'exception', 'exception']);
    await page.context().close();
  });

  it('prints to a multi-page PDF, each framework on a new page', async () => {
    const { page } = await open();
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
    expect(pages).toBeGreaterThan(Object.keys(report.frameworks).length);
    const png = await page.screenshot();
    expect(png.readUInt32BE(16)).toBe(VIEWPORT.width);
    expect(png.length).toBeGreaterThan(20_000);
    await page.context().close();
  });
});
