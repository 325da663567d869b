// Saved Azure Policy output an auditor may be handed beside the resources: `az policy state list`
// (an array of policy states, or the REST body {"value": [...]}) and `az policy state summarize`
// ({"policyAssignments": [...], "results": {...}}). Read into the same evidence the online path
// records (./policy-link.ts): the states of definitions that check what a rule of ours checks,
// and the regulatory initiatives assigned with their non-compliant counts.
import type { Gap } from '../../model/resource.ts';
import { guid, INITIATIVES, type PolicyEvidence, type RegulatoryAssignment, stateRecord } from './policy-link.ts';

type Obj = Record<string, unknown>;

const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
const count = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

function items(document: unknown): unknown[] | undefined {
  if (Array.isArray(document)) return document;
  return isObj(document) && Array.isArray(document.value) ? document.value : undefined;
}

/** A policy state: what `az policy state list` returns per item. */
const looksLikeState = (value: unknown) =>
  isObj(value) && typeof value.complianceState === 'string' && typeof value.policyAssignmentId === 'string';

/** A summary: what `az policy state summarize` returns (or one item of the REST body's value). */
const looksLikeSummary = (value: unknown) =>
  isObj(value) && Array.isArray(value.policyAssignments) && isObj(value.results);

export type PolicyDocument = { kind: 'states'; items: unknown[] } | { kind: 'summary'; items: Obj[] };

/** The document as Azure Policy output, or undefined when it is something else. */
export function policyDocument(document: unknown): PolicyDocument | undefined {
  if (looksLikeSummary(document)) return { kind: 'summary', items: [document as Obj] };
  const list = items(document);
  if (!list || list.length === 0) return undefined;
  if (list.some(looksLikeSummary)) return { kind: 'summary', items: list.filter(isObj) };
  // One state among the items is enough to say what the file is; the others are read or said.
  if (list.some(looksLikeState)) return { kind: 'states', items: list };
  return undefined;
}

/** `/subscriptions/<id>/...` -> `<id>`. */
const subscriptionOf = (id: string) => /^\/subscriptions\/([^/]+)/i.exec(id)?.[1];
/** An assignment id's scope: everything before its /providers/Microsoft.Authorization/policyAssignments/<name>. */
const scopeOf = (id: string) =>
  id.replace(/\/providers\/Microsoft\.Authorization\/policyAssignments\/[^/]+$/i, '') || '/';

function regulatory(assignmentId: string, initiativeId: unknown): RegulatoryAssignment | undefined {
  const initiative = INITIATIVES.get(guid(text(initiativeId)));
  const subscription = subscriptionOf(assignmentId);
  if (!initiative || !subscription) return undefined;
  return {
    id: assignmentId,
    name: assignmentId.split('/').pop(),
    scope: scopeOf(assignmentId),
    subscription,
    initiative: initiative.name,
    initiativeId: initiative.id,
  };
}

/** Adds what one file holds to `into`; an item that cannot be read is a gap naming file and item. */
export function readPolicyDocument(found: PolicyDocument, file: string, into: PolicyEvidence, gaps: Gap[]): number {
  const known = new Map(into.assignments.map((a) => [a.id.toLowerCase(), a]));
  const assign = (assignment: RegulatoryAssignment) => {
    const existing = known.get(assignment.id.toLowerCase());
    if (existing) return existing;
    into.assignments.push(assignment);
    known.set(assignment.id.toLowerCase(), assignment);
    return assignment;
  };
  if (found.kind === 'summary') {
    for (const summary of found.items) {
      for (const item of summary.policyAssignments as unknown[]) {
        const id = isObj(item) ? text(item.policyAssignmentId) : undefined;
        const assignment = id && regulatory(id, (item as Obj).policySetDefinitionId);
        if (!assignment) continue;
        const results = isObj((item as Obj).results) ? ((item as Obj).results as Obj) : {};
        const target = assign(assignment);
        target.nonCompliantResources = count(results.nonCompliantResources);
        target.nonCompliantPolicies = count(results.nonCompliantPolicies);
      }
    }
    return found.items.length;
  }
  found.items.forEach((item, index) => {
    if (!looksLikeState(item) || !text((item as Obj).resourceId)) {
      gaps.push({
        reason: 'parse-error',
        message: `${file} item ${index + 1}: not a policy state (no resourceId, policyAssignmentId or complianceState)`,
        file,
        kinds: [],
      });
      return;
    }
    const state = item as Obj;
    const assignmentId = text(state.policyAssignmentId)!;
    const assignment = regulatory(assignmentId, state.policySetDefinitionId);
    if (assignment) assign(assignment);
    const initiative = assignment?.initiative ?? `assignment ${text(state.policyAssignmentName) ?? assignmentId}`;
    const record = stateRecord(
      {
        resourceId: text(state.resourceId),
        policyDefinitionId: text(state.policyDefinitionId),
        complianceState: text(state.complianceState),
        timestamp: text(state.timestamp),
      },
      assignmentId,
      initiative,
    );
    if (record) into.states.push(record);
  });
  return found.items.length;
}
