// What links Azure Policy's records to ours, read online (./policy.ts, through the SDK) and offline
// (./policy-files.ts, saved `az policy state` output) alike: the regulatory initiatives we look
// for, the definitions that check what one of our rules checks, and a compliance state as the
// record kept beside our result. No SDK here: the offline path must not load it.
import AZURE_POLICY from './azure-policy.json' with { type: 'json' };

export interface RegulatoryAssignment {
  id: string;
  name?: string;
  scope?: string;
  subscription: string;
  initiative: string;
  initiativeId: string;
  /** From policyStates summarize: resources Azure Policy finds non-compliant, and policies with any. */
  nonCompliantResources?: number;
  nonCompliantPolicies?: number;
}

export interface PolicyStateRecord {
  resourceId: string;
  policyDefinitionId: string;
  policyDefinitionName: string;
  /** Our rule that checks the same thing. */
  rule: string;
  complianceState: string;
  assignmentId: string;
  initiative: string;
  timestamp?: string;
}

export interface PolicyEvidence {
  assignments: RegulatoryAssignment[];
  states: PolicyStateRecord[];
}

/** The last segment of a definition or initiative id, lower-case (the built-ins' ids are GUIDs). */
export const guid = (id: string | undefined) => id?.split('/').pop()?.toLowerCase() ?? '';
export const INITIATIVES = new Map(AZURE_POLICY.initiatives.map((i) => [i.id, i]));
const DEFINITIONS = new Map(AZURE_POLICY.definitions.map((d) => [d.id, d]));

/** A policy state as Azure Policy returns it (SDK object or saved JSON). */
export interface RawPolicyState {
  resourceId?: string;
  policyDefinitionId?: string;
  complianceState?: string;
  timestamp?: Date | string;
}

/** The state as corroborating evidence, or undefined when its definition checks nothing a rule of ours does. */
export function stateRecord(
  state: RawPolicyState,
  assignmentId: string,
  initiative: string,
): PolicyStateRecord | undefined {
  const definition = DEFINITIONS.get(guid(state.policyDefinitionId));
  if (!definition || !state.resourceId || !state.complianceState) return undefined;
  // One spelling whether the SDK parsed it or az printed it ("...Z", "+00:00").
  const at = state.timestamp === undefined ? undefined : new Date(state.timestamp);
  const timestamp = at && !Number.isNaN(at.getTime()) ? at.toISOString() : undefined;
  return {
    resourceId: state.resourceId,
    policyDefinitionId: definition.id,
    policyDefinitionName: definition.name,
    rule: definition.rule,
    complianceState: state.complianceState,
    assignmentId,
    initiative,
    ...(timestamp ? { timestamp } : {}),
  };
}
