// Control status with its evidence, per framework: the step from rule results to what an auditor
// reads. Status rules (README "Control status", docs/control-status.md):
//   manual        - no rule can evidence the control;
//   fail          - a mapped rule (evidence or supporting) has a failure no valid waiver accepts;
//   exception     - failures exist, valid waivers accept every one of them, nothing unread;
//   not-evaluated - an input that may hold the control's resources was not read, some resource in
//                   scope could not be evaluated (a property a rule decides on is unknown), no
//                   evidence rule had any resource in scope, or fewer than half of them did:
//                   "not looked at" (or mostly not looked at) is never reported as "pass";
//   pass          - at least half of the evidence rules checked resources, none failed, nothing
//                   unread; passScope "full" when every evidence rule did, "limited" otherwise.
// A supporting mapping can fail a control but never pass it: it is left out of coverage.
import { UNREAD_GAP_REASONS } from '../model/resource.ts';
import type {
  ControlCoverage,
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
import type { Control, Framework, MappingType } from './catalog.ts';

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
    summary.passLimitedScope = controls.filter((c) => c.passScope === 'limited').length;
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
  const outcomes = control.rules.map(({ rule, reason, type }) => ruleOutcome(rule, reason, type, context));
  const kinds = new Set(control.rules.flatMap(({ rule }) => context.rules.get(rule)?.kinds ?? []));
  const gaps = context.gaps.filter((gap) => !gap.kinds || gap.kinds.some((kind) => kinds.has(kind)));
  // A loop, not flatMap: a control's findings run to thousands (every finding of each of its rules).
  const findings: Finding[] = [];
  for (const { rule } of control.rules) {
    const list = context.findingsByRule.get(rule);
    if (list) for (const f of list) findings.push(f);
  }
  const coverage = coverageOf(outcomes);
  const decision = decide(outcomes, coverage, findings, gaps, control, context);
  const { status, passScope } = decision;
  const statusReason = control.notChecked
    ? `${decision.statusReason} Not checked: ${control.notChecked}`
    : decision.statusReason;
  return {
    ...base,
    status,
    statusReason,
    ...(passScope ? { passScope } : {}),
    coverage,
    rules: outcomes,
    findings: findings.map((f) => f.fingerprint),
    gaps: gaps.map((g) => g.id),
  };
}

function ruleOutcome(
  ruleId: string,
  reason: string,
  type: MappingType | undefined,
  context: Context,
): ControlRuleOutcome {
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
    mappingType: type ?? 'evidence',
  };
}

function coverageOf(outcomes: ControlRuleOutcome[]): ControlCoverage {
  const evidence = outcomes.filter((o) => o.mappingType !== 'supporting');
  const supporting = outcomes.filter((o) => o.mappingType === 'supporting');
  const reached = (list: ControlRuleOutcome[]) => list.filter((o) => o.inScope > 0).length;
  const coverage = {
    evidenceRules: evidence.length,
    evidenceRulesInScope: reached(evidence),
    supportingRules: supporting.length,
    supportingRulesInScope: reached(supporting),
  };
  const main = `${coverage.evidenceRulesInScope} of ${coverage.evidenceRules} rule${plural(coverage.evidenceRules)} had resources in scope`;
  const extra =
    supporting.length > 0
      ? ` (and ${coverage.supportingRulesInScope} of ${supporting.length} supporting rule${plural(supporting.length)}, which can only disprove it)`
      : '';
  return { ...coverage, summary: `${main}${extra}` };
}

interface Decision {
  status: ControlStatus;
  statusReason: string;
  passScope?: 'full' | 'limited';
}

function decide(
  outcomes: ControlRuleOutcome[],
  coverage: ControlCoverage,
  findings: Finding[],
  gaps: ResultGap[],
  control: Control,
  context: Context,
): Decision {
  const open = findings.filter((f) => !f.waiver);
  if (open.length > 0) {
    // Sets filled in one loop, without an array of ids per finding first.
    const ruleIds = new Set<string>();
    const uids = new Set<string>();
    for (const f of open) {
      ruleIds.add(f.ruleId);
      uids.add(f.resource.uid);
    }
    const rules = [...ruleIds].sort();
    const resources = uids.size; // a count: no need to sort
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
  const evidence = outcomes.filter((o) => o.mappingType !== 'supporting');
  const ran = evidence.filter((o) => o.inScope > 0);
  const evidenceChecks = ran.reduce((sum, o) => sum + o.inScope, 0);
  const supportingChecks = checked - evidenceChecks;
  const supportNote =
    supportingChecks > 0
      ? ` Supporting rules found no failure in ${supportingChecks} check${plural(supportingChecks)}; they can only disprove this control.`
      : '';
  if (evidence.length === 0) {
    return {
      status: 'not-evaluated',
      statusReason: `Its rules can only disprove this control, never prove it: ${checked} check${plural(checked)} found no failure.`,
    };
  }
  const empty = evidence.filter((o) => o.inScope === 0).map((o) => o.ruleId);
  const nothing = empty.length > 0 ? ` No resource in scope for ${empty.join(', ')}.` : '';
  const passed = `${evidenceChecks} resource check${plural(evidenceChecks)} by ${ran.length} rule${plural(ran.length)}, none failed.`;
  // Mostly not looked at is not a pass: fewer than half of the evidence rules had anything to check.
  if (ran.length === 0 || ran.length * 2 < evidence.length) {
    return {
      status: 'not-evaluated',
      statusReason: `Limited scope: ${coverage.summary}, fewer than half. ${ran.length > 0 ? passed : 'No evidence rule checked anything.'}${supportNote}${nothing}`,
    };
  }
  if (ran.length < evidence.length) {
    return {
      status: 'pass',
      passScope: 'limited',
      statusReason: `Pass (limited scope): ${coverage.summary}. ${passed}${supportNote}${nothing}`,
    };
  }
  return { status: 'pass', passScope: 'full', statusReason: `${passed}${supportNote}` };
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
