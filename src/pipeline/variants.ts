// A resource's variants (one per combination of a conditional's branches, see
// src/kit/variants.ts) are evaluated in the same batch as every resource, under a uid of
// their own; a variant's failure becomes a failure of the real resource that says when it happens.
import type { Resource } from '../model/resource.ts';
import type { RuleFailure, RuleResult } from '../model/results.ts';

interface VariantOf {
  uid: string;
  when: string;
}

export interface Expanded {
  resources: Resource[];
  variantOf: Map<string, VariantOf>;
}

/** The resources plus one stand-in per variant, to evaluate together. */
export function expandVariants(resources: Resource[]): Expanded {
  const variantOf = new Map<string, VariantOf>();
  const out = [...resources];
  for (const resource of resources) {
    resource.variants?.forEach((variant, index) => {
      const uid = `${resource.uid}#variant-${index + 1}`;
      variantOf.set(uid, { uid: resource.uid, when: variant.when });
      const { variants: _v, unknown: _u, unknownReasons: _r, ...rest } = resource;
      out.push({ ...rest, uid, props: variant.props as Resource['props'] });
    });
  }
  return { resources: out, variantOf };
}

/** Rule results on the real resources only: variants' failures moved to their resource. */
export function foldVariants(results: RuleResult[], variantOf: ReadonlyMap<string, VariantOf>): RuleResult[] {
  if (variantOf.size === 0) return results;
  return results.map((result) => {
    const failed: RuleFailure[] = [];
    // A variant failing the way the resource itself fails says nothing new.
    const seen = new Set(result.failed.filter((f) => !variantOf.has(f.uid)).map((f) => `${f.uid}\n${f.message}`));
    for (const failure of result.failed) {
      const variant = variantOf.get(failure.uid);
      if (!variant) {
        failed.push(failure);
        continue;
      }
      if (seen.has(`${variant.uid}\n${failure.message}`)) continue;
      const message = `when ${variant.when}: ${failure.message}`;
      if (seen.has(`${variant.uid}\n${message}`)) continue;
      seen.add(`${variant.uid}\n${message}`);
      failed.push({ ...failure, uid: variant.uid, message });
    }
    return {
      ...result,
      inScope: result.inScope.filter((uid) => !variantOf.has(uid)),
      passed: result.passed.filter((uid) => !variantOf.has(uid)),
      failed,
    };
  });
}
