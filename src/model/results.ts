// The results contract (schema "assay.results/v1"): what a run concludes and every renderer reads,
// from the rule catalog and raw rule results to findings, control status, evidence and waivers.
import type { Kind } from './kinds.ts';
import type { Gap, Location, Provider, Source } from './resource.ts';

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** A rule's identity, extracted from its METADATA at build time (policies/bundle/catalog.json). */
export interface RuleMeta {
  id: string;
  title: string;
  description: string;
  severity: Severity;
  kinds: Kind[];
  remediation: string;
  /** Property paths (relative to props) the rule's decision reads; `[]` marks array elements. */
  decides?: string[];
  /** Policy file, relative to the repository root. */
  file: string;
}

/** One failing resource, as a rule's `deny` set states it. */
export interface RuleFailure {
  uid: string;
  message: string;
  evidence?: { property: string; value: unknown; defaulted?: boolean };
  /** A more precise line than the resource's own, when the rule knows one. */
  line?: number;
}

/** Per rule: what it looked at, what passed, what failed. */
export interface RuleResult {
  ruleId: string;
  inScope: string[];
  passed: string[];
  failed: RuleFailure[];
}

export interface ControlRef {
  framework: string;
  control: string;
}

export interface FindingResource {
  uid: string;
  kind: Kind;
  name: string;
  nativeType: string;
  provider: Provider;
  location: Location;
}

/** The results contract (schema "assay.results/v1"): one finding per (rule, failing resource). */
export interface Finding {
  ruleId: string;
  title: string;
  severity: Severity;
  message: string;
  remediation: string;
  resource: FindingResource;
  controls: ControlRef[];
  evidence?: RuleFailure['evidence'];
  /** Stable across runs and line moves: hash of rule id, resource uid and message. */
  fingerprint: string;
  /** Present when a valid waiver accepts this failure: it is an exception, reported, never hidden. */
  waiver?: AppliedWaiver;
}

export interface ResultGap extends Gap {
  /** Stable within one results document ("gap-1", "gap-2", ...), so controls can point at it. */
  id: string;
  /** Collector that recorded it. */
  source: string;
}

/** The part of a waiver a waived finding carries. */
export interface AppliedWaiver {
  id: string;
  reason: string;
  ticket?: string;
  approver?: string;
  /** Last day (YYYY-MM-DD, UTC) on which the waiver applies. */
  expires: string;
  /** Where the waiver is written: "file:line". */
  origin: string;
  /** A waiver file entry or an inline `assay:ignore` comment in the source. */
  kind: 'file' | 'inline';
}

/** Which resources a waiver covers. Every field given must match (AND). */
export interface WaiverSelector {
  /** Glob over resource uids (`*` any run of characters, `?` one). */
  uid?: string;
  /** Resource tags that must all be present with these values. */
  tags?: Record<string, string>;
  /** Glob over the resource's file (IaC), forward slashes, relative to the scan root. */
  file?: string;
  /** Inline comments only: the line of the comment; it covers the resource defined at or right after it. */
  line?: number;
}

export interface Waiver {
  id: string;
  /** Rule id, or a glob over rule ids. */
  rule: string;
  selector: WaiverSelector;
  reason: string;
  ticket?: string;
  approver?: string;
  expires: string;
  origin: { kind: 'file' | 'inline'; file: string; line: number };
}

export type WaiverState = 'applied' | 'expired' | 'stale' | 'invalid';

/** What became of each waiver in this run: every waiver is reported, whether it applied or not. */
export interface WaiverOutcome extends Omit<Waiver, 'origin'> {
  /** "file:line". */
  origin: string;
  /** applied: accepted ≥1 failure; expired: past its date (failures it names count again);
   * stale: matched no failing resource; invalid: could not be read (message says why). */
  state: WaiverState;
  /** Fingerprints of the findings it accepted (applied) or would have accepted (expired). */
  findings: string[];
  message?: string;
}

export type ControlStatus = 'pass' | 'fail' | 'exception' | 'not-evaluated' | 'manual';
export const CONTROL_STATUSES: readonly ControlStatus[] = ['fail', 'exception', 'not-evaluated', 'pass', 'manual'];

