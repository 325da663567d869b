// Control status with its evidence, per framework: the step from rule results to what an auditor
// reads. Status rules (README "Control status"):
//   manual        - no rule can evidence the control;
//   fail          - a mapped rule has a failure no valid waiver accepts;
//   exception     - failures exist, valid waivers accept every one of them, nothing unread;
//   not-evaluated - an input that may hold the control's resources was not read, no mapped
//                   rule had any resource in scope, or some resource in scope could not be
//                   evaluated (a property a rule decides on is unknown): "not looked at" is
//                   never reported as "pass";
//   pass          - mapped rules checked at least one resource, none failed, nothing unread.
import { UNREAD_GAP_REASONS } from '../model/resource.ts';
import type {
  ControlResult,
  ControlRuleOutcome,
  ControlStatus,
  Finding,
  FrameworkResult,
  Population,
  ResultGap,
  RuleEvidence,
  RuleMeta,
} from '../model/results.ts';
import { CONTROL_STATUSES } from '../model/results.ts';
import type { Control, Framework } from './catalog.ts';

export interface AssessInput {
  frameworks: Framework[];
  catalog: RuleMeta[];
  evidence: RuleEvidence[];
  findings: Finding[];
  gaps: ResultGap[];
  populations: Population[];
}

export function assessControls(input: AssessInput): FrameworkResult[] {
  const rules = new Map(input.catalog.map((rule) => [rule.id, rule]));
  const evidence = new Map(input.evidence.map((e) => [e.ruleId, e]));
  const findingsByRule = new Map<string, Finding[]>();
  for (const finding of input.findings) {
    const list = findingsByRule.get(finding.ruleId) ?? [];
    list.push(finding);
    findingsByRule.set(finding.ruleId, list);
  }
  const context = { rules, evidence, findingsByRule, gaps: input.gaps, populations: input.populations };
  return input.frameworks.map((framework) => {
    const controls = framework.controls.map((control) => assessControl(control, context));
    const summary = Object.fromEntries(CONTROL_STATUSES.map((s) => [s, 0])) as FrameworkResult['summary'];
    for (const control of controls) summary[control.status]++;
    summary.total = controls.length;
    return {
      id: framework.id,
      name: framework.name,
      version: framework.version,
      ...(framework.publisher ? { publisher: framework.publisher } : {}),
      summary,
      controls,
    };
  });
}

interface Context {
  rules: Map<string, RuleMeta>;
  evidence: Map<string, RuleEvidence>;
  findingsByRule: Map<string, Finding[]>;
  gaps: ResultGap[];
  populations: Population[];
}

function assessControl(control: Control, context: Context): ControlResult {
  const base = {
    id: control.id,
    title: control.title,
    section: control.section,
    automation: control.automation,
  };
  if (control.automation === 'manual') {
    return {
      ...base,
      status: 'manual',
      statusReason: 'No rule can evidence this control; it needs evidence gathered by a person.',
      rules: [],
      findings: [],
      gaps: [],
    };
  }
  const outcomes = control.rules.map(({ rule, reason }) => ruleOutcome(rule, reason, context));
  const kinds = new Set(control.rules.flatMap(({ rule }) => context.rules.get(rule)?.kinds ?? []));
  const gaps = context.gaps.filter((gap) => !gap.kinds || gap.kinds.some((kind) => kinds.has(kind)));
  const findings = control.rules.flatMap(({ rule }) => context.findingsByRule.get(rule) ?? []);
  const { status, statusReason } = decide(outcomes, findings, gaps, control, context);
  return {
    ...base,
    status,
    statusReason,
    rules: outcomes,
    findings: findings.map((f) => f.fingerprint),
    gaps: gaps.map((g) => g.id),
  };
}

function ruleOutcome(ruleId: string, reason: string, context: Context): ControlRuleOutcome {
  const meta = context.rules.get(ruleId);
  const evidence = context.evidence.get(ruleId);
  const kinds = new Set<string>(meta?.kinds ?? []);
  return {
    ruleId,
    reason,
    inScope: evidence?.inScope.length ?? 0,
    passed: evidence?.passed.length ?? 0,
    failed: evidence?.failed.length ?? 0,
    waived: evidence?.waived.length ?? 0,
    notEvaluated: evidence?.notEvaluated.length ?? 0,
    populations: context.populations.filter((p) => kinds.has(p.kind)).map((p) => p.id),
  };
}

