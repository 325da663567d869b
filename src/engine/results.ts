// Turns per-rule results into the results contract (assay.results/v1): one finding per
// (rule, failing resource), with the rule's metadata, the resource's location and the controls.
import type { Resource, Snapshot } from '../model/resource.ts';
import { sha256 } from '../model/snapshot.ts';
import {
  type ControlRef,
  type Finding,
  type ResultGap,
  type Results,
  type RuleMeta,
  type RuleResult,
  SEVERITIES,
  type Severity,
} from './types.ts';

export interface ResultsInput {
  toolVersion: string;
  bundleSha256: string;
  catalog: RuleMeta[];
  ruleResults: RuleResult[];
  snapshots: { snapshot: Snapshot; sha256: string }[];
  controlsByRule: Map<string, ControlRef[]>;
  now?: Date;
}

const severityRank = (s: Severity) => SEVERITIES.indexOf(s);

/** The resource's location narrowed to the one line a rule named (a property, a firewall rule). */
function pointAt(location: Resource['location'], line: number): Resource['location'] {
  const { endLine: _endLine, ...rest } = location;
  return { ...rest, line };
}

export function fingerprint(ruleId: string, uid: string, message: string): string {
  return sha256(`${ruleId}\n${uid}\n${message}`).slice(0, 32);
}

export function buildResults(input: ResultsInput): Results {
  const resources = new Map<string, Resource>();
  for (const { snapshot } of input.snapshots) {
    for (const r of snapshot.resources) if (!resources.has(r.uid)) resources.set(r.uid, r);
  }
  const meta = new Map(input.catalog.map((r) => [r.id, r]));
  const findings: Finding[] = [];
  for (const result of input.ruleResults) {
    const rule = meta.get(result.ruleId);
    if (!rule) continue;
    for (const failure of result.failed) {
      const resource = resources.get(failure.uid);
      if (!resource) continue;
      findings.push({
        ruleId: rule.id,
        title: rule.title,
        severity: rule.severity,
        message: failure.message,
        remediation: rule.remediation,
        resource: {
          uid: resource.uid,
          kind: resource.kind,
          name: resource.name,
          nativeType: resource.nativeType,
          provider: resource.provider,
          location: failure.line ? pointAt(resource.location, failure.line) : resource.location,
        },
        controls: input.controlsByRule.get(rule.id) ?? [],
        ...(failure.evidence ? { evidence: failure.evidence } : {}),
        fingerprint: fingerprint(rule.id, resource.uid, failure.message),
      });
    }
  }
  findings.sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      a.ruleId.localeCompare(b.ruleId) ||
      (a.resource.location.file ?? '').localeCompare(b.resource.location.file ?? '') ||
      (a.resource.location.line ?? 0) - (b.resource.location.line ?? 0) ||
      a.message.localeCompare(b.message),
  );
  const gaps: ResultGap[] = input.snapshots.flatMap(({ snapshot }) =>
    snapshot.sources.flatMap((source) => source.gaps.map((gap) => ({ source: source.collector, ...gap }))),
  );
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) bySeverity[f.severity]++;
  const byRule = new Map(input.ruleResults.map((r) => [r.ruleId, r]));
  return {
    schema: 'assay.results/v1',
    tool: { name: 'assay', version: input.toolVersion, bundleSha256: input.bundleSha256 },
    generatedAt: (input.now ?? new Date()).toISOString(),
    snapshots: input.snapshots.map(({ snapshot, sha256: hash }) => ({
      sha256: hash,
      collectedAt: snapshot.collectedAt,
      sources: snapshot.sources.map((s) => ({ id: s.id, collector: s.collector, target: s.target, status: s.status })),
    })),
    summary: {
      resources: resources.size,
      rules: input.catalog.length,
      findings: findings.length,
      bySeverity,
      gaps: gaps.length,
    },
    rules: input.catalog.map((rule) => {
      const r = byRule.get(rule.id);
      return {
        ...rule,
        inScope: r?.inScope.length ?? 0,
        passed: r?.passed.length ?? 0,
        failed: r?.failed.length ?? 0,
        controls: input.controlsByRule.get(rule.id) ?? [],
      };
    }),
    findings,
    gaps,
  };
}

/** Whether any finding is at or above the threshold severity. */
export function hasFindingsAtOrAbove(results: Results, threshold: Severity): boolean {
  return results.findings.some((f) => severityRank(f.severity) <= severityRank(threshold));
}