/** A collector run as reports show it: what, when, how, and how many items (no file list, no gaps). */
export type SourceSummary = Pick<
  Source,
  'id' | 'collector' | 'target' | 'startedAt' | 'finishedAt' | 'status' | 'method' | 'queries' | 'itemCount'
>;

/**
 * A population: every resource of one kind that one collector run produced. Controls are tested on
 * populations; an auditor checks completeness and accuracy from how it was obtained, its size and hash.
 */
export interface Population {
  /** "<snapshot sha256 prefix>/<source id>/<kind>". */
  id: string;
  kind: Kind;
  snapshotSha256: string;
  source: SourceSummary;
  count: number;
  /** SHA-256 over the sorted lines "<uid> <sha256 of the resource's canonical JSON>\n". */
  sha256: string;
}

/** Per rule: the resource uids behind each count, so every figure traces back to snapshot items. */
export interface RuleEvidence {
  ruleId: string;
  inScope: string[];
  passed: string[];
  failed: string[];
  /** Failed, and every failure accepted by a waiver (disjoint from failed). */
  waived: string[];
  /**
   * Not failed, but a property the rule decides on is unknown (a variable without value, an
   * unresolvable intrinsic): never counted as passed. passed + failed + waived + notEvaluated = inScope.
   */
  notEvaluated: string[];
  /** Why, per not-evaluated uid: one sentence per unknown property, e.g. "cidr_blocks depends on var.public, which has no value". */
  notEvaluatedReasons: Record<string, string[]>;
  /** For every resource in scope, the values of the properties the rule decides on (its `decides`). */
  values: DecidedValues[];
}

/** The property values a rule's decision read, for one resource. */
export interface DecidedValues {
  uid: string;
  /** Path -> value as the snapshot states it; a path the source does not state is left out. */
  values: Record<string, unknown>;
  /** Paths whose value is the provider's documented default, not written in the source. */
  defaulted?: string[];
  /** Paths the source states but whose value is unknown -> why. */
  unknown?: Record<string, string>;
}

/** One mapped rule, as it bears on one control. */
export interface ControlRuleOutcome {
  ruleId: string;
  /** Why the rule evidences the control (from the framework file). */
  reason: string;
  inScope: number;
  passed: number;
  failed: number;
  waived: number;
  notEvaluated: number;
  populations: string[];
  /**
   * evidence: its passes count toward the control's pass. supporting: it can fail the control but
   * never pass it (it can disprove the control, not prove it), and it does not count in coverage.
   * Always set by assess; absent (older results) means evidence.
   */
  mappingType?: 'evidence' | 'supporting';
}

/** How much of a control its evidence rules reached: "k of n rules had resources in scope". */
export interface ControlCoverage {
  /** Evidence rules (mappingType evidence) mapped to the control: n. */
  evidenceRules: number;
  /** Evidence rules that had at least one resource in scope: k. */
  evidenceRulesInScope: number;
  /** Supporting rules mapped to the control, and how many had a resource in scope. */
  supportingRules: number;
  supportingRulesInScope: number;
  /** The sentence reports print, e.g. "3 of 25 rules had resources in scope". */
  summary: string;
}

export interface ControlResult {
  id: string;
  title: string;
  section: string;
  automation: 'automated' | 'partial' | 'manual';
  status: ControlStatus;
  /** One sentence: why this status. */
  statusReason: string;
  /**
   * Present exactly when status is pass. full: every evidence rule had resources in scope.
   * limited: at least half of them did but not all ("pass (limited scope)"); fewer than half is
   * not-evaluated, never a pass (README "Control status").
   */
  passScope?: 'full' | 'limited';
  /** Absent for manual controls. */
  coverage?: ControlCoverage;
  rules: ControlRuleOutcome[];
  /** Fingerprints of the findings (open and waived) of this control's rules. */
  findings: string[];
  /** Ids of the gaps that touch this control. */
  gaps: string[];
}

