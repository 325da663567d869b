// Azure Policy's own view, kept as corroborating evidence: which regulatory-compliance initiatives
// (PCI DSS 4, ISO 27001, SOC 2) are assigned where (@azure/arm-policy), how many resources each
// finds non-compliant, and the per-resource compliance state of the definitions that check what
// one of our rules checks (@azure/arm-policyinsights). Unreadable parts are gaps; they hide no
// resource of ours, so they name no kinds.
import { PolicyClient } from '@azure/arm-policy';
import { PolicyInsightsClient } from '@azure/arm-policyinsights';
import type { Gap } from '../../model/resource.ts';
import type { Connection } from './connection.ts';
import { failure } from './faults.ts';
import {
  guid,
  INITIATIVES,
  type PolicyEvidence,
  type PolicyStateRecord,
  type RegulatoryAssignment,
  stateRecord,
} from './policy-link.ts';

export type { PolicyEvidence, PolicyStateRecord, RegulatoryAssignment };

/** Azure Policy's own view hides none of our resources: its gaps name no kind (absent would mean any). */
const NO_KINDS: [] = [];

export async function readPolicy(
  connection: Connection,
  subscription: string,
  gaps: Gap[],
  queries: Set<string>,
): Promise<PolicyEvidence> {
  const options = {
    endpoint: connection.endpoint,
    credentials: { scopes: [`${connection.endpoint}/.default`] },
    ...connection.clientOptions,
  };
  const where = `/subscriptions/${subscription}`;
  const assignments: RegulatoryAssignment[] = [];
  const states: PolicyStateRecord[] = [];
  queries.add('GET /subscriptions/{id}/providers/Microsoft.Authorization/policyAssignments');
  try {
    for await (const assignment of new PolicyClient(
      connection.credential,
      subscription,
      options,
    ).policyAssignments.list()) {
      const initiative = INITIATIVES.get(guid(assignment.policyDefinitionId));
      if (!initiative || !assignment.id) continue;
      assignments.push({
        id: assignment.id,
        name: assignment.displayName ?? assignment.name,
        scope: assignment.scope,
        subscription,
        initiative: initiative.name,
        initiativeId: initiative.id,
      });
    }
  } catch (error) {
    gaps.push(
      failure(
        error,
        'Microsoft.Authorization/policyAssignments/read',
        `${where}/providers/Microsoft.Authorization/policyAssignments`,
        NO_KINDS,
      ),
    );
    return { assignments, states };
  }
  const insights = new PolicyInsightsClient(connection.credential, subscription, options);
  for (const assignment of assignments) {
    const filter = `policyAssignmentId eq '${assignment.id}'`;
    const endpoint = `${where}/providers/Microsoft.PolicyInsights/policyStates/latest`;
    queries.add('POST /subscriptions/{id}/providers/Microsoft.PolicyInsights/policyStates/latest/summarize');
    queries.add('POST /subscriptions/{id}/providers/Microsoft.PolicyInsights/policyStates/latest/queryResults');
    try {
      const summary = await insights.policyStates.summarizeForSubscription('latest', subscription, {
        queryOptions: { filter },
      });
      const results = summary.value?.[0]?.results;
      assignment.nonCompliantResources = results?.nonCompliantResources;
      assignment.nonCompliantPolicies = results?.nonCompliantPolicies;
    } catch (error) {
      gaps.push(
        failure(error, 'Microsoft.PolicyInsights/policyStates/summarize/read', `${endpoint}/summarize`, NO_KINDS),
      );
    }
    try {
      const pages = insights.policyStates.listQueryResultsForSubscription('latest', subscription, {
        queryOptions: { filter },
      });
      for await (const state of pages) {
        const record = stateRecord(state, assignment.id, assignment.initiative);
        if (record) states.push(record);
      }
    } catch (error) {
      gaps.push(
        failure(error, 'Microsoft.PolicyInsights/policyStates/queryResults/read', `${endpoint}/queryResults`, NO_KINDS),
      );
    }
  }
  return { assignments, states };
}
