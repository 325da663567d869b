// What the engine returns and what renderers read.
import type { Kind } from '../model/kinds.ts';
import type { Gap, Location, Provider } from '../model/resource.ts';

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
}

export interface ResultGap extends Gap {
  /** Collector that recorded it. */
  source: string;
}

export interface Results {
  schema: 'assay.results/v1';
  tool: { name: 'assay'; version: string; bundleSha256: string };
  generatedAt: string;
  snapshots: {
    sha256: string;
    collectedAt: string;
    sources: { id: string; collector: string; target: string; status: string }[];
  }[];
  summary: {
    resources: number;
    rules: number;
    findings: number;
    bySeverity: Record<Severity, number>;
    gaps: number;
  };
  rules: (RuleMeta & { inScope: number; passed: number; failed: number; controls: ControlRef[] })[];
  findings: Finding[];
  gaps: ResultGap[];
}
