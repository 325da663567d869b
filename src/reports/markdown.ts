// A short Markdown summary for a GitHub job summary or PR comment: counts, framework status,
// failing controls, the worst findings, exceptions and gaps, and a link to the full report.
// Everything from scanned files is escaped: no tables broken by `|`, no HTML, no @mentions.
import {
  CONTROL_STATUSES,
  type ControlStatus,
  type Finding,
  type Results,
  SEVERITIES,
  type Severity,
} from '../model/results.ts';
import { provenanceLines } from './provenance.ts';

export interface MarkdownOptions {
  /** Link to the full report (http or https). */
  reportUrl?: string;
  /** Open findings listed, worst first (default 10). */
  maxFindings?: number;
  /** Failing controls listed (default 15). */
  maxControls?: number;
}

/** Below GitHub's 65,536-character PR comment limit, leaving room for a wrapper the caller may add. */
export const MARKDOWN_MAX_CHARS = 60_000;
const MAX_CELL = 300;
const MAX_LISTED = 20;

const STATUS_LABEL: Record<ControlStatus, string> = {
  pass: 'Pass',
  fail: 'Fail',
  exception: 'Exception',
  'not-evaluated': 'Not evaluated',
  manual: 'Manual',
};

/** Escapes a string from the scan for inline Markdown, table cells included. */
export function escapeMarkdown(value: string): string {
  const flat = value
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .trim()
    .slice(0, MAX_CELL);
  return (
    flat
      .replaceAll('&', '&amp;')
      .replaceAll('<', '&lt;')
      .replaceAll('>', '&gt;')
      // Inline syntax, link and image brackets, table pipes, autolink-ish characters.
      .replace(/[\\`*_[\]()|~!#]/g, '\\$&')
      // A zero-width space after @ keeps GitHub from notifying users or teams.
      .replaceAll('@', '@&#8203;')
  );
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function where(f: Finding): string {
  const { file, line } = f.resource.location;
  return escapeMarkdown(file ? `${file}${line ? `:${line}` : ''}` : f.resource.uid);
}

function safeUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`reportUrl is not a URL: ${JSON.stringify(url)}; give an absolute http(s) link`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new Error(`reportUrl must be http or https, not ${parsed.protocol}`);
  }
  // URL serialisation percent-encodes spaces and quotes; brackets would still end the link early.
  return parsed.href.replaceAll('(', '%28').replaceAll(')', '%29').replaceAll('<', '%3C').replaceAll('>', '%3E');
}

function headline(results: Results): string[] {
  const { open, waived, gaps, bySeverity, resources, rules } = results.summary;
  const severities = SEVERITIES.filter((s) => bySeverity[s] > 0).map((s) => `${bySeverity[s]} ${s}`);
  const verdict =
    open === 0 ? '**No open findings**' : `**${plural(open, 'open finding')}** (${severities.join(', ')})`;
  // Checks on an unknown value are neither passed nor failed: say how many.
  const unknown = results.rules.reduce((n, r) => n + (r.notEvaluated ?? 0), 0);
  const notEvaluated = unknown > 0 ? ` · ${plural(unknown, 'check')} not evaluated (unknown values)` : '';
  return [
    '## assay compliance summary',
    '',
    `${verdict} · ${waived} waived · ${plural(gaps, 'gap')} · ${plural(resources, 'resource')} checked by ${plural(rules, 'rule')}${notEvaluated}`,
  ];
}

function frameworkTable(results: Results): string[] {
  if (results.frameworks.length === 0) return [];
  const order = CONTROL_STATUSES;
  return [
    '',
    '### Controls by framework',
    '',
    `| Framework | ${order.map((s) => STATUS_LABEL[s]).join(' | ')} | Total |`,
    `|---|${order.map(() => '---:').join('|')}|---:|`,
    ...results.frameworks.map(
      (fw) =>
        `| ${escapeMarkdown(`${fw.name} ${fw.version}`)} | ${order.map((s) => (s === 'pass' && fw.summary.passLimitedScope ? `${fw.summary[s]} (${fw.summary.passLimitedScope} limited scope)` : fw.summary[s])).join(' | ')} | ${fw.summary.total} |`,
    ),
  ];
}

function andMore(total: number, shown: number): string[] {
  return total > shown ? [`- …and ${total - shown} more`] : [];
}

function failingControls(results: Results, max: number): string[] {
  const failing = results.frameworks.flatMap((fw) =>
    fw.controls.filter((c) => c.status === 'fail').map((c) => ({ fw, c })),
  );
  if (failing.length === 0) return [];
  const shown = failing.slice(0, max);
  return [
    '',
    `### Failing controls (${failing.length})`,
    '',
    ...shown.map(
      ({ fw, c }) =>
        `- **${escapeMarkdown(`${fw.name} ${c.id}`)}** ${escapeMarkdown(c.title)}: ${escapeMarkdown(c.statusReason)}`,
    ),
    ...andMore(failing.length, shown.length),
  ];
}

function topFindings(results: Results, max: number): string[] {
  const rank = (s: Severity) => SEVERITIES.indexOf(s);
  const open = results.findings.filter((f) => !f.waiver);
  if (open.length === 0) return [];
  // Array.prototype.sort is stable: results order breaks ties within a severity.
  const shown = [...open].sort((a, b) => rank(a.severity) - rank(b.severity)).slice(0, max);
  return [
    '',
    `### Top findings (${shown.length} of ${open.length})`,
    '',
    '| Severity | Rule | Resource | Location | Finding |',
    '|---|---|---|---|---|',
    ...shown.map(
      (f) =>
        `| ${f.severity} | ${escapeMarkdown(f.ruleId)} | ${escapeMarkdown(f.resource.name)} | ${where(f)} | ${escapeMarkdown(f.message)} |`,
    ),
  ];
}

function exceptions(results: Results): string[] {
  const applied = results.waivers.filter((w) => w.state === 'applied');
  const lapsed = results.waivers.filter((w) => w.state !== 'applied');
  if (applied.length === 0 && lapsed.length === 0 && results.summary.waived === 0) return [];
  const waiverLine = (w: Results['waivers'][number]) => {
    const who = [w.ticket, w.approver].filter(Boolean).map((s) => escapeMarkdown(s!));
    return `- **${escapeMarkdown(w.id)}** (${w.state}, ${escapeMarkdown(w.rule)}, expires ${escapeMarkdown(w.expires)}${who.length ? `, ${who.join(', ')}` : ''}): ${escapeMarkdown(w.message ?? w.reason)}`;
  };
  return [
    '',
    '### Accepted exceptions and waivers',
    '',
    `${plural(results.summary.waived, 'finding')} accepted by ${plural(applied.length, 'waiver')}; waived findings stay in the full report.`,
    ...(lapsed.length
      ? [
          '',
          'Waivers that no longer count (expired, stale or invalid):',
          '',
          ...lapsed.slice(0, MAX_LISTED).map(waiverLine),
        ]
      : []),
    ...andMore(lapsed.length, Math.min(lapsed.length, MAX_LISTED)),
  ];
}

function gaps(results: Results): string[] {
  if (results.gaps.length === 0) return [];
  const shown = results.gaps.slice(0, MAX_LISTED);
  return [
    '',
    `### Not looked at (${plural(results.gaps.length, 'gap')})`,
    '',
    ...shown.map((g) => {
      const at = g.file ? ` at ${escapeMarkdown(`${g.file}${g.line ? `:${g.line}` : ''}`)}` : '';
      return `- ${escapeMarkdown(g.id)} ${escapeMarkdown(g.reason)}${at}: ${escapeMarkdown(g.message)}`;
    }),
    ...andMore(results.gaps.length, shown.length),
  ];
}

function disagreements(results: Results): string[] {
  const listed = (results.corroboration ?? []).filter((d) => d.disagrees);
  if (listed.length === 0) return [];
  const shown = listed.slice(0, MAX_LISTED);
  return [
    '',
    `### Other assessors disagree (${listed.length})`,
    '',
    ...shown.map(
      (d) =>
        `- ${escapeMarkdown(d.name)} \`${d.ruleId}\`: ${d.ours} here, ${escapeMarkdown(d.assessor)} says ${escapeMarkdown(d.theirs)} (${escapeMarkdown(d.check)})`,
    ),
    ...andMore(listed.length, shown.length),
  ];
}

function integrity(results: Results): string[] {
  const hex = (s: string) => (/^[0-9a-f]+$/i.test(s) ? `\`${s}\`` : escapeMarkdown(s));
  const snapshots = results.snapshots.map((s) => hex(s.sha256)).join(', ');
  // Who ran it, where and from which code: every line of the provenance, unknowns included.
  const provenance = provenanceLines(results)
    .filter(([label]) => !['assay version', 'Policy bundle sha256'].includes(label))
    .map(([label, value]) => `${escapeMarkdown(label)}: ${hex(value)}`)
    .join(' · ');
  return [
    '',
    `<sub>${provenance}</sub>`,
    '',
    `<sub>assay ${escapeMarkdown(results.tool.version)} · policy bundle ${hex(results.tool.bundleSha256)}` +
      `${snapshots ? ` · snapshot ${snapshots}` : ''} · generated ${escapeMarkdown(results.generatedAt)}</sub>`,
  ];
}

/**
 * Keeps whole lines up to the cap, so a table or list is cut between rows, never inside one;
 * the tail (integrity line, report link) always survives.
 */
function capped(lines: string[], limit: number, tail: string[]): string {
  const full = [...lines, ...tail].join('\n');
  if (full.length <= limit) return full;
  const note = [
    '',
    `> **Truncated:** this summary reached its ${limit.toLocaleString('en-US')}-character limit; the full report has everything.`,
    ...tail,
  ];
  const budget = limit - note.join('\n').length - 1;
  const kept: string[] = [];
  let size = 0;
  for (const line of lines) {
    if (size + line.length + 1 > budget) break;
    kept.push(line);
    size += line.length + 1;
  }
  return [...kept, ...note].join('\n');
}

export function renderMarkdown(results: Results, options: MarkdownOptions = {}): string {
  const maxFindings = Math.max(0, options.maxFindings ?? 10);
  const maxControls = Math.max(0, options.maxControls ?? 15);
  const reportLink = options.reportUrl ? ['', `**[Full report](${safeUrl(options.reportUrl)})**`] : [];
  const lines = [
    ...headline(results),
    ...frameworkTable(results),
    ...failingControls(results, maxControls),
    ...topFindings(results, maxFindings),
    ...exceptions(results),
    ...gaps(results),
    ...disagreements(results),
  ];
  return capped(lines, MARKDOWN_MAX_CHARS, [...integrity(results), ...reportLink, '']);
}
