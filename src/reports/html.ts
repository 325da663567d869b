// One self-contained HTML report: per framework a summary with an inline SVG chart and every control
// with its evidence, then findings, waivers, gaps and populations. CSS and JS are inlined from
// reports/html/ and allowed by hash in a Content-Security-Policy that forbids every network load.
// Readable without JS (the filters only hide things) and printable (see report.css @media print).

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { assetPath } from '../assets.ts';
import type {
  ControlResult,
  ControlStatus,
  DecidedValues,
  Finding,
  FindingResource,
  FrameworkResult,
  Population,
  ResultGap,
  Results,
  RuleEvidence,
  Severity,
  WaiverOutcome,
} from '../model/results.ts';
import { CONTROL_STATUSES, SEVERITIES } from '../model/results.ts';
import { StringSink, type TextSink } from '../util/json-stream.ts';
import { provenanceLines } from './provenance.ts';

export interface HtmlOptions {
  title?: string;
}

/** Failing (and waived) resources listed per control; the rest are counted and point to results.json. */
export const MAX_FAILING_PER_CONTROL = 25;
/** Passing resources named per rule inside a control; 100k-resource runs must not list them all. */
export const MAX_PASSING_PER_RULE = 10;
/** Rows in the findings table. */
export const MAX_FINDINGS = 2000;
/** Failing controls named in each framework's overview card. */
const OVERVIEW_FAILING = 5;

// Loaded once at import: static assets shipped in the repository, not per-render I/O.
const CSS = readAsset('report.css');
const JS = readAsset('report.js');

function readAsset(name: string): string {
  const text = readFileSync(assetPath('reports', 'html', name), 'utf8');
  // Inlined verbatim, so they must not be able to close their own element.
  if (/<\/(style|script)/i.test(text))
    throw new Error(`reports/html/${name} must not contain a closing style/script tag`);
  return text;
}

const cspHash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
// Nothing may be fetched: no default source, only our own inline style and script (by hash).
const CSP = `default-src 'none'; style-src ${cspHash(CSS)}; script-src ${cspHash(JS)}; base-uri 'none'; form-action 'none'`;

const STATUS_LABEL: Record<ControlStatus, string> = {
  fail: 'Fail',
  exception: 'Exception',
  'not-evaluated': 'Not evaluated',
  pass: 'Pass',
  manual: 'Manual',
};

const STATUS_MEANING: Record<ControlStatus, string> = {
  fail: 'a mapped rule has a failure no valid waiver accepts',
  exception: 'every failure is accepted by a valid, unexpired waiver',
  'not-evaluated': 'nothing in scope, or an input that may hold its resources was not read',
  pass: 'mapped rules checked at least one resource, none failed, every input read',
  manual: 'no rule can evidence it; a person must gather the evidence',
};

// Chart colours; the chart also carries text labels and <title>s, so colour is never the only signal.
const STATUS_COLOUR: Record<ControlStatus, string> = {
  fail: '#b42318',
  exception: '#c4320a',
  'not-evaluated': '#667085',
  pass: '#067647',
  manual: '#d0d5dd',
};

export function escapeHtml(value: unknown): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
const esc = escapeHtml;

