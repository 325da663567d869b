// Turns the engine's raw per-rule results into the results contract (assay.results/v1): one finding per
// (rule, failing resource), with the rule's metadata, the resource's location and the controls.

import { hash } from 'node:crypto';
import { assessControls } from '../frameworks/assess.ts';
import type { Framework } from '../frameworks/catalog.ts';
import { buildPopulations, summarizeSource } from '../frameworks/populations.ts';
import type { Gap, Resource, Snapshot } from '../model/resource.ts';
import {
  type ControlRef,
  type DecidedValues,
  type Finding,
  type FindingResource,
  type Population,
  type ResultGap,
  type Results,
  type RuleEvidence,
  type RuleFailure,
  type RuleMeta,
  type RuleResult,
  type RunInfo,
  SEVERITIES,
  type Severity,
  type Waiver,
  type WaiverOutcome,
} from '../model/results.ts';
import { byCodeUnits } from '../util/compare.ts';
import { applyWaivers, sortOutcomes } from '../waivers/apply.ts';
import { compareCorroboration } from './corroboration.ts';
import { decidedValues, unknownDecided } from './decided-values.ts';

export interface ResultsInput {
  toolVersion: string;
  bundleSha256: string;
  catalog: RuleMeta[];
  ruleResults: RuleResult[];
  snapshots: { snapshot: Snapshot; sha256: string }[];
  controlsByRule: Map<string, ControlRef[]>;
  /** Frameworks whose control status to assess (the ones asked for). */
  frameworks?: Framework[];
  waivers?: Waiver[];
  /** Waivers that could not be read (inline comments); reported, never applied. */
  invalidWaivers?: WaiverOutcome[];
  now?: Date;
  /** The run's identity, when a pipeline run built these results. */
  run?: RunInfo;
  /** buildPopulations(snapshots), when the caller computed it already (while the engine ran). */
  populations?: Population[];
}

const severityRank = (s: Severity) => SEVERITIES.indexOf(s);

/** The resource's location narrowed to the one line a rule named (a property, a firewall rule). */
function pointAt(location: Resource['location'], line: number): Resource['location'] {
  const { endLine: _endLine, ...rest } = location;
  return { ...rest, line };
}

function describeResource(resource: Resource): FindingResource {
  return {
    uid: resource.uid,
    kind: resource.kind,
    name: resource.name,
    nativeType: resource.nativeType,
    provider: resource.provider,
    location: resource.location,
  };
}

export function fingerprint(ruleId: string, uid: string, message: string): string {
  // One call, no Hash object: the same digest as sha256() of model/snapshot.ts, about half its cost.
  return hash('sha256', `${ruleId}\n${uid}\n${message}`, 'hex').slice(0, 32);
}

/**
 * Every failing resource counts as in scope (a user policy may deny a resource it did not list),
 * and never as passed: so a rule's passed + failed resources add up to its resources in scope.
 * The result's `inScope` is sorted and without duplicates (ruleEvidence relies on it).
 */
function withFailuresInScope(result: RuleResult, resources: ReadonlyMap<string, Resource>): RuleResult {
  const failing = new Set<string>();
  for (const f of result.failed) if (resources.has(f.uid)) failing.add(f.uid);
  // The engine's results list their failing resources in scope already, sorted and without
  // duplicates, and none of them as passed: then the lists are kept, not copied and sorted again.
  const keepScope = isStrictlySorted(result.inScope) && [...failing].every((uid) => holds(result.inScope, uid));
  const keepPassed = !result.passed.some((uid) => failing.has(uid));
  if (keepScope && keepPassed) return result;
  return {
    ...result,
    inScope: keepScope ? result.inScope : [...new Set([...result.inScope, ...failing])].sort(),
    passed: keepPassed ? result.passed : result.passed.filter((uid) => !failing.has(uid)),
  };
}

/** Whether every string of `list` is less than the next (the order of `sort()`, no duplicates). */
function isStrictlySorted(list: readonly string[]): boolean {
  for (let i = 1; i < list.length; i++) if (!(list[i - 1]! < list[i]!)) return false;
  return true;
}

/** Whether the strictly sorted `list` holds `value` (binary search). */
function holds(list: readonly string[], value: string): boolean {
  let low = 0;
  let high = list.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const at = list[middle]!;
    if (at === value) return true;
    if (at < value) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}

/**
 * A failure for a property's absence (`value: null`) where the source states the property but its
 * value is unknown (a variable without value, a plan's after_unknown) says nothing: the resource is
 * not evaluated by that rule, never failed for a value it may well have. Returns the result
 * without such failures and, per resource left without failures, the properties they named.
 */
