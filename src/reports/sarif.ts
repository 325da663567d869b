// SARIF 2.1.0 for code scanning: one run, one reportingDescriptor per rule, one result per finding.

import { UNREAD_GAP_REASONS } from '../model/resource.ts';
import type { Finding, Results, Severity } from '../model/results.ts';
import { sha256 } from '../model/snapshot.ts';
import { LazyArray, type TextSink, writeJson } from '../util/json-stream.ts';

// GitHub's bands: > 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low.
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.5',
};
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

function helpMarkdown(rule: Results['rules'][number]): string {
  const controls = rule.controls.map((c) => `${c.framework} ${c.control}`).join(', ');
  return [
    `**${rule.title}**`,
    '',
    rule.description,
    '',
    `**Remediation:** ${rule.remediation}`,
    ...(controls ? ['', `**Controls:** ${controls}`] : []),
  ].join('\n');
}

function location(finding: Finding) {
  const { file, line } = finding.resource.location;
  return {
    physicalLocation: {
      artifactLocation: { uri: file ?? finding.resource.uid },
      ...(line ? { region: { startLine: line } } : {}),
    },
    logicalLocations: [{ name: finding.resource.name, fullyQualifiedName: finding.resource.uid, kind: 'resource' }],
  };
}

function waiverJustification(waiver: NonNullable<Finding['waiver']>): string {
  const by = waiver.approver ? `, approved by ${waiver.approver}` : '';
  const ticket = waiver.ticket ? `, ${waiver.ticket}` : '';
  return `${waiver.reason} (waiver ${waiver.id}${ticket}${by}, expires ${waiver.expires}, ${waiver.origin})`;
}

/** The SARIF log as an object; it is written with an indent of 2. */
/** The repository, commit and branch the run scanned, when the run knows them (SARIF 3.14.13). */
function versionControl(results: Results) {
  const p = results.run?.provenance;
  if (!p?.repository) return {};
  return {
    versionControlProvenance: [
      {
        repositoryUri: p.repository,
        ...(p.commit ? { revisionId: p.commit } : {}),
        ...(p.branch ? { branch: p.branch } : {}),
      },
    ],
  };
}

/** Who ran it, where and when (SARIF 3.20), and the CI run, as far as the run knows. */
function invocationProvenance(results: Results) {
  const run = results.run;
  if (!run) return {};
  const p = run.provenance;
  return {
    startTimeUtc: run.startedAt,
    endTimeUtc: run.finishedAt,
    ...(p?.host ? { machine: p.host } : {}),
    ...(p?.actor ? { account: p.actor } : {}),
    properties: {
      runId: run.id,
      ...(p ? { ciSystem: p.ciSystem, ciRun: p.runUrl ?? p.runId } : {}),
      bundleSha256: run.bundle.sha256,
    },
  };
}

function sarifLog(results: Results) {
  const rules = results.rules;
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'assay',
            semanticVersion: results.tool.version,
            rules: rules.map((rule) => ({
              id: rule.id,
              name: rule.id
                .replace(/[._](\w)/g, (_, c: string) => c.toUpperCase())
                .replace(/^\w/, (c) => c.toUpperCase()),
              shortDescription: { text: rule.title },
              fullDescription: { text: rule.description.slice(0, 1024) },
              help: { text: `${rule.description}\n\nRemediation: ${rule.remediation}`, markdown: helpMarkdown(rule) },
              defaultConfiguration: { level: LEVEL[rule.severity] },
              properties: {
                tags: ['security', 'compliance', ...rule.controls.map((c) => `${c.framework}/${c.control}`)],
                precision: 'high',
                'security-severity': SECURITY_SEVERITY[rule.severity],
              },
            })),
          },
        },
        automationDetails: { id: 'assay/' },
        results: LazyArray.of(results.findings, (finding) => ({
          ruleId: finding.ruleId,
          ruleIndex: index.get(finding.ruleId) ?? 0,
          level: LEVEL[finding.severity],
          message: { text: finding.message },
          locations: [location(finding)],
          // Stable across runs and line moves: rule, resource and message, never the line.
          partialFingerprints: {
            primaryLocationLineHash: finding.fingerprint,
            'assayFinding/v1': sha256(`${finding.ruleId}\n${finding.resource.uid}`).slice(0, 32),
          },
          // A waived failure stays a result, marked as an accepted suppression with its justification.
          ...(finding.waiver
            ? {
                suppressions: [
                  {
                    kind: finding.waiver.kind === 'inline' ? 'inSource' : 'external',
                    status: 'accepted',
                    justification: waiverJustification(finding.waiver),
                  },
                ],
              }
            : {}),
          properties: { resource: finding.resource.uid, controls: finding.controls },
        })),
        ...versionControl(results),
        invocations: [
          {
            // Only inputs that were not read make the run unsuccessful; an unmodelled resource type or
            // a remote module is a limit worth a warning, not a failure.
            executionSuccessful: !results.gaps.some((gap) => UNREAD_GAP_REASONS.has(gap.reason)),
            ...invocationProvenance(results),
            toolExecutionNotifications: results.gaps.map((gap) => ({
              level: UNREAD_GAP_REASONS.has(gap.reason) ? 'error' : 'warning',
              message: { text: `${gap.source}: ${gap.reason}: ${gap.message}` },
              ...(gap.file
                ? {
                    locations: [
                      {
                        physicalLocation: {
                          artifactLocation: { uri: gap.file },
                          ...(gap.line ? { region: { startLine: gap.line } } : {}),
                        },
                      },
                    ],
                  }
                : {}),
            })),
          },
        ],
      },
    ],
  };
  return sarif;
}

export function renderSarif(results: Results): string {
  return `${JSON.stringify(sarifLog(results), null, 2)}\n`;
}

/** The same bytes as renderSarif, written piece by piece. */
export function writeSarif(results: Results, sink: TextSink): void {
  // Results sit at depth 3 (runs[].results): the run holding them is written member by member.
  writeJson(sink, sarifLog(results), 2, 4);
  sink.write('\n');
}