export interface FrameworkResult {
  id: string;
  name: string;
  version: string;
  publisher?: string;
  /** passLimitedScope: how many of the `pass` controls passed with limited scope (included in pass; absent in older results). */
  summary: Record<ControlStatus, number> & { total: number; passLimitedScope?: number };
  controls: ControlResult[];
}

/** A file or folder a run read, and the SHA-256 of what it read there. */
export interface InputHash {
  /** As given (relative to the working directory when it is under it); `(scan)` for a snapshot collected in the run. */
  path: string;
  sha256: string;
}

/**
 * The run's identity: what a run store keys on, and what an auditor needs to tell two runs apart
 * or repeat one (the same tool, rules and inputs).
 */
/** Provenance fields; null means unknown (the run could not find it), never guessed. */
export type ProvenanceField = 'repository' | 'commit' | 'branch' | 'ciSystem' | 'runId' | 'runUrl' | 'actor' | 'host';

/** Who ran the run, where, and from which code (src/pipeline/provenance.ts). */
export type Provenance = Record<ProvenanceField, string | null> & {
  /** The local checkout had uncommitted changes to tracked files (only when the commit came from git). */
  uncommittedChanges?: boolean;
  /** Per known field: the variable or command it was read from. */
  from: Partial<Record<ProvenanceField, string>>;
};

export interface RunInfo {
  /** A random UUID, unique per run. */
  id: string;
  startedAt: string;
  /** When the results were complete (reports are written after). */
  finishedAt: string;
  tool: { name: 'assay'; version: string };
  /** Absent in runs recorded before provenance was read. */
  provenance?: Provenance;
  bundle: {
    /** SHA-256 of policy.wasm. */
    sha256: string;
    /** The Rego sources it was compiled from (hash over every file) and the compiler. */
    sourcesSha256?: string;
    opaVersion?: string;
    /** True for the rules shipped with this version of assay; false for --bundle or --policies. */
    builtIn: boolean;
  };
  inputs: {
    snapshots: InputHash[];
    waiverFile?: InputHash;
    frameworkFiles: InputHash[];
    /** --policies folders: SHA-256 over their Rego files (names and contents). */
    policies: InputHash[];
  };
}

/**
 * Another assessor's verdict (a resource's `corroboration`, e.g. Azure Policy) beside our own
 * result of the same rule on the same resource.
 */
export interface CorroborationOutcome {
  uid: string;
  name: string;
  ruleId: string;
  assessor: string;
  check: string;
  /** The assessor's state as it says it ("NonCompliant"). */
  theirs: string;
  /** Our result for the rule on this resource. */
  ours: 'passed' | 'failed' | 'waived' | 'not-evaluated' | 'not-in-scope';
  /** Both gave pass or fail and they differ. */
  disagrees: boolean;
  context?: string;
}

export interface Results {
  schema: 'assay.results/v1';
  tool: { name: 'assay'; version: string; bundleSha256: string };
  generatedAt: string;
  /** Set by every pipeline run; absent in documents built without one (older results, unit tests). */
  run?: RunInfo;
  snapshots: {
    sha256: string;
    collectedAt: string;
    sources: SourceSummary[];
  }[];
  summary: {
    resources: number;
    rules: number;
    /** All failures, open and waived. */
    findings: number;
    /** Failures no valid waiver accepts: these decide the exit code. */
    open: number;
    waived: number;
    /** Open findings by severity. */
    bySeverity: Record<Severity, number>;
    gaps: number;
  };
  rules: (RuleMeta & {
    inScope: number;
    passed: number;
    failed: number;
    notEvaluated: number;
    controls: ControlRef[];
  })[];
  findings: Finding[];
  gaps: ResultGap[];
  /** Control status and evidence per framework (only the frameworks asked for). */
  frameworks: FrameworkResult[];
  populations: Population[];
  evidence: RuleEvidence[];
  /** Every resource some rule had in scope, by uid order: names and locations for the uids in `evidence`. */
  resources: FindingResource[];
  waivers: WaiverOutcome[];
  /** Other assessors' verdicts beside ours, when a snapshot carries any (Azure Policy). */
  corroboration?: CorroborationOutcome[];
}