function decide(
  outcomes: ControlRuleOutcome[],
  findings: Finding[],
  gaps: ResultGap[],
  control: Control,
  context: Context,
): { status: ControlStatus; statusReason: string } {
  const open = findings.filter((f) => !f.waiver);
  if (open.length > 0) {
    const rules = unique(open.map((f) => f.ruleId));
    const resources = unique(open.map((f) => f.resource.uid)).length;
    return {
      status: 'fail',
      statusReason: `${open.length} open finding${plural(open.length)} on ${resources} resource${plural(resources)} (${rules.join(', ')}).`,
    };
  }
  const waivers = unique(findings.map((f) => f.waiver?.id ?? ''));
  const unread = gaps.filter((g) => UNREAD_GAP_REASONS.has(g.reason));
  // An unread input may hold failures no waiver accepts, so "all accepted" is as unproven as "pass".
  if (unread.length > 0) {
    const first = unread[0]!;
    const where = first.file ?? first.endpoint ?? first.source;
    const more = unread.length > 1 ? ` and ${unread.length - 1} more input${plural(unread.length - 1)}` : '';
    const accepted =
      findings.length > 0
        ? ` ${findings.length} failure${plural(findings.length)} found ${findings.length === 1 ? 'was' : 'were'} accepted by waiver${plural(waivers.length)} ${waivers.join(', ')}.`
        : '';
    return {
      status: 'not-evaluated',
      statusReason: `Not every input was read (${where}: ${first.reason}${more}); resources there may be missing.${accepted}`,
    };
  }
  const unknown = notEvaluated(outcomes, context);
  if (unknown) {
    const accepted =
      findings.length > 0 ? ` ${findings.length} failure${plural(findings.length)} accepted by waiver.` : '';
    return { status: 'not-evaluated', statusReason: `${unknown}${accepted}` };
  }
  if (findings.length > 0) {
    return {
      status: 'exception',
      statusReason: `All ${findings.length} failure${plural(findings.length)} accepted by waiver${plural(waivers.length)} ${waivers.join(', ')}.`,
    };
  }
  const missing = control.rules.filter(({ rule }) => !context.rules.has(rule)).map(({ rule }) => rule);
  const checked = outcomes.reduce((sum, o) => sum + o.inScope, 0);
  if (checked === 0) {
    const why =
      missing.length === outcomes.length ? 'none of its rules is in the policy bundle' : 'no resource in scope';
    return { status: 'not-evaluated', statusReason: `Nothing to test: ${why}.` };
  }
  const empty = outcomes.filter((o) => o.inScope === 0).map((o) => o.ruleId);
  const note = empty.length > 0 ? ` No resource in scope for ${empty.join(', ')}.` : '';
  const ran = outcomes.length - empty.length;
  return {
    status: 'pass',
    statusReason: `${checked} resource check${plural(checked)} by ${ran} rule${plural(ran)}, none failed.${note}`,
  };
}

/**
 * Why some resource checks could not be evaluated (a property a rule decides on is unknown), or
 * undefined when every check was: such a control is not a pass, however many others passed.
 */
function notEvaluated(outcomes: ControlRuleOutcome[], context: Context): string | undefined {
  const count = outcomes.reduce((sum, o) => sum + o.notEvaluated, 0);
  if (count === 0) return undefined;
  const passed = outcomes.reduce((sum, o) => sum + o.passed, 0);
  const first = outcomes.find((o) => o.notEvaluated > 0)!;
  const evidence = context.evidence.get(first.ruleId);
  const uid = evidence?.notEvaluated[0] ?? '';
  const why = evidence?.notEvaluatedReasons[uid]?.[0] ?? 'a property it decides on is unknown';
  const checks = `${count} resource check${plural(count)} could not be evaluated`;
  const example = ` (${first.ruleId} on ${uid}: ${why})`;
  const rest = passed > 0 ? `; ${passed} passed` : '';
  return `${checks}${example}${rest}; an unknown value is never a pass.`;
}

function unique(values: string[]): string[] {
  return [...new Set(values)].sort();
}

function plural(n: number): string {
  return n === 1 ? '' : 's';
}