/** An element id built only from safe characters, so it works unescaped in `#fragment` links. */
function anchor(...parts: string[]): string {
  return parts.map((p) => p.replace(/[^A-Za-z0-9_.-]/g, (c) => `_${c.codePointAt(0)?.toString(16)}`)).join('--');
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function formatValue(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

function where(location: FindingResource['location'], uid: string): string {
  if (location.file) return location.line ? `${location.file}:${location.line}` : location.file;
  const parts = [location.account, location.subscription, location.resourceGroup, location.region, location.host];
  const known = parts.filter(Boolean);
  return known.length ? known.join(' / ') : uid;
}

function gapWhere(gap: ResultGap): string {
  if (gap.file) return gap.line ? `${gap.file}:${gap.line}` : gap.file;
  return [gap.endpoint, gap.permission].filter(Boolean).join(' ') || '';
}

const statusBadge = (status: ControlStatus, label: string = STATUS_LABEL[status]) =>
  `<span class="badge status-${status}">${esc(label)}</span>`;
const severityBadge = (severity: Severity) => `<span class="badge sev-${severity}">${esc(severity)}</span>`;
const code = (text: unknown) => `<code>${esc(text)}</code>`;
/** A rule or control id: wraps only at its dots, never mid-word (hashes and paths may break anywhere). */
const ruleId = (id: string) => `<code class="rid">${esc(id).replaceAll('.', '.<wbr>')}</code>`;

/** Lookups built once per render, so per-control evidence is linear in what it shows. */
interface Index {
  results: Results;
  findings: Map<string, Finding>;
  evidence: Map<string, RuleEvidence>;
  resources: Map<string, FindingResource>;
  populations: Map<string, Population>;
  gaps: Map<string, ResultGap>;
  ruleTitles: Map<string, string>;
  /** "P1", "P2", ...: the short name each population has in the scope section, which controls refer to. */
  populationRef: Map<string, string>;
}

function buildIndex(results: Results): Index {
  return {
    results,
    findings: new Map(results.findings.map((f) => [f.fingerprint, f])),
    evidence: new Map(results.evidence.map((e) => [e.ruleId, e])),
    resources: new Map(results.resources.map((r) => [r.uid, r])),
    populations: new Map(results.populations.map((p) => [p.id, p])),
    gaps: new Map(results.gaps.map((g) => [g.id, g])),
    ruleTitles: new Map(results.rules.map((r) => [r.id, r.title])),
    populationRef: new Map(results.populations.map((p, i) => [p.id, `P${i + 1}`])),
  };
}

export function renderHtml(results: Results, options: HtmlOptions = {}): string {
  const sink = new StringSink();
  writeHtml(results, sink, options);
  return sink.text();
}

/**
 * The report section by section: the cover (scope, period, frameworks, who ran it), contents, the
 * scope and method stated once, the frameworks' controls (which refer to populations by name),
 * findings, waivers, gaps, and a sign-off page.
 */
export function writeHtml(results: Results, sink: TextSink, options: HtmlOptions = {}): void {
  const index = buildIndex(results);
  const title = options.title ?? 'assay compliance report';
  const piece = (text: string) => sink.write(`${text}\n`);
  piece(
    [
      '<!doctype html>',
      '<html lang="en">',
      '<head>',
      '<meta charset="utf-8">',
      `<meta http-equiv="Content-Security-Policy" content="${esc(CSP)}">`,
      '<meta name="viewport" content="width=device-width, initial-scale=1">',
      '<meta name="referrer" content="no-referrer">',
      `<title>${esc(title)}</title>`,
      `<style>${CSS}</style>`,
      '</head>',
      '<body>',
    ].join('\n'),
  );
  piece(cover(results, title));
  piece(filters(results));
  piece('<main>');
  piece(overview(results));
  piece(scopeAndMethod(results, index));
  for (const f of results.frameworks) piece(frameworkSection(f, index));
  piece(findingsSection(results));
  piece(waiversSection(results.waivers));
  piece(gapsSection(results));
  piece(signOff(results));
  piece('</main>');
  piece(`<script>${JS}</script>\n</body>\n</html>`);
}

/** The contents, in report order, as [anchor, label]. */
function contents(results: Results): [string, string][] {
  return [
    ['overview', 'Frameworks at a glance'],
    ['scope', 'Scope and method'],
    ...results.frameworks.map((f): [string, string] => [anchor('fw', f.id), `${f.name} ${f.version}`]),
    ['findings', 'Findings'],
    ['waivers', 'Waivers and accepted exceptions'],
    ['gaps', 'Gaps: inputs not read'],
    ['signoff', 'Sign-off'],
  ];
}

/** The earliest start and latest end of every collection: the period the evidence describes. */
function period(results: Results): string {
  const times = results.snapshots.flatMap((s) => s.sources.flatMap((src) => [src.startedAt, src.finishedAt]));
  if (times.length === 0) return 'no collection';
  const sorted = [...times].sort();
  return `${sorted[0]} → ${sorted[sorted.length - 1]}`;
}

function cover(results: Results, title: string): string {
  const s = results.summary;
  const targets = [
    ...new Set(results.snapshots.flatMap((snap) => snap.sources.map((src) => `${src.collector}: ${src.target}`))),
  ];
  const frameworks = results.frameworks.map((f) => `${f.name} ${f.version}`);
  const facts: [string, string][] = [
    [
      'Scope',
      `${targets.length ? targets.map(esc).join('<br>') : 'nothing collected'}<br><small>${esc(plural(s.resources, 'resource'))} in scope of ${esc(plural(s.rules, 'rule'))}</small>`,
    ],
    ['Period', `${esc(period(results))}<br><small>report generated ${esc(results.generatedAt)}</small>`],
    ['Frameworks', frameworks.length ? frameworks.map(esc).join('<br>') : 'none assessed'],
    [
      'Result',
      `${esc(s.findings)} findings (${esc(s.open)} open, ${esc(s.waived)} waived); open by severity: ` +
        `${SEVERITIES.map((sev) => `${esc(sev)} ${esc(s.bySeverity[sev] ?? 0)}`).join(', ')}; ${esc(plural(s.gaps, 'gap'))}`,
    ],
  ];
  const factRows = facts.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${v}</td></tr>`).join('');
  // Who ran it, where, from which code: hashes and ids in code so they read exactly.
  const provenance = provenanceLines(results)
    .map(([k, v]) => {
      const exact = /sha256|commit|run id/i.test(k) && v !== 'unknown';
      return `<tr><th scope="row">${esc(k)}</th><td>${exact ? code(v) : esc(v)}</td></tr>`;
    })
    .join('');
  const toc = contents(results)
    .map(([id, label]) => `<li><a href="#${id}">${esc(label)}</a></li>`)
    .join('');
  return [
    '<header class="cover report-header">',
    `<h1>${esc(title)}</h1>`,
    '<p class="subtitle">Configuration evidence: control status, the populations tested, findings and exceptions</p>',
    `<table class="cover-facts"><tbody>${factRows}</tbody></table>`,
    // Collapsed on screen (the charts come first), printed open on the cover.
    `<details class="provenance-block"><summary>Who ran it, where, from which code: ${esc(whoRanIt(results))}</summary>`,
    `<table class="provenance"><tbody>${provenance}</tbody></table></details>`,
    `<nav class="toc" aria-label="Contents"><h2>Contents</h2><ol>${toc}</ol></nav>`,
    '</header>',
  ].join('\n');
}

/** One line for the collapsed provenance: who, on which host, from which commit. */
function whoRanIt(results: Results): string {
  const p = results.run?.provenance;
  if (!p) return 'not recorded';
  const commit = p.commit === null ? 'unknown commit' : `commit ${p.commit.slice(0, 12)}`;
  return `${p.actor ?? 'unknown'} on ${p.host ?? 'unknown host'}, ${commit}${p.ciSystem ? ` (${p.ciSystem})` : ''}`;
}

/** Stated once: how the evidence was obtained (sources, populations) and what each status means. */
function scopeAndMethod(results: Results, index: Index): string {
  const statuses = CONTROL_STATUSES.map((st) => `<li>${statusBadge(st)} ${esc(STATUS_MEANING[st])}</li>`).join('');
  return [
    '<section id="scope" class="scope">',
    '<h2>Scope and method</h2>',
    '<p>Each source below was collected into a snapshot (hashed with SHA-256). Every rule was evaluated against ' +
      'every resource of the kinds it covers; a resource whose deciding value is unknown is reported as not ' +
      'evaluated, never as passed. Controls are assessed from the rules mapped to them; the control sections ' +
      'refer to the populations below by name (P1, P2, …) instead of repeating how they were obtained.</p>',
    `<ul class="status-meanings">${statuses}</ul>`,
    snapshotsTable(results.snapshots),
    populationsTable(results.populations, index),
    '</section>',
  ].join('\n');
}

function signOff(results: Results): string {
  const rows = ['Prepared by', 'Reviewed by', 'Approved by']
    .map((role) => `<tr><th scope="row">${esc(role)}</th><td></td><td></td><td></td></tr>`)
    .join('');
  const run = results.run ? ` (run ${code(results.run.id)})` : '';
  return [
    '<section id="signoff" class="signoff">',
    '<h2>Sign-off</h2>',
    `<p>This report was generated by assay ${esc(results.tool.version)}${run}. The evidence folder's manifest.json ` +
      'lists the SHA-256 of this report and of every artifact behind it; <code>assay verify</code> re-checks them.</p>',
    '<table class="signoff-table"><thead><tr><th>Role</th><th>Name</th><th>Signature</th><th>Date</th></tr></thead>',
    `<tbody>${rows}</tbody></table>`,
    '</section>',
  ].join('\n');
}

function snapshotsTable(snapshots: Results['snapshots']): string {
  if (snapshots.length === 0) return '<p class="empty">No snapshots.</p>';
  const rows = snapshots.flatMap((snap) =>
    snap.sources.map(
      (src, i) =>
        `<tr>${i === 0 ? `<td rowspan="${snap.sources.length}">${code(snap.sha256)}<br><small>collected ${esc(snap.collectedAt)}</small></td>` : ''}` +
        `<td>${esc(src.collector)}</td><td>${esc(src.target)}</td><td>${esc(src.status)}</td>` +
        `<td>${method(src.method, src.queries)}</td>` +
        `<td>${esc(src.startedAt)} → ${esc(src.finishedAt)}</td><td class="num">${esc(src.itemCount ?? '—')}</td></tr>`,
    ),
  );
  return [
    '<table class="snapshots">',
    '<caption>Snapshots and their sources</caption>',
    '<thead><tr><th>Snapshot sha256</th><th>Collector</th><th>Target</th><th>Status</th><th>Method</th><th>Time window</th><th>Items</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody>`,
    '</table>',
  ].join('\n');
}

// How a source was read can be a paragraph: collapsed behind its first words (printed open).
function method(text: string | undefined, queries: string[] | undefined): string {
  const list = queries?.length ? `<ul class="queries">${queries.map((q) => `<li>${code(q)}</li>`).join('')}</ul>` : '';
  if (!text) return `—${list}`;
  if (text.length <= 80 && !list) return esc(text);
  const words = text.split(/\s+/).slice(0, 6).join(' ');
  return `<details class="method"><summary>${esc(words)}…</summary>${esc(text)}${list}</details>`;
}

// Hidden until the script runs: without JS there is nothing to filter and the whole report shows.
function filters(results: Results): string {
  const frameworkOptions = results.frameworks
    .map((f) => `<option value="${esc(f.id)}">${esc(f.name)} ${esc(f.version)}</option>`)
    .join('');
  const statusBoxes = CONTROL_STATUSES.map(
    (s) => `<label><input type="checkbox" name="status" value="${esc(s)}" checked> ${esc(STATUS_LABEL[s])}</label>`,
  ).join('');
  const severityBoxes = SEVERITIES.map(
    (s) => `<label><input type="checkbox" name="severity" value="${esc(s)}" checked> ${esc(s)}</label>`,
  ).join('');
  return [
    '<nav class="filters" id="filters" hidden aria-label="Filters">',
    `<label>Framework <select name="framework"><option value="">All frameworks</option>${frameworkOptions}</select></label>`,
    `<fieldset><legend>Control status</legend>${statusBoxes}</fieldset>`,
    `<fieldset><legend>Finding severity</legend>${severityBoxes}</fieldset>`,
    '<label>Search <input type="search" name="q" placeholder="id, title, resource…"></label>',
    '<output id="filter-count" aria-live="polite"></output>',
    '</nav>',
  ].join('\n');
}

function overview(results: Results): string {
  if (results.frameworks.length === 0) {
    return '<section id="overview" class="overview"><h2>Frameworks at a glance</h2><p class="empty">No framework was assessed.</p></section>';
  }
  const cards = results.frameworks.map((f) => {
    const failing = f.controls.filter((c) => c.status === 'fail');
    const listed = failing
      .slice(0, OVERVIEW_FAILING)
      .map((c) => `<li><a class="cid" href="#${anchor('ctl', f.id, c.id)}">${esc(c.id)}</a> ${esc(c.title)}</li>`)
      .join('');
    const more = failing.length > OVERVIEW_FAILING ? `<li>and ${failing.length - OVERVIEW_FAILING} more</li>` : '';
    return [
      `<article class="card" data-framework="${esc(f.id)}">`,
      `<h3><a href="#${anchor('fw', f.id)}">${esc(f.name)} ${esc(f.version)}</a></h3>`,
      chart(f),
      counts(f),
      failing.length
        ? `<h4>Failing controls</h4><ul class="failing">${listed}${more}</ul>`
        : '<p>No failing controls.</p>',
      '</article>',
    ].join('\n');
  });
  return `<section id="overview" class="overview"><h2>Frameworks at a glance</h2><div class="cards">${cards.join('\n')}</div></section>`;
}

/** A stacked bar of control statuses, with counts as text and a <title> per segment. */
export function chart(f: FrameworkResult): string {
  const width = 360;
  const total = f.summary.total;
  const described = CONTROL_STATUSES.map((s) => `${f.summary[s]} ${STATUS_LABEL[s].toLowerCase()}`).join(', ');
  const titleId = anchor('chart', f.id);
  let x = 0;
  const segments = CONTROL_STATUSES.filter((s) => f.summary[s] > 0).map((s) => {
    const n = f.summary[s];
    const w = total ? (n / total) * width : 0;
    const label = w >= 22 ? `<text x="${(x + w / 2).toFixed(1)}" y="21" text-anchor="middle">${n}</text>` : '';
    const rect = `<g class="seg status-${s}"><title>${esc(`${STATUS_LABEL[s]}: ${n} of ${total}`)}</title><rect x="${x.toFixed(1)}" y="4" width="${w.toFixed(1)}" height="26" fill="${STATUS_COLOUR[s]}"></rect>${label}</g>`;
    x += w;
    return rect;
  });
  const empty = total ? '' : `<rect x="0" y="4" width="${width}" height="26" fill="none" stroke="#667085"></rect>`;
  return [
    `<svg class="chart" role="img" aria-labelledby="${titleId}" viewBox="0 0 ${width} 34" width="${width}" height="34">`,
    `<title id="${titleId}">${esc(`${f.name}: ${total} controls — ${described}`)}</title>`,
    empty,
    ...segments,
    '</svg>',
  ].join('');
}

function counts(f: FrameworkResult): string {
  const items = CONTROL_STATUSES.map(
    (s) =>
      `<li class="count status-${s}" title="${esc(STATUS_MEANING[s])}"><span class="swatch status-${s}"></span>${esc(STATUS_LABEL[s])} <strong>${esc(f.summary[s])}</strong>${s === 'pass' && f.summary.passLimitedScope ? ` (${esc(f.summary.passLimitedScope)} limited scope)` : ''}</li>`,
  );
  return `<ul class="counts">${items.join('')}<li class="count total">Total <strong>${esc(f.summary.total)}</strong></li></ul>`;
}

function frameworkSection(f: FrameworkResult, index: Index): string {
  const assessed = f.controls.filter((c) => c.status !== 'manual');
  const manual = f.controls.filter((c) => c.status === 'manual');
  return [
    `<section class="framework" id="${anchor('fw', f.id)}" data-framework="${esc(f.id)}">`,
    `<h2>${esc(f.name)} ${esc(f.version)}${f.publisher ? ` <small>${esc(f.publisher)}</small>` : ''}</h2>`,
    counts(f),
    assessed.length
      ? `<div class="controls">${assessed.map((c) => controlDetails(f, c, index)).join('\n')}</div>`
      : '<p class="empty">No automated controls.</p>',
    manual.length ? manualGroup(f, manual) : '',
    '</section>',
  ].join('\n');
}

// Manual controls are many (48+ per framework) and carry no evidence: one compact, collapsed table.
function manualGroup(f: FrameworkResult, manual: ControlResult[]): string {
  const rows = manual.map(
    (c) =>
      `<tr id="${anchor('ctl', f.id, c.id)}" data-control data-framework="${esc(f.id)}" data-status="manual"><td class="cid">${esc(c.id)}</td><td>${esc(c.title)}</td><td>${esc(c.section)}</td><td>${statusBadge('manual')}</td></tr>`,
  );
  return [
    `<details class="manual-group" data-manual-group data-framework="${esc(f.id)}">`,
    `<summary>${esc(plural(manual.length, 'manual control'))}: ${esc(STATUS_MEANING.manual)}</summary>`,
    '<table class="manual"><thead><tr><th>Control</th><th>Title</th><th>Section</th><th>Status</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody></table>`,
    '</details>',
  ].join('\n');
}

function controlDetails(f: FrameworkResult, c: ControlResult, index: Index): string {
  return [
    `<details class="control status-${c.status}" id="${anchor('ctl', f.id, c.id)}" data-control data-framework="${esc(f.id)}" data-status="${esc(c.status)}">`,
    `<summary><span class="cid">${esc(c.id)}</span><span class="ctitle">${esc(c.title)}</span>` +
      `<span class="auto">${esc(c.automation)}</span>${statusBadge(c.status, c.passScope === 'limited' ? 'Pass (limited scope)' : undefined)}<span class="reason">${esc(c.statusReason)}</span></summary>`,
    '<div class="evidence">',
    `<p class="section-name">${esc(c.section)} · ${esc(STATUS_LABEL[c.status])}: ${esc(STATUS_MEANING[c.status])}.${c.coverage ? ` Coverage: ${esc(c.coverage.summary)}` : ''}</p>`,
    rulesTable(c, index),
    populationsOf(c, index),
    failingResources(c, index),
    waivedFindings(c, index),
    passingResources(c, index),
    notEvaluatedResources(c, index),
    gapsOf(c, index),
    '</div>',
    '</details>',
  ].join('\n');
}

function rulesTable(c: ControlResult, index: Index): string {
  if (c.rules.length === 0) return '<p class="empty">No rule is mapped to this control.</p>';
  const rows = c.rules.map(
    (r) =>
      `<tr><td>${ruleId(r.ruleId)}<br><small>${esc(index.ruleTitles.get(r.ruleId) ?? '')}</small></td><td>${esc(r.reason)}</td>` +
      `<td class="num">${esc(r.inScope)}</td><td class="num">${esc(r.passed)}</td><td class="num">${esc(r.failed)}</td><td class="num">${esc(r.waived)}</td><td class="num">${esc(r.notEvaluated ?? 0)}</td></tr>`,
  );
  return [
    '<table class="rules"><caption>Rules</caption>',
    '<thead><tr><th>Rule</th><th>Why it evidences the control</th><th>In scope</th><th>Passed</th><th>Failed</th><th>Waived</th><th>Not evaluated</th></tr></thead>',
    `<tbody>${rows.join('')}</tbody></table>`,
  ].join('\n');
}

/** The populations this control's rules tested, by their name in the scope section. */
function populationsOf(c: ControlResult, index: Index): string {
  const ids = [...new Set(c.rules.flatMap((r) => r.populations))];
  if (ids.length === 0) return '';
  const refs = ids.map((id) => {
    const p = index.populations.get(id);
    const ref = index.populationRef.get(id);
    if (!p || !ref) return `${code(id)} (not in results)`;
    return `<a href="#${anchor('pop', ref)}">${esc(ref)}</a> ${ruleId(p.kind)} (${esc(p.count)})`;
  });
  return `<p class="population-refs">Populations tested (see Scope and method): ${refs.join(', ')}</p>`;
}

function findingsOf(c: ControlResult, index: Index): Finding[] {
  return c.findings.map((fp) => index.findings.get(fp)).filter((f): f is Finding => f !== undefined);
}

function evidenceText(f: Finding): string {
  if (!f.evidence) return '';
  const defaulted = f.evidence.defaulted ? ' <small>(default)</small>' : '';
  return `${code(f.evidence.property)} = ${code(formatValue(f.evidence.value))}${defaulted}`;
}

function moreNote(shown: number, total: number): string {
  return total > shown ? `<p class="more">${esc(total - shown)} more in results.json</p>` : '';
}

function failingResources(c: ControlResult, index: Index): string {
  const open = findingsOf(c, index).filter((f) => !f.waiver);
  if (open.length === 0) return '';
  const shown = open.slice(0, MAX_FAILING_PER_CONTROL);
  const items = shown.map(
    (f) =>
      `<li>${severityBadge(f.severity)} <strong>${esc(f.resource.name)}</strong> <small>${esc(f.resource.nativeType)}</small> at ${code(where(f.resource.location, f.resource.uid))}` +
      `<br>${esc(f.message)} <small>(${ruleId(f.ruleId)})</small>${f.evidence ? `<br>${evidenceText(f)}` : ''}</li>`,
  );
  return `<h4>Failing resources (${esc(open.length)})</h4><ul class="failing-resources">${items.join('')}</ul>${moreNote(shown.length, open.length)}`;
}

function waiverText(w: {
  reason: string;
  ticket?: string;
  approver?: string;
  expires: string;
  origin?: string;
}): string {
  return [
    `reason: ${esc(w.reason)}`,
    `ticket: ${esc(w.ticket ?? '—')}`,
    `approver: ${esc(w.approver ?? '—')}`,
    `expires: ${esc(w.expires)}`,
    ...(w.origin ? [`written at ${code(w.origin)}`] : []),
  ].join('; ');
}

function waivedFindings(c: ControlResult, index: Index): string {
  const waived = findingsOf(c, index).filter((f) => f.waiver);
  if (waived.length === 0) return '';
  const shown = waived.slice(0, MAX_FAILING_PER_CONTROL);
  const items = shown.map((f) => {
    const w = f.waiver!;
    return (
      `<li>${severityBadge(f.severity)} <strong>${esc(f.resource.name)}</strong> <small>${esc(f.resource.nativeType)}</small> at ${code(where(f.resource.location, f.resource.uid))}` +
      `<br>${esc(f.message)} <small>(${ruleId(f.ruleId)})</small>${f.evidence ? `<br>${evidenceText(f)}` : ''}` +
      `<br><span class="waiver">Accepted exception, waiver ${esc(w.id)}: ${waiverText(w)}</span></li>`
    );
  });
  return `<h4>Accepted exceptions (${esc(waived.length)})</h4><ul class="waived-resources">${items.join('')}</ul>${moreNote(shown.length, waived.length)}`;
}

function passingResources(c: ControlResult, index: Index): string {
  const parts = c.rules.flatMap((r) => {
    const evidence = index.evidence.get(r.ruleId);
    const passed = evidence?.passed ?? [];
    if (passed.length === 0) return [];
    const values = new Map((evidence?.values ?? []).map((v) => [v.uid, v]));
    const names = passed.slice(0, MAX_PASSING_PER_RULE).map((uid) => {
      const res = index.resources.get(uid);
      const decided = decidedText(values.get(uid));
      return res
        ? `<li>${esc(res.name)} <small>${esc(res.nativeType)} at ${esc(where(res.location, uid))}</small>${decided}</li>`
        : `<li>${code(uid)}${decided}</li>`;
    });
    return [
      `<li>${ruleId(r.ruleId)}: ${esc(passed.length)} passed<ul>${names.join('')}</ul>${moreNote(names.length, passed.length)}</li>`,
    ];
  });
  return parts.length ? `<h4>Passing resources</h4><ul class="passing-resources">${parts.join('')}</ul>` : '';
}

/** Resources in scope that a rule could not evaluate, each with why (an unknown value). */
function notEvaluatedResources(c: ControlResult, index: Index): string {
  const parts = c.rules.flatMap((r) => {
    const evidence = index.evidence.get(r.ruleId);
    const uids = evidence?.notEvaluated ?? [];
    if (uids.length === 0) return [];
    const names = uids.slice(0, MAX_PASSING_PER_RULE).map((uid) => {
      const res = index.resources.get(uid);
      const why = (evidence?.notEvaluatedReasons[uid] ?? []).map((reason) => `<li>${esc(reason)}</li>`).join('');
      const name = res
        ? `${esc(res.name)} <small>${esc(res.nativeType)} at ${esc(where(res.location, uid))}</small>`
        : code(uid);
      return `<li>${name}<ul>${why}</ul></li>`;
    });
    return [
      `<li>${ruleId(r.ruleId)}: ${esc(uids.length)} not evaluated<ul>${names.join('')}</ul>${moreNote(names.length, uids.length)}</li>`,
    ];
  });
  return parts.length
    ? `<h4>Not evaluated (unknown values)</h4><ul class="not-evaluated-resources">${parts.join('')}</ul>`
    : '';
}

/** The property values the rule decided on, so a pass shows why it passed. */
function decidedText(decided: DecidedValues | undefined): string {
  if (!decided) return '';
  const entries = Object.entries(decided.values);
  if (entries.length === 0) return ' <small class="decided">(decided on: nothing stated in the source)</small>';
  const shown = entries.map(([path, value]) => {
    const note = decided.defaulted?.includes(path) ? ' (provider default)' : '';
    return `${code(path)} = ${code(JSON.stringify(value))}${esc(note)}`;
  });
  return ` <small class="decided">${shown.join(', ')}</small>`;
}

function gapsOf(c: ControlResult, index: Index): string {
  if (c.gaps.length === 0) return '';
  // Named up to the same bound as failing resources: a run with 100,000 gaps touching every control
  // would otherwise repeat them all under each one (the gaps section lists each once).
  const items = c.gaps.slice(0, MAX_FAILING_PER_CONTROL).map((id) => {
    const g = index.gaps.get(id);
    if (!g) return `<li>${code(id)}</li>`;
    return `<li><a href="#${anchor('gap', g.id)}">${esc(g.id)}</a> ${esc(g.reason)}: ${esc(g.message)}${gapWhere(g) ? ` at ${code(gapWhere(g))}` : ''}</li>`;
  });
  return `<h4>Gaps touching this control (${esc(c.gaps.length)})</h4><ul class="gaps">${items.join('')}</ul>${moreNote(items.length, c.gaps.length)}`;
}

function findingsSection(results: Results): string {
  const all = results.findings;
  if (all.length === 0)
    return '<section id="findings" class="findings"><h2>Findings</h2><p class="empty">No findings.</p></section>';
  const shown = all.slice(0, MAX_FINDINGS);
  const rows = shown.map((f) => {
    const frameworks = [...new Set(f.controls.map((c) => c.framework))];
    const controls = f.controls.map((c) => `${c.framework} ${c.control}`).join(', ');
    const state = f.waiver
      ? `<span class="badge state-waived">Waived</span> by ${esc(f.waiver.id)}<br><small>${waiverText(f.waiver)}</small>`
      : '<span class="badge state-open">Open</span>';
    return (
      `<tr data-finding data-severity="${esc(f.severity)}" data-frameworks="${esc(` ${frameworks.join(' ')} `)}" data-state="${f.waiver ? 'waived' : 'open'}">` +
      `<td>${severityBadge(f.severity)}</td><td>${ruleId(f.ruleId)}<br><small>${esc(f.title)}</small></td>` +
      `<td><strong>${esc(f.resource.name)}</strong><br><small>${esc(f.resource.nativeType)}</small></td>` +
      `<td>${code(where(f.resource.location, f.resource.uid))}</td><td>${esc(f.message)}</td><td>${evidenceText(f)}</td>` +
      `<td>${state}</td><td><small>${esc(controls)}</small></td></tr>`
    );
  });
  return [
    '<section id="findings" class="findings">',
    `<h2>Findings</h2><p>${esc(results.summary.findings)} failures: ${esc(results.summary.open)} open, ${esc(results.summary.waived)} accepted by waivers.</p>`,
    '<table class="findings-table"><thead><tr><th>Severity</th><th>Rule</th><th>Resource</th><th>Location</th><th>Message</th><th>Evidence</th><th>Status</th><th>Controls</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody></table>`,
    moreNote(shown.length, all.length),
    '</section>',
  ].join('\n');
}

function waiversSection(waivers: WaiverOutcome[]): string {
  if (waivers.length === 0)
    return '<section id="waivers" class="waivers"><h2>Waivers</h2><p class="empty">No waivers.</p></section>';
  const rows = waivers.map(
    (w) =>
      `<tr data-waiver data-state="${esc(w.state)}"><td>${esc(w.id)}</td><td><span class="badge waiver-${esc(w.state)}">${esc(w.state)}</span></td>` +
      `<td>${ruleId(w.rule)}</td><td>${code(JSON.stringify(w.selector))}</td><td>${esc(w.reason)}</td><td>${esc(w.ticket ?? '—')}</td>` +
      `<td>${esc(w.approver ?? '—')}</td><td>${esc(w.expires)}</td><td>${code(w.origin)}</td><td class="num">${esc(w.findings.length)}</td><td>${esc(w.message ?? '')}</td></tr>`,
  );
  return [
    '<section id="waivers" class="waivers">',
    '<h2>Waivers</h2>',
    '<p>Applied: accepted at least one failure. Expired: past its date, its failures count again. Stale: matched no failing resource. Invalid: could not be read.</p>',
    '<table><thead><tr><th>Id</th><th>State</th><th>Rule</th><th>Selector</th><th>Reason</th><th>Ticket</th><th>Approver</th><th>Expires</th><th>Written at</th><th>Findings</th><th>Note</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody></table>`,
    '</section>',
  ].join('\n');
}

function gapsSection(results: Results): string {
  if (results.gaps.length === 0) {
    return '<section id="gaps" class="gaps-section"><h2>Gaps</h2><p class="empty">Every input was read.</p></section>';
  }
  const touched = new Map<string, string[]>();
  for (const f of results.frameworks) {
    for (const c of f.controls) {
      for (const id of c.gaps) touched.set(id, [...(touched.get(id) ?? []), `${f.id} ${c.id}`]);
    }
  }
  const rows = results.gaps.map((g) => {
    const controls = touched.get(g.id) ?? [];
    return (
      `<tr id="${anchor('gap', g.id)}"><td>${esc(g.id)}</td><td>${esc(g.source)}</td><td>${esc(g.reason)}</td><td>${esc(g.message)}</td>` +
      `<td>${gapWhere(g) ? code(gapWhere(g)) : '—'}</td><td>${esc(g.kinds?.join(', ') ?? 'any')}</td><td><small>${esc(controls.join(', ') || '—')}</small></td></tr>`
    );
  });
  return [
    '<section id="gaps" class="gaps-section">',
    '<h2>Gaps</h2><p>Inputs that were not read. Controls whose resources they may hold are not evaluated, never passed.</p>',
    '<table><thead><tr><th>Id</th><th>Source</th><th>Reason</th><th>Message</th><th>Where</th><th>Kinds</th><th>Controls</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody></table>`,
    '</section>',
  ].join('\n');
}

function populationsTable(populations: Population[], index: Index): string {
  if (populations.length === 0) return '<p class="empty">No population was tested.</p>';
  const rows = populations.map((p) => {
    const ref = index.populationRef.get(p.id) ?? '';
    return (
      `<tr id="${anchor('pop', ref)}"><td>${esc(ref)}</td><td>${ruleId(p.kind)}</td><td>${esc(p.source.collector)}: ${esc(p.source.target)}</td>` +
      `<td>${esc(p.source.startedAt)} → ${esc(p.source.finishedAt)}</td><td class="num">${esc(p.count)}</td><td>${code(p.sha256)}</td><td>${code(p.snapshotSha256.slice(0, 12))}</td></tr>`
    );
  });
  return [
    '<table id="populations" class="populations"><caption>Populations: every set of resources a rule tested, how it was obtained, its size and a hash over its resources</caption>',
    '<thead><tr><th>Name</th><th>Kind</th><th>Source (its method: see the sources above)</th><th>Time window</th><th>Count</th><th>sha256</th><th>Snapshot</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody></table>`,
  ].join('\n');
}
