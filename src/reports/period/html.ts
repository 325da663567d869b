// The period report as one self-contained HTML page: the runs and the schedule, then per framework
// every assessed control with a timeline chart (inline SVG: one band per run coloured by status, the
// longest failing stretch marked above it, missed scheduled runs marked below), its record and its
// exceptions. No script; the only style is inline and allowed by hash; nothing is fetched.
import { createHash } from 'node:crypto';
import type { PeriodControl, PeriodReport } from '../../model/period.ts';
import type { ControlStatus } from '../../model/results.ts';
import { escapeHtml as esc } from '../html.ts';
import { day, passRate, periodText, scheduleText, stretchText, verdict } from './common.ts';

const COLOUR: Record<ControlStatus, string> = {
  fail: '#b42318',
  exception: '#c4320a',
  'not-evaluated': '#98a2b3',
  pass: '#067647',
  manual: '#d0d5dd',
};

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#101828;padding:0 1rem}
h1{font-size:1.6rem}h2{margin-top:2.2rem;border-bottom:1px solid #d0d5dd;break-before:page}
table{border-collapse:collapse;width:100%;margin:.6rem 0}td,th{border-bottom:1px solid #eaecf0;padding:.3rem .4rem;text-align:left;vertical-align:top}
.control{margin:1rem 0;padding:.6rem .8rem;border:1px solid #eaecf0;border-radius:6px;break-inside:avoid}
.control h3{margin:0 0 .3rem;font-size:1rem}.cid{font-family:ui-monospace,monospace}
.record{font-weight:600}.record-failing,.record-failed{color:#b42318}.record-passed{color:#067647}
.legend span{display:inline-block;margin-right:1rem}
svg.timeline{display:block;width:100%;height:auto;max-width:900px}
.missed{color:#b42318}`;

const cspHash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const CSP = `default-src 'none'; style-src ${cspHash(CSS)}; base-uri 'none'; form-action 'none'`;

const WIDTH = 900;
const BAND_Y = 14;
const BAND_H = 22;
const HEIGHT = 52;

const anchor = (c: PeriodControl) => `ctl--${c.framework}--${c.control}`.replace(/[^A-Za-z0-9_.-]/g, '_');

/** The control's runs as bands: consecutive runs of one status merge; a band ends where the next run starts, or after a typical interval. */
export function timelineSvg(report: PeriodReport, c: PeriodControl): string {
  const start = Date.parse(report.period.from);
  const end = Date.parse(report.period.to);
  const x = (t: number) => ((Math.min(Math.max(t, start), end) - start) / (end - start)) * WIDTH;
  const times = c.timeline.map((e) => Date.parse(e.startedAt));
  const intervals = times
    .slice(1)
    .map((t, i) => t - times[i]!)
    .sort((a, b) => a - b);
  const typical = intervals[Math.floor(intervals.length / 2)] ?? (end - start) / 30;
  const parts: string[] = [];
  let i = 0;
  while (i < c.timeline.length) {
    let j = i;
    const status = c.timeline[i]!.status;
    // Merge while the status holds and the next run follows within twice the typical interval.
    while (
      j + 1 < c.timeline.length &&
      c.timeline[j + 1]!.status === status &&
      times[j + 1]! - times[j]! <= 2 * typical
    )
      j++;
    const from = times[i]!;
    const to = Math.min(
      j + 1 < times.length && times[j + 1]! - times[j]! <= 2 * typical ? times[j + 1]! : times[j]! + typical,
      end,
    );
    const runs = j - i + 1;
    const label = `${status}: ${runs} run${runs === 1 ? '' : 's'}, ${day(c.timeline[i]!.startedAt)}${runs > 1 ? ` to ${day(c.timeline[j]!.startedAt)}` : ''}`;
    parts.push(
      `<rect data-status="${status}" data-runs="${runs}" x="${x(from).toFixed(2)}" y="${BAND_Y}" width="${Math.max(x(to) - x(from), 1).toFixed(2)}" height="${BAND_H}" fill="${COLOUR[status]}"><title>${esc(label)}</title></rect>`,
    );
    i = j + 1;
  }
  const s = c.longestFailing;
  if (s) {
    const x1 = x(Date.parse(s.from));
    const x2 = Math.max(x(Date.parse(s.to) + typical), x1 + 2);
    parts.push(
      `<g class="stretch"><path d="M${x1.toFixed(2)} 11V5H${x2.toFixed(2)}V11" fill="none" stroke="#b42318" stroke-width="1.5"/><title>${esc(`longest failing stretch: ${stretchText(c)}`)}</title></g>`,
    );
  }
  for (const m of report.schedule?.missed ?? []) {
    const x1 = x(Date.parse(m.from));
    parts.push(
      `<rect class="missed-slot" x="${x1.toFixed(2)}" y="${BAND_Y + BAND_H + 4}" width="${Math.max(x(Date.parse(m.to)) - x1, 1.5).toFixed(2)}" height="6" fill="#101828"><title>${esc(`missed scheduled run: ${m.from} to ${m.to}`)}</title></rect>`,
    );
  }
  const title = `${c.framework} ${c.control} from ${periodText(report)}: passed in ${c.passed} of ${c.runs} runs`;
  return `<svg class="timeline" role="img" viewBox="0 0 ${WIDTH} ${HEIGHT}" xmlns="http://www.w3.org/2000/svg" aria-label="${esc(title)}"><title>${esc(title)}</title><rect x="0" y="${BAND_Y}" width="${WIDTH}" height="${BAND_H}" fill="#f2f4f7"/>${parts.join('')}</svg>`;
}

function controlBlock(report: PeriodReport, c: PeriodControl): string {
  const record = verdict(c);
  const exceptions = c.exceptions.length
    ? `<table class="exceptions"><tr><th>Waiver</th><th>Reason</th><th>Approver</th><th>Ticket</th><th>Expires</th><th>State in the period</th><th>Runs</th></tr>${c.exceptions
        .map(
          (e) =>
            `<tr><td>${esc(e.waiver)}</td><td>${esc(e.reason)}</td><td>${esc(e.approver ?? 'none')}</td><td>${esc(e.ticket ?? '-')}</td><td>${esc(e.expires)}</td><td>${esc(e.states.join(', '))}</td><td>${e.runs}</td></tr>`,
        )
        .join('')}</table>`
    : '';
  return `<section class="control" id="${anchor(c)}" data-control="${esc(`${c.framework}:${c.control}`)}" data-record="${esc(record)}">
<h3><span class="cid">${esc(c.control)}</span> ${esc(c.title)} <span class="record record-${record.split(' ')[0]}">${esc(record)}</span></h3>
${timelineSvg(report, c)}
<p>Passed in <b>${c.passed}</b> of ${c.runs} runs (${passRate(c)}); failed in ${c.statusCounts.fail}, accepted exception in ${c.statusCounts.exception}, not evaluated in ${c.statusCounts['not-evaluated']}. Last status: ${esc(c.lastStatus)}. Longest failing stretch: <span class="stretch-text">${esc(stretchText(c))}</span>.</p>
${exceptions}</section>`;
}

export function renderPeriodHtml(report: PeriodReport): string {
  const schedule = scheduleText(report);
  const missed = report.schedule?.missed ?? [];
  const legend = (['pass', 'fail', 'exception', 'not-evaluated'] as const)
    .map(
      (s) =>
        `<span><svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" fill="${COLOUR[s]}"/></svg> ${s}</span>`,
    )
    .join('');
  const frameworks = Object.entries(report.frameworks)
    .map(([id, name]) => {
      const controls = report.controls.filter((c) => c.framework === id);
      return `<h2 id="fw--${esc(id)}">${esc(name)}</h2><p>${controls.length} controls assessed; ${controls.filter((c) => verdict(c) === 'passed throughout').length} passed in every run.</p>${controls.map((c) => controlBlock(report, c)).join('\n')}`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(`assay evidence over ${periodText(report)}`)}</title><style>${CSS}</style></head>
<body><h1>Evidence over the period ${esc(periodText(report))}</h1>
<p id="runs">${report.runs.total} runs recorded, ${report.runs.complete} complete with results, ${report.runs.withoutResults.length} ended without results${report.runs.withoutResults.length ? `: ${report.runs.withoutResults.map((r) => `${esc(r.id)} (${esc(r.status)}, ${esc(r.startedAt)})`).join(', ')}` : ''}.</p>
${schedule ? `<p id="schedule">${esc(schedule)}.</p>${missed.length ? `<ul class="missed">${missed.map((m) => `<li>no complete run from ${esc(m.from)} to ${esc(m.to)}${m.incomplete.length ? ` (incomplete: ${esc(m.incomplete.join(', '))})` : ''}</li>`).join('')}</ul>` : ''}` : ''}
<p class="legend">${legend}<span>the bracket above a chart marks the longest failing stretch; marks below it, missed scheduled runs</span></p>
${frameworks}
<p><small>Generated by assay ${esc(report.tool.version)} at ${esc(report.generatedAt)}.</small></p>
</body></html>
`;
}