function withoutUnknownAbsences(
  result: RuleResult,
  resources: ReadonlyMap<string, Resource>,
): { result: RuleResult; unknownAbsent: Map<string, string[]> } {
  const absent = new Map<string, string[]>();
  // Most rules have no such failure: their result is kept as it is, not copied.
  if (!result.failed.some((f) => isUnknownAbsence(f, resources))) return { result, unknownAbsent: absent };
  const failed = result.failed.filter((f) => {
    if (!isUnknownAbsence(f, resources)) return true;
    absent.set(f.uid, [...(absent.get(f.uid) ?? []), f.evidence!.property]);
    return false;
  });
  const stillFailing = new Set(failed.map((f) => f.uid));
  for (const uid of absent.keys()) if (stillFailing.has(uid)) absent.delete(uid);
  return { result: { ...result, failed, passed: [...result.passed, ...absent.keys()] }, unknownAbsent: absent };
}

/** Whether `failure` is for the absence of a property whose value the source leaves unknown. */
function isUnknownAbsence(failure: RuleFailure, resources: ReadonlyMap<string, Resource>): boolean {
  const property = failure.evidence?.value === null ? failure.evidence.property : undefined;
  if (property === undefined) return false;
  const resource = resources.get(failure.uid);
  // A resource without unknown paths has no unknown decided value (unknownDecided returns {}).
  if (!resource?.unknown?.length) return false;
  return Object.keys(unknownDecided(resource, [property])).length > 0;
}

export function buildResults(given: ResultsInput): Results {
  const resources = new Map<string, Resource>();
  // The resources with unknown paths, the only ones that can be left not evaluated: usually few.
  const withUnknown = new Map<string, Resource>();
  for (const { snapshot } of given.snapshots) {
    for (const r of snapshot.resources) {
      if (resources.has(r.uid)) continue;
      resources.set(r.uid, r);
      if (r.unknown?.length) withUnknown.set(r.uid, r);
    }
  }
  const unknownAbsent = new Map<string, Map<string, string[]>>();
  const ruleResults = given.ruleResults.map((given) => {
    const { result, unknownAbsent: absent } = withoutUnknownAbsences(given, resources);
    unknownAbsent.set(result.ruleId, absent);
    return withFailuresInScope(result, resources);
  });
  const input = { ...given, ruleResults };
  const meta = new Map(input.catalog.map((r) => [r.id, r]));
  const findings: Finding[] = [];
  // A failure for a uid no snapshot holds can only come from a broken (user) policy: it cannot be
  // reported as a finding, and it must not vanish, so it becomes a gap (and exit 2).
  const engineGaps: Gap[] = [];
  for (const result of input.ruleResults) {
    const rule = meta.get(result.ruleId);
    if (!rule) continue;
    for (const failure of result.failed) {
      const resource = resources.get(failure.uid);
      if (!resource) {
        engineGaps.push({
          reason: 'other',
          message: `rule ${rule.id} (${rule.file}) reported a failure for "${failure.uid}", which is not a resource of the evaluated snapshots: ${failure.message}`,
        });
        continue;
      }
      // describeResource's members, in its order, with the location the failure names.
      const described: FindingResource = {
        uid: resource.uid,
        kind: resource.kind,
        name: resource.name,
        nativeType: resource.nativeType,
        provider: resource.provider,
        location: failure.line ? pointAt(resource.location, failure.line) : resource.location,
      };
      const controls = input.controlsByRule.get(rule.id) ?? [];
      const print = fingerprint(rule.id, resource.uid, failure.message);
      const { id: ruleId, title, severity, remediation } = rule;
      const message = failure.message;
      findings.push(
        failure.evidence
          ? {
              ruleId,
              title,
              severity,
              message,
              remediation,
              resource: described,
              controls,
              evidence: failure.evidence,
              fingerprint: print,
            }
          : { ruleId, title, severity, message, remediation, resource: described, controls, fingerprint: print },
      );
    }
  }
  findings.sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      byCodeUnits(a.ruleId, b.ruleId) ||
      byCodeUnits(a.resource.location.file ?? '', b.resource.location.file ?? '') ||
      (a.resource.location.line ?? 0) - (b.resource.location.line ?? 0) ||
      byCodeUnits(a.message, b.message),
  );
  const now = input.now ?? new Date();
  const waived = applyWaivers(findings, input.waivers ?? [], resources, now.toISOString().slice(0, 10));
  const gaps: ResultGap[] = input.snapshots
    .flatMap(({ snapshot }) =>
      snapshot.sources.flatMap((source) => source.gaps.map((gap) => ({ source: source.collector, ...gap }))),
    )
    .concat(engineGaps.map((gap) => ({ source: 'engine', ...gap })))
    .map((gap, index) => ({ id: `gap-${index + 1}`, ...gap }));
  const open = waived.findings.filter((f) => !f.waiver);
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of open) bySeverity[f.severity]++;
  const byRule = new Map(input.ruleResults.map((r) => [r.ruleId, r]));
  const evidence = ruleEvidence(input.ruleResults, waived.findings, meta, resources, withUnknown, unknownAbsent);
  const evidenceByRule = new Map(evidence.map((e) => [e.ruleId, e]));
  const populations = input.populations ?? buildPopulations(input.snapshots);
  const corroboration = compareCorroboration(resources, evidence);
  return {
    schema: 'assay.results/v1',
    tool: { name: 'assay', version: input.toolVersion, bundleSha256: input.bundleSha256 },
    generatedAt: now.toISOString(),
    ...(input.run ? { run: input.run } : {}),
    snapshots: input.snapshots.map(({ snapshot, sha256: hash }) => ({
      sha256: hash,
      collectedAt: snapshot.collectedAt,
      sources: snapshot.sources.map(summarizeSource),
    })),
    summary: {
      resources: resources.size,
      rules: input.catalog.length,
      findings: findings.length,
      open: open.length,
      waived: findings.length - open.length,
      bySeverity,
      gaps: gaps.length,
    },
    rules: input.catalog.map((rule) => {
      const r = byRule.get(rule.id);
      const e = evidenceByRule.get(rule.id);
      return {
        ...rule,
        inScope: r?.inScope.length ?? 0,
        passed: e?.passed.length ?? 0,
        notEvaluated: e?.notEvaluated.length ?? 0,
        // Resources, not messages: one resource may fail a rule several ways.
        failed: new Set(r?.failed.map((f) => f.uid)).size,
        controls: input.controlsByRule.get(rule.id) ?? [],
      };
    }),
    findings: waived.findings,
    gaps,
    frameworks: assessControls({
      frameworks: input.frameworks ?? [],
      catalog: input.catalog,
      evidence,
      findings: waived.findings,
      gaps,
      populations,
    }),
    populations,
    evidence,
    resources: inScopeResources(input.ruleResults, resources),
    waivers: sortOutcomes([...(input.invalidWaivers ?? []), ...waived.outcomes]),
    ...(corroboration.length > 0 ? { corroboration } : {}),
  };
}

