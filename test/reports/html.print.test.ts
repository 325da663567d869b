// The printed report in Chromium (Debian's, driven by playwright-core): the examples' results print
// to a bounded number of pages with no blank page; in print media no badge overlaps the text beside
// it and no rule id breaks inside a word; the cover names scope, period, frameworks and who ran it.
import { execFileSync } from 'node:child_process';
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
/**
 * The examples printed to 88 Letter pages before the report had a scope section and print rules,
 * 57 after; 67 with 68 rules (each rule adds its evidence), so the bound leaves room for a few more.
 */
const MAX_LETTER_PAGES = 72;

let results: Results;
let browser: Browser;
let dir: string;
let page: Page;
let pdfFile: string;
let pageCount: number;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) to run this test`);
  }
  results = await sampleResults();
  dir = mkdtempSync(path.join(tmpdir(), 'assay-print-'));
  const file = path.join(dir, 'report.html');
  writeFileSync(file, renderHtml(results));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  page = await browser.newPage({ viewport: { width: 816, height: 1056 } });
  await page.goto(pathToFileURL(file).href);
  const pdf = await page.pdf({ format: 'Letter', printBackground: true });
  pdfFile = path.join(dir, 'report.pdf');
  writeFileSync(pdfFile, pdf);
  pageCount = (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
  await page.emulateMedia({ media: 'print' });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The text of one PDF page, by poppler's pdftotext (CI installs poppler-utils). */
function pageText(n: number): string {
  try {
    return execFileSync('pdftotext', ['-f', String(n), '-l', String(n), '-layout', pdfFile, '-'], { encoding: 'utf8' });
  } catch (error) {
    throw new Error(`pdftotext could not run (${(error as Error).message}): install poppler-utils`);
  }
}

describe('printed HTML report', () => {
  it('prints the examples to a bounded number of pages, none of them blank', () => {
    expect(pageCount).toBeGreaterThan(results.frameworks.length + 1);
    expect(pageCount).toBeLessThanOrEqual(MAX_LETTER_PAGES);
    const texts = Array.from({ length: pageCount }, (_, i) =>
      pageText(i + 1)
        .replace(/\s+/g, ' ')
        .trim(),
    );
    for (const [i, text] of texts.entries()) expect(text.length, `page ${i + 1}: ${text}`).toBeGreaterThan(100);
    // The collection method is stated once, in the scope section, not per control.
    const method = results.populations.find((p) => (p.source.method ?? '').length > 80)?.source.method;
    expect(method).toBeDefined();
    const firstWords = method!.split(/\s+/).slice(0, 8).join(' ');
    const repeats = texts.join(' ').split(firstWords).length - 1;
    expect(repeats).toBeLessThanOrEqual(2);
  });

  it('opens with a cover naming scope, period, frameworks and who ran it, then contents and sign-off', () => {
    const cover = pageText(1);
    for (const label of ['Scope', 'Period', 'Frameworks', 'Repository', 'Commit', 'Run by', 'Host', 'Contents']) {
      expect(cover).toContain(label);
    }
    expect(cover).toContain(results.run!.provenance!.commit!);
    expect(cover).toContain('compliance-bot');
    for (const f of results.frameworks) expect(cover).toContain(f.name);
    expect(pageText(pageCount)).toContain('Sign-off');
    expect(pageText(pageCount)).toContain('Approved by');
  });

  it('in print media, no badge or status overlaps the text beside it', async () => {
    const overlaps = await page.$$eval('.control > summary', (summaries) => {
      const found: string[] = [];
      for (const summary of summaries) {
        const parts = Array.from(summary.children).map((el) => ({ el, box: el.getBoundingClientRect() }));
        for (let i = 0; i < parts.length; i++) {
          for (let j = i + 1; j < parts.length; j++) {
            const a = parts[i]!.box;
            const b = parts[j]!.box;
            const apart =
              a.right <= b.left + 0.5 || b.right <= a.left + 0.5 || a.bottom <= b.top + 0.5 || b.bottom <= a.top + 0.5;
            if (!apart && a.width > 0 && b.width > 0) {
              found.push(`${summary.parentElement?.id}: "${parts[i]!.el.textContent}" / "${parts[j]!.el.textContent}"`);
            }
          }
        }
      }
      return found;
    });
    expect(overlaps).toEqual([]);
    // Every badge anywhere stays inside its cell or line box's parent.
    const escaped = await page.$$eval('.badge', (badges) =>
      badges
        .filter((b) => {
          const box = b.getBoundingClientRect();
          const parent = b.parentElement!.getBoundingClientRect();
          return box.width > 0 && (box.right > parent.right + 0.5 || box.left < parent.left - 0.5);
        })
        .map((b) => b.textContent),
    );
    expect(escaped).toEqual([]);
  });

  it('in print media, rule ids break only at their dots, never inside a word', async () => {
    await expect(page.locator('code.rid').count()).resolves.toBeGreaterThan(results.rules.length);
    const broken = await page.$$eval('code.rid', (codes) => {
      const bad: string[] = [];
      for (const code of codes) {
        const text = code.textContent ?? '';
        const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
        const chars: { ch: string; top: number }[] = [];
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          for (let i = 0; i < (node.textContent ?? '').length; i++) {
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const rect = range.getClientRects()[0];
            if (rect) chars.push({ ch: node.textContent![i]!, top: rect.top });
          }
        }
        for (let i = 1; i < chars.length; i++) {
          if (Math.abs(chars[i]!.top - chars[i - 1]!.top) > 2 && chars[i - 1]!.ch !== '.') bad.push(text);
        }
      }
      return bad;
    });
    expect(broken).toEqual([]);
  });

  it('refers each control to its populations by name, and the scope section defines every name', async () => {
    const refs = await page.$$eval('.population-refs a', (links) => links.map((a) => a.getAttribute('href')));
    expect(refs.length).toBeGreaterThan(0);
    for (const href of new Set(refs)) await expect(page.locator(`[id="${href!.slice(1)}"]`).count()).resolves.toBe(1);
    await expect(page.locator('#scope tr[id^="pop--"]').count()).resolves.toBe(results.populations.length);
  });
});
