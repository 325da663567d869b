// The HTML report in a real browser (Debian's Chromium driven by playwright-core): it loads from
// file:// without a single network request, its filters work, it prints to a multi-page PDF, and a
// screenshot shows each framework's first failing control.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Results } from '../../src/model/results.ts';
import { renderHtml } from '../../src/reports/html.ts';
import { sampleResults } from './sample-results.ts';

const CHROMIUM = '/usr/bin/chromium';
const VIEWPORT = { width: 1280, height: 900 };

let results: Results;
let browser: Browser;
let dir: string;
let reportUrl: string;

beforeAll(async () => {
  // Not a skip: CI installs Chromium, and a report nobody opened in a browser is not tested.
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) to run this test`);
  }
  results = await sampleResults();
  dir = mkdtempSync(path.join(tmpdir(), 'assay-html-'));
  const file = path.join(dir, 'report.html');
  writeFileSync(file, renderHtml(results));
  reportUrl = pathToFileURL(file).href;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
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
});

interface Opened {
  page: Page;
  requests: string[];
  errors: string[];
}

/** Opens the report with every request recorded and any but the report file itself refused. */
async function open(options: { javaScriptEnabled?: boolean } = {}): Promise<Opened> {
  const context = await browser.newContext({ viewport: VIEWPORT, ...options });
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.route('**', (route) => {
    const url = route.request().url();
    requests.push(url);
    return url === reportUrl ? route.continue() : route.abort();
  });
  await page.goto(reportUrl);
  return { page, requests, errors };
}

const controlSelector = (framework: string, control: string) => `[id="${['ctl', framework, control].join('--')}"]`;

/** Status of every control element the filters left visible. */
const visibleControls = (page: Page) =>
  page.$$eval('[data-control]', (els) =>
    els
      .filter((el) => !el.closest('[hidden]'))
      .map((el) => ({ framework: el.getAttribute('data-framework'), status: el.getAttribute('data-status') })),
  );

async function setStatuses(page: Page, keep: string[]) {
  for (const box of await page.locator('input[name="status"]').all()) {
    await box.setChecked(keep.includes((await box.getAttribute('value')) ?? ''));
  }
}

describe('HTML report in Chromium', () => {
  it('loads from file:// with no network request, no console error, and shows the control ids', async () => {
    const { page, requests, errors } = await open();
    expect(requests).toEqual([reportUrl]);
    // A CSP violation (an asset whose hash does not match) is reported as a console error.
    expect(errors).toEqual([]);
    await expect(page.locator('#filters').isVisible()).resolves.toBe(true);
    const total = results.frameworks.reduce((n, f) => n + f.summary.total, 0);
    await expect(page.locator('#filter-count').textContent()).resolves.toBe(
      `Showing ${total} of ${total} controls, ${results.findings.length} of ${results.findings.length} findings`,
    );
    for (const framework of results.frameworks) {
      const first = framework.controls.find((c) => c.status !== 'manual')!;
      const summary = page.locator(`${controlSelector(framework.id, first.id)} > summary`);
      await expect(summary.isVisible()).resolves.toBe(true);
      await expect(summary.locator('.cid').textContent()).resolves.toBe(first.id);
    }
    await page.context().close();
  });

  it('filters controls by status: only failing controls stay, a passing one is hidden', async () => {
    const { page } = await open();
    const passing = results.frameworks.flatMap((f) =>
      f.controls.filter((c) => c.status === 'pass').map((c) => ({ framework: f.id, control: c })),
    )[0]!;
    expect(passing).toBeDefined();
    const passingSummary = page.locator(`${controlSelector(passing.framework, passing.control.id)} > summary`);
    await expect(passingSummary.isVisible()).resolves.toBe(true);

    await setStatuses(page, ['fail']);
    const shown = await visibleControls(page);
    const failing = results.frameworks.reduce((n, f) => n + f.summary.fail, 0);
    expect(failing).toBeGreaterThan(0);
    expect(shown).toHaveLength(failing);
    expect(new Set(shown.map((c) => c.status))).toEqual(new Set(['fail']));
    await expect(passingSummary.isVisible()).resolves.toBe(false);
    // Manual controls are filtered out too: their collapsed group disappears.
    for (const group of await page.locator('[data-manual-group]').all()) {
      await expect(group.isVisible()).resolves.toBe(false);
    }
    // The state is kept in the URL hash and restored on load.
    expect(new URL(page.url()).hash).toBe('#status=fail');
    await page.reload();
    expect(await visibleControls(page)).toHaveLength(failing);
    await page.context().close();
  });

  it('filters by framework: other frameworks and their findings disappear', async () => {
    const { page } = await open();
    const [kept, ...others] = results.frameworks;
    expect(kept).toBeDefined();
    expect(others.length).toBeGreaterThan(0);
    await page.selectOption('select[name="framework"]', kept!.id);
    const shown = await visibleControls(page);
    expect(shown).toHaveLength(kept!.summary.total);
    expect(new Set(shown.map((c) => c.framework))).toEqual(new Set([kept!.id]));
    for (const other of others) {
      await expect(page.locator(`section.framework[data-framework="${other.id}"]`).isVisible()).resolves.toBe(false);
      await expect(page.locator(`.card[data-framework="${other.id}"]`).isVisible()).resolves.toBe(false);
    }
    const rows = await page.locator('tr[data-finding]:visible').count();
    expect(rows).toBe(results.findings.filter((f) => f.controls.some((c) => c.framework === kept!.id)).length);
    await page.context().close();
  });

  it('filters findings by severity and by text', async () => {
    const { page } = await open();
    await expect(page.locator('tr[data-finding]:visible').count()).resolves.toBe(results.findings.length);
    for (const box of await page.locator('input[name="severity"]').all()) {
      await box.setChecked((await box.getAttribute('value')) === 'critical');
    }
    const critical = results.findings.filter((f) => f.severity === 'critical');
    expect(critical.length).toBeGreaterThan(0);
    expect(critical.length).toBeLessThan(results.findings.length);
    await expect(page.locator('tr[data-finding]:visible').count()).resolves.toBe(critical.length);
    const severities = await page.$$eval('tr[data-finding]:not([hidden])', (rows) =>
      rows.map((r) => r.getAttribute('data-severity')),
    );
    expect(new Set(severities)).toEqual(new Set(['critical']));

    const target = critical[0]!;
    // A finding's message is distinctive: the search keeps exactly the critical rows that contain it.
    await page.fill('input[name="q"]', target.message.toUpperCase());
    const expected = critical.filter((f) => f.message.toLowerCase().includes(target.message.toLowerCase())).length;
    expect(expected).toBeGreaterThan(0);
    await expect(page.locator('tr[data-finding]:visible').count()).resolves.toBe(expected);
    await page.context().close();
  });

  it('is readable without JavaScript: no filter bar, every assessed control listed', async () => {
    const { page, requests } = await open({ javaScriptEnabled: false });
    expect(requests).toEqual([reportUrl]);
    await expect(page.locator('#filters').isVisible()).resolves.toBe(false);
    const assessed = results.frameworks.reduce((n, f) => n + f.summary.total - f.summary.manual, 0);
    await expect(page.locator('details.control:visible').count()).resolves.toBe(assessed);
    await page.context().close();
  });

  it('prints: filters hidden, collapsed evidence shown, frameworks on new pages, a multi-page PDF', async () => {
    const { page } = await open();
    const framework = results.frameworks[0]!;
    const control = framework.controls.find((c) => c.status !== 'manual')!;
    const evidence = page.locator(`${controlSelector(framework.id, control.id)} .evidence`);
    await expect(evidence.evaluate((el) => el.checkVisibility())).resolves.toBe(false);
    await page.emulateMedia({ media: 'print' });
    await expect(evidence.evaluate((el) => el.checkVisibility())).resolves.toBe(true);
    await expect(page.locator('#filters').isVisible()).resolves.toBe(false);
    const breakBefore = await page
      .locator('section.framework')
      .first()
      .evaluate((el) => getComputedStyle(el).breakBefore);
    expect(breakBefore).toBe('page');
    await page.emulateMedia({ media: 'screen' });

    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
    // At least the header page plus one page per framework.
    expect(pages).toBeGreaterThan(results.frameworks.length);
    await page.context().close();
  });

  it('takes a screenshot that shows the summary charts and each framework first failing control', async () => {
    const { page } = await open();
    const png = await page.screenshot();
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBe(VIEWPORT.width);
    expect(png.readUInt32BE(20)).toBe(VIEWPORT.height);
    expect(png.length).toBeGreaterThan(20_000);

    const inViewport = async (selector: string) => {
      const box = await page.locator(selector).first().boundingBox();
      return (
        box !== null &&
        box.x >= 0 &&
        box.y >= 0 &&
        box.x + box.width <= VIEWPORT.width &&
        box.y + box.height <= VIEWPORT.height
      );
    };
    for (const framework of results.frameworks) {
      await expect(inViewport(`.card[data-framework="${framework.id}"] svg.chart`), framework.id).resolves.toBe(true);
      const firstFailing = framework.controls.find((c) => c.status === 'fail');
      if (!firstFailing) continue;
      const link = `.card[data-framework="${framework.id}"] a.cid[href="#ctl--${framework.id}--${firstFailing.id}"]`;
      await expect(page.locator(link).textContent()).resolves.toBe(firstFailing.id);
      await expect(inViewport(link), `${framework.id} ${firstFailing.id}`).resolves.toBe(true);
    }
    await page.context().close();
  });
});