/** Every resource some rule had in scope, once each, by uid. */
function inScopeResources(ruleResults: RuleResult[], resources: ReadonlyMap<string, Resource>): FindingResource[] {
  const uids = new Set<string>();
  for (const result of ruleResults) for (const uid of result.inScope) uids.add(uid);
  const out: FindingResource[] = [];
  for (const uid of [...uids].sort()) {
    const resource = resources.get(uid);
    if (resource) out.push(describeResource(resource));
  }
  return out;
}

/**
 * The uids behind every rule's counts. A resource with any open failure is `failed`; one whose
 * failures are all accepted by waivers is `waived`; one that did not fail but has a property the
 * rule decides on unknown is `notEvaluated` (an unknown never passes); so passed + failed + waived
 * + notEvaluated = in scope.
 */
function ruleEvidence(
  ruleResults: RuleResult[],
  findings: Finding[],
  meta: ReadonlyMap<string, RuleMeta>,
  resources: ReadonlyMap<string, Resource>,
  withUnknown: ReadonlyMap<string, Resource>,
  unknownAbsent: ReadonlyMap<string, ReadonlyMap<string, string[]>>,
): RuleEvidence[] {
  const openByRule = new Map<string, Set<string>>();
  const waivedByRule = new Map<string, Set<string>>();
  for (const f of findings) {
    const map = f.waiver ? waivedByRule : openByRule;
    const set = map.get(f.ruleId) ?? new Set<string>();
    set.add(f.resource.uid);
    map.set(f.ruleId, set);
  }
  return ruleResults.map((result) => {
    const failed = openByRule.get(result.ruleId) ?? new Set<string>();
    const waived = [...(waivedByRule.get(result.ruleId) ?? [])].filter((uid) => !failed.has(uid));
    // Sorted, without duplicates, by withFailuresInScope.
    const inScope = result.inScope;
    const decides = meta.get(result.ruleId)?.decides ?? [];
    const absentByUid = unknownAbsent.get(result.ruleId);
    const notEvaluatedReasons: Record<string, string[]> = {};
    let notEvaluatedCount = 0;
    // A resource with no unknown path has no unknown decided value (unknownDecided returns {}): only
    // those of withUnknown are looked at, and none when it is empty.
    for (const uid of withUnknown.size > 0 ? result.passed : []) {
      const resource = withUnknown.get(uid);
      if (!resource) continue;
      const absent = absentByUid?.get(uid);
      const paths = absent ? [...decides, ...absent] : decides;
      const unknown = [...new Set(Object.values(unknownDecided(resource, paths)))];
      if (unknown.length > 0) {
        notEvaluatedReasons[uid] = unknown;
        notEvaluatedCount++;
      }
    }
    const values: DecidedValues[] = [];
    for (const uid of inScope) {
      const resource = resources.get(uid);
      if (resource) values.push(decidedValues(resource, decides));
    }
    return {
      ruleId: result.ruleId,
      inScope,
      // The engine's passed list is sorted already: kept as it is when no resource is left out of it.
      passed:
        notEvaluatedCount === 0 && isStrictlySorted(result.passed)
          ? result.passed
          : result.passed.filter((uid) => !Object.hasOwn(notEvaluatedReasons, uid)).sort(),
      failed: [...failed].sort(),
      waived: waived.sort(),
      notEvaluated: Object.keys(notEvaluatedReasons).sort(),
      notEvaluatedReasons,
      values,
    };
  });
}
