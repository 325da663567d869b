// Findings and gaps as GitHub annotations. GitHub shows at most 10 error, 10 warning and 10
// notice annotations per step, so each level gets a budget (minus slots the run keeps for its
// own messages, such as the failure message); whatever does not fit is counted, summed up in one
// extra notice, and listed in the job summary and the reports: never silently dropped.
import { UNREAD_GAP_REASONS } from '../model/resource.ts';
import type { Finding, ResultGap, Severity } from '../model/results.ts';
import { SEVERITIES } from '../model/results.ts';

export type AnnotationLevel = 'error' | 'warning' | 'notice';
export const ANNOTATION_LEVELS: readonly AnnotationLevel[] = ['error', 'warning', 'notice'];

/** GitHub's per-step display limit for each annotation level. */
export const PER_STEP_LIMIT = 10;

export interface Annotation {
  level: AnnotationLevel;
  message: string;
  title: string;
  file?: string;
  startLine?: number;
}

export interface AnnotationPlan {
  annotations: Annotation[];
  /** How many findings or gaps of each level did not get an annotation. */
  omitted: Record<AnnotationLevel, number>;
  /** Those findings and gaps, for the job summary. */
  notAnnotated: Annotation[];
  /** The one notice summing up the omitted ones, when any were. */
  overflow?: Annotation;
}

export function levelOf(severity: Severity): AnnotationLevel {
  if (severity === 'critical' || severity === 'high') return 'error';
  return severity === 'medium' ? 'warning' : 'notice';
}

/**
 * Where a finding is annotated: its resource, or, when only a `module` block calling the
 * resource's module changed, that call (the innermost one in a changed file).
 */
function annotatedAt(f: Finding, changedFiles?: ReadonlySet<string>): { file?: string; line?: number } {
  const { file, line, calledFrom } = f.resource.location;
  if (!changedFiles || (file !== undefined && changedFiles.has(file))) return { file, line };
  const call = [...(calledFrom ?? [])].reverse().find((c) => changedFiles.has(c.file));
  return call ? { file: call.file, line: call.line } : { file, line };
}

function findingAnnotation(f: Finding, changedFiles?: ReadonlySet<string>): Annotation {
  const { file, line } = annotatedAt(f, changedFiles);
  return {
    level: levelOf(f.severity),
    title: `${f.ruleId} (${f.severity}): ${f.title}`,
    message: `${f.resource.name}: ${f.message}\nRemediation: ${f.remediation}`,
    ...(file ? { file } : {}),
    ...(file && line ? { startLine: line } : {}),
  };
}

function gapAnnotation(g: ResultGap): Annotation {
  return {
    level: 'warning',
    title: `assay: ${UNREAD_GAP_REASONS.has(g.reason) ? 'not scanned' : 'not modelled'} (${g.reason})`,
    message: g.message,
    ...(g.file ? { file: g.file } : {}),
    ...(g.file && g.line ? { startLine: g.line } : {}),
  };
}

export interface PlanInput {
  /** Waived findings are left out here: they are accepted exceptions, shown in the reports. */
  findings: readonly Finding[];
  gaps: readonly ResultGap[];
  /** Slots per level the run keeps for its own messages. */
  reserved?: Partial<Record<AnnotationLevel, number>>;
  /** Where the omitted ones can be read, for the overflow notice. */
  seeAlso: string;
  /** The files a pull request changed, when only those are shown: a module's finding is annotated at the changed call. */
  changedFiles?: ReadonlySet<string>;
}

export function planAnnotations(input: PlanInput): AnnotationPlan {
  const rank = (s: Severity) => SEVERITIES.indexOf(s);
  const open = input.findings.filter((f) => !f.waiver).sort((a, b) => rank(a.severity) - rank(b.severity));
  // Unread inputs before unmodelled types: a file not read at all hides the most.
  const gaps = [...input.gaps].sort(
    (a, b) => Number(UNREAD_GAP_REASONS.has(b.reason)) - Number(UNREAD_GAP_REASONS.has(a.reason)),
  );
  const candidates = [...open.map((f) => findingAnnotation(f, input.changedFiles)), ...gaps.map(gapAnnotation)];
  const count = (level: AnnotationLevel) => candidates.filter((a) => a.level === level).length;
  const budget = (level: AnnotationLevel) => Math.max(0, PER_STEP_LIMIT - (input.reserved?.[level] ?? 0));
  const over = ANNOTATION_LEVELS.some((level) => count(level) > budget(level));
  // The overflow notice takes one notice slot itself.
  const limit = (level: AnnotationLevel) => Math.max(0, budget(level) - (over && level === 'notice' ? 1 : 0));
  const annotations: Annotation[] = [];
  const notAnnotated: Annotation[] = [];
  const omitted: Record<AnnotationLevel, number> = { error: 0, warning: 0, notice: 0 };
  for (const level of ANNOTATION_LEVELS) {
    const ofLevel = candidates.filter((a) => a.level === level);
    annotations.push(...ofLevel.slice(0, limit(level)));
    for (const a of ofLevel.slice(limit(level))) notAnnotated.push(a); // unbounded: no spread (stack)
    omitted[level] = Math.max(0, ofLevel.length - limit(level));
  }
  const total = notAnnotated.length;
  if (total === 0) return { annotations, omitted, notAnnotated };
  const parts = ANNOTATION_LEVELS.filter((l) => omitted[l] > 0).map((l) => `${omitted[l]} ${l}`);
  return {
    annotations,
    omitted,
    notAnnotated,
    overflow: {
      level: 'notice',
      title: `assay: ${total} more not annotated`,
      message:
        `${total} more finding${total === 1 ? '' : 's'} or gap${total === 1 ? '' : 's'} (${parts.join(', ')}) ` +
        `not annotated: GitHub shows at most ${PER_STEP_LIMIT} annotations of each level per step. ` +
        `All are listed in ${input.seeAlso}.`,
    },
  };
}
