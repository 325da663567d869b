// Merging what the wasm entrypoint returns per batch into one RuleResult per rule.
import type { RuleFailure, RuleResult } from '../model/results.ts';
import { byCodeUnits } from '../util/compare.ts';

/** The entrypoint's value for one batch: rule id -> uids looked at and findings. */
export type BatchOutput = Record<string, { in_scope: string[]; deny: RuleFailure[] }>;

export class ResultAccumulator {
  private readonly inScope = new Map<string, Set<string>>();
  private readonly failures = new Map<string, RuleFailure[]>();

  constructor(ruleIds: string[]) {
    for (const id of ruleIds) {
      this.inScope.set(id, new Set());
      this.failures.set(id, []);
    }
  }

  add(output: BatchOutput): void {
    for (const [ruleId, value] of Object.entries(output)) {
      const scope = this.inScope.get(ruleId) ?? new Set<string>();
      for (const uid of value.in_scope) scope.add(uid);
      this.inScope.set(ruleId, scope);
      const failures = this.failures.get(ruleId) ?? [];
      for (const failure of value.deny) failures.push(failure); // a spread of a long array overflows the stack
      this.failures.set(ruleId, failures);
    }
  }

  results(): RuleResult[] {
    return [...this.inScope.keys()].sort().map((ruleId) => {
      const inScope = [...(this.inScope.get(ruleId) ?? [])].sort();
      const failed = (this.failures.get(ruleId) ?? []).sort(
        (a, b) => byCodeUnits(a.uid, b.uid) || byCodeUnits(a.message, b.message),
      );
      // Both lists are sorted by uid in the same order (code units): one walk over them finds the
      // failing uids, without a Set of them.
      const passed: string[] = [];
      let next = 0;
      for (const uid of inScope) {
        while (next < failed.length && failed[next]!.uid < uid) next++;
        if (next < failed.length && failed[next]!.uid === uid) continue;
        passed.push(uid);
      }
      return { ruleId, inScope, passed, failed };
    });
  }
}
