// Azure Policy's verdicts beside our own: each compliance state of a definition that checks what
// one of our rules checks is attached to the resource it is about (same ARM id), and the
// regulatory assignments are summarised in the source's method, so the snapshot says which
// initiatives were assigned where and what Azure Policy made of them.
import type { Corroboration, Resource } from '../../model/resource.ts';
import type { PolicyEvidence } from './policy.ts';

const PASSED: Record<string, boolean> = { compliant: true, noncompliant: false };

export function corroborate(resources: Resource[], policy: PolicyEvidence): void {
  const byId = new Map<string, Resource[]>();
  for (const resource of resources) {
    const key = resource.uid.toLowerCase();
    byId.set(key, [...(byId.get(key) ?? []), resource]);
  }
  for (const state of policy.states) {
    for (const resource of byId.get(state.resourceId.toLowerCase()) ?? []) {
      const entry: Corroboration = {
        assessor: 'azure-policy',
        rule: state.rule,
        check: state.policyDefinitionName,
        checkId: state.policyDefinitionId,
        state: state.complianceState,
        passed: PASSED[state.complianceState.toLowerCase()],
        context: `${state.initiative} (${state.assignmentId})`,
        at: state.timestamp,
      };
      if (entry.passed === undefined) delete entry.passed;
      if (entry.at === undefined) delete entry.at;
      resource.corroboration ??= [];
      const list = resource.corroboration;
      if (!list.some((c) => c.rule === entry.rule && c.checkId === entry.checkId && c.state === entry.state)) {
        list.push(entry);
      }
    }
  }
}

/** One sentence per subscription: the regulatory initiatives Azure Policy has assigned there. */
export function describePolicy(policy: PolicyEvidence, subscriptions: string[]): string {
  const parts = subscriptions.map((subscription) => {
    const assigned = policy.assignments.filter((a) => a.subscription === subscription);
    if (assigned.length === 0)
      return `subscription ${subscription}: no PCI DSS, ISO 27001 or SOC 2 initiative assigned`;
    const list = assigned.map((a) => {
      const counts =
        a.nonCompliantResources === undefined
          ? 'compliance not read'
          : `${a.nonCompliantResources} non-compliant resources`;
      return `${a.initiative} assigned at ${a.scope ?? a.id} (${counts})`;
    });
    return `subscription ${subscription}: ${list.join('; ')}`;
  });
  return `Azure Policy regulatory-compliance initiatives: ${parts.join('. ')}`;
}
