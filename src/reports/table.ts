// The terminal view: findings grouped by severity, each with resource, file:line, message,
// remediation and controls; then gaps and a summary. Colour only when the caller says so (a TTY).
import pc from 'picocolors';
import { type Finding, type Results, SEVERITIES, type Severity } from '../engine/types.ts';

export interface TableOptions {
  color: boolean;
}

type Paint = (s: string) => string;

function painters(color: boolean) {
  const c = pc.createColors(color);
  const bySeverity: Record<Severity, Paint> = {
    critical: (s) => c.bold(c.red(s)),
    high: c.red,
    medium: c.yellow,
    low: c.cyan,
    info: c.dim,
  };
  return { c, bySeverity };
}

function where(finding: Finding): string {
  const { file, line } = finding.resource.location;
  return file ? `${file}${line ? `:${line}` : ''}` : finding.resource.uid;
}

function controlsLine(finding: Finding): string {
  const byFramework = new Map<string, string[]>();
  for (const { framework, control } of finding.controls) {
    byFramework.set(framework, [...(byFramework.get(framework) ?? []), control]);
  }
  return [...byFramework].map(([fw, ids]) => `${fw} ${ids.join(', ')}`).join(' · ');
}

export function renderTable(results: Results, options: TableOptions): string {
  const { c, bySeverity } = painters(options.color);
  const lines: string[] = [];
  for (const severity of SEVERITIES) {
    const group = results.findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    lines.push(bySeverity[severity](`${severity.toUpperCase()} (${group.length})`));
    for (const f of group) {
      lines.push(`  ${bySeverity[severity]('●')} ${c.bold(f.title)} ${c.dim(`[${f.ruleId}]`)}`);
      lines.push(`    resource:    ${f.resource.nativeType} ${f.resource.name}`);
      lines.push(`    location:    ${where(f)}`);
      lines.push(`    finding:     ${f.message}`);
      lines.push(`    remediation: ${f.remediation}`);
      const controls = controlsLine(f);
      if (controls) lines.push(`    controls:    ${controls}`);
    }
    lines.push('');
  }
  if (results.gaps.length > 0) {
    lines.push(c.magenta(`NOT SCANNED (${results.gaps.length})`));
    for (const gap of results.gaps) {
      const at = gap.file ? `${gap.file}${gap.line ? `:${gap.line}` : ''}` : (gap.endpoint ?? gap.source);
      lines.push(`  ${c.magenta('○')} ${at}: ${gap.reason}: ${gap.message}`);
    }
    lines.push('');
  }
  const s = results.summary;
  const counts = SEVERITIES.filter((sev) => s.bySeverity[sev] > 0)
    .map((sev) => bySeverity[sev](`${s.bySeverity[sev]} ${sev}`))
    .join(', ');
  const passedChecks = results.rules.reduce((n, r) => n + r.passed, 0);
  lines.push(
    `${s.findings === 0 ? c.green('No findings.') : `${s.findings} findings: ${counts}.`} ` +
      `${s.resources} resources, ${s.rules} rules, ${passedChecks} checks passed` +
      (s.gaps > 0 ? `, ${c.magenta(`${s.gaps} inputs not scanned`)}` : '') +
      '.',
  );
  return `${lines.join('\n')}\n`;
}
