// Narrows a results document to the findings (and gaps) a pull request is shown, keeping it
// self-consistent: counts are recomputed and nothing refers to a finding or gap left out.
// Control status and rule evidence still describe everything scanned; a failing control whose
// open findings were all left out says so in its status reason.
import type { Finding, ResultGap, Results, Severity } from '../model/results.ts';
import { SEVERITIES } from '../model/results.ts';
import { type ChangedFile, inRanges, overlaps } from './changes.ts';

export function filterResults(
  results: Results,
  keep: (finding: Finding) => boolean,
  keepGap: (gap: ResultGap) => boolean = () => true,
): Results {
  const findings = results.findings.filter(keep);
  const gaps = results.gaps.filter(keepGap);
  const kept = new Set(findings.map((f) => f.fingerprint));
  const keptGaps = new Set(gaps.map((g) => g.id));
  const open = findings.filter((f) => !f.waiver);
  const openFingerprints = new Set(results.findings.filter((f) => !f.waiver).map((f) => f.fingerprint));
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of open) bySeverity[f.severity]++;
  return {
    ...results,
    summary: {
      ...results.summary,
      findings: findings.length,
      open: open.length,
      waived: findings.length - open.length,
      bySeverity,
      gaps: gaps.length,
    },
    findings,
    gaps,
    frameworks: results.frameworks.map((framework) => ({
      ...framework,
      controls: framework.controls.map((control) => {
        const left = control.findings.filter((fp) => !kept.has(fp) && openFingerprints.has(fp)).length;
        const note =
          control.status === 'fail' && left > 0
            ? ` Of these, ${left} ${left === 1 ? 'is' : 'are'} outside the changed lines and not listed.`
            : '';
        return {
          ...control,
          statusReason: control.statusReason + note,
          findings: control.findings.filter((fp) => kept.has(fp)),
          gaps: control.gaps.filter((id) => keptGaps.has(id)),
        };
      }),
    })),
    waivers: results.waivers.map((w) => ({ ...w, findings: w.findings.filter((fp) => kept.has(fp)) })),
  };
}

/**
 * Keeps a finding whose file changed and whose line is a changed line, or whose resource's
 * definition (line..endLine) or one of the `module` blocks calling it overlaps a changed range; keeps gaps in changed files and gaps
 * that name no file (they concern the whole scan).
 */
export function changedLinesFilter(
  changed: readonly ChangedFile[],
  results: Pick<Results, 'resources'>,
): { keep: (finding: Finding) => boolean; keepGap: (gap: ResultGap) => boolean } {
  const ranges = new Map(changed.map((c) => [c.path, c.ranges]));
  const definitions = new Map(results.resources.map((r) => [r.uid, r.location]));
  return {
    keep: (finding) => {
      const { file, line } = finding.resource.location;
      const changedRanges = (file === undefined ? undefined : ranges.get(file)) ?? [];
      if (line !== undefined && inRanges(line, changedRanges)) return true;
      const definition = definitions.get(finding.resource.uid);
      if (definition !== undefined && definition.file === file && definition.line !== undefined) {
        if (overlaps(definition.line, definition.endLine ?? definition.line, changedRanges)) return true;
      }
      // A module's resource also counts where a changed `module` block calls it.
      return (finding.resource.location.calledFrom ?? []).some((call) => {
        const callRanges = ranges.get(call.file);
        return callRanges !== undefined && overlaps(call.line, call.endLine ?? call.line, callRanges);
      });
    },
    keepGap: (gap) => gap.file === undefined || ranges.has(gap.file),
  };
}
