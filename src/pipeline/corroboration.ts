// Other assessors' verdicts (resources' `corroboration`, e.g. Azure Policy's compliance states)
// set beside our result of the same rule on the same resource, so a report can show where the
// two disagree. Neither overrides the other: a disagreement is something to look into (a stale
// evaluation, a different reading of the control), never a pass.
import type { Resource } from '../model/resource.ts';
import type { CorroborationOutcome, RuleEvidence } from '../model/results.ts';

export function compareCorroboration(
  resources: ReadonlyMap<string, Resource>,
  evidence: RuleEvidence[],
): CorroborationOutcome[] {
  const byRule = new Map(evidence.map((e) => [e.ruleId, e]));
  const out: CorroborationOutcome[] = [];
  for (const resource of resources.values()) {
    for (const entry of resource.corroboration ?? []) {
      const e = byRule.get(entry.rule);
      const ours: CorroborationOutcome['ours'] = !e?.inScope.includes(resource.uid)
        ? 'not-in-scope'
        : e.failed.includes(resource.uid)
          ? 'failed'
          : e.waived.includes(resource.uid)
            ? 'waived'
            : e.notEvaluated.includes(resource.uid)
              ? 'not-evaluated'
              : 'passed';
      const decided = ours === 'passed' || ours === 'failed' || ours === 'waived';
      out.push({
        uid: resource.uid,
        name: resource.name,
        ruleId: entry.rule,
        assessor: entry.assessor,
        check: entry.check,
        theirs: entry.state,
        ours,
        disagrees: decided && entry.passed !== undefined && entry.passed !== (ours === 'passed'),
        ...(entry.context ? { context: entry.context } : {}),
      });
    }
  }
  return out.sort((a, b) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : a.ruleId < b.ruleId ? -1 : 1));
}
