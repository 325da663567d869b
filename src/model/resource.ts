// The normalized model every collector writes and every policy reads.
// One resource = one thing a control can be tested on, provider-neutral through `kind`.
import type { Kind, KindProps } from './kinds.ts';

export type Provider =
  | 'aws'
  | 'azure'
  | 'kubernetes'
  | 'ad'
  | 'linux'
  | 'windows'
  | 'cisco'
  | 'juniper'
  | 'paloalto'
  | 'fortinet'
  | 'iac';

/** Where a resource was found: a file and line for IaC, an account/host/domain for live estates. */
export interface Location {
  /** Path relative to the scanned root, with forward slashes. */
  file?: string;
  /** 1-based line where the resource's definition starts. */
  line?: number;
  endLine?: number;
  /**
   * For a resource defined inside a module (IaC): the module calls that instantiate it, the
   * outermost (in the root configuration) first, so a finding can point at the caller too.
   */
  calledFrom?: CallSite[];
  account?: string;
  region?: string;
  subscription?: string;
  resourceGroup?: string;
  host?: string;
  domain?: string;
}

/** A place in a file that calls a module: the `module` block. */
export interface CallSite {
  file: string;
  line: number;
  endLine?: number;
}

export interface Resource<K extends Kind = Kind> {
  /** Stable, provider-qualified id, e.g. `terraform:infra/main.tf:aws_s3_bucket.logs`. */
  uid: string;
  kind: K;
  provider: Provider;
  /** The source's own type name: `aws_s3_bucket`, `AWS::S3::Bucket`, `Microsoft.Storage/storageAccounts`, `user`. */
  nativeType: string;
  /** The name the source uses: Terraform resource name, CloudFormation logical id, metadata.name, sAMAccountName. */
  name: string;
  location: Location;
  tags?: Record<string, string>;
  /** Normalized properties; their shape is fixed per kind by src/model/schemas/<kind>.schema.json. */
  props: KindProps[K];
  /**
   * Property paths (dot-separated, relative to props) whose value was not written in the source
   * but filled from the provider's documented default, so findings can say so.
   */
  defaulted?: string[];
  /**
   * Property paths (same syntax) the source states but whose value could not be resolved (a
   * variable without value, an unresolvable intrinsic or expression). A rule that decides on one
   * of them and does not fail the resource reports it as not evaluated, never as passed.
   */
  unknown?: string[];
  /** Why each `unknown` path is unknown, e.g. "cidr_blocks depends on var.public, which has no value". */
  unknownReasons?: Record<string, string>;
  /**
   * Where an unknown value is one of a few known alternatives (a conditional whose condition is
   * unknown): the resource with each alternative, evaluated like the resource itself, so a rule
   * that fails any of them reports a finding on this resource naming the alternative.
   */
  variants?: ResourceVariant[];
  /** Lines of individual properties (dot path -> line), for precise annotations. */
  propLines?: Record<string, number>;
  /** The native configuration as read, kept as evidence. Secret values are masked before they get here. */
  raw?: unknown;
  /**
   * What another assessor (Azure Policy) says about this resource on a check one of our rules
   * also makes: evidence beside our result, never a substitute for it.
   */
  corroboration?: Corroboration[];
  /** Id of the source (collector run) in the snapshot that produced this resource. */
  sourceId: string;
}

/** Another assessor's verdict on one check of one resource (e.g. an Azure Policy compliance state). */
export interface Corroboration {
  /** Who assessed, e.g. "azure-policy". */
  assessor: string;
  /** Our rule that checks the same thing. */
  rule: string;
  /** The assessor's check, e.g. an Azure Policy definition's display name. */
  check: string;
  checkId?: string;
  /** The assessor's state as it says it, e.g. "Compliant", "NonCompliant", "Exempt". */
  state: string;
  /** The assessor's state read as pass or fail; absent when it is neither (unknown, exempt, error). */
  passed?: boolean;
  /** Where the verdict comes from, e.g. the regulatory initiative and its assignment. */
  context?: string;
  /** When the assessor evaluated. */
  at?: string;
}

/** One possible configuration of a resource, e.g. `{ when: "var.public is true", props }`. */
export interface ResourceVariant {
  when: string;
  props: unknown;
}

export type GapReason =
  | 'parse-error'
  | 'unsupported'
  | 'unreadable'
  | 'permission-denied'
  | 'unreachable'
  | 'unresolved-reference'
  | 'timeout'
  /** A safety limit (file size, alias expansion, count, nesting...) stopped the reading: see src/kit/limits.ts. */
  | 'limit-exceeded'
  | 'other';

/** Gaps that mean some input was not read at all: resources of any kind they name may be missing. */
export const UNREAD_GAP_REASONS: ReadonlySet<GapReason> = new Set([
  'parse-error',
  'unreadable',
  'permission-denied',
  'unreachable',
  'timeout',
  'limit-exceeded',
  'other',
]);

/** Something that could not be looked at. An auditor must be able to tell "no finding" from "not looked at". */
export interface Gap {
  reason: GapReason;
  message: string;
  file?: string;
  line?: number;
  endpoint?: string;
  permission?: string;
  /** The kinds of resource the gap may hide, when the collector knows; absent means any kind. */
  kinds?: Kind[];
}

/** An `assay:ignore` comment found in a source file, kept raw; src/waivers reads it as a waiver. */
export interface InlineSuppression {
  file: string;
  line: number;
  /** The comment's text after `assay:ignore`. */
  text: string;
}

export interface Source {
  id: string;
  collector: string;
  /** What was collected: a file set, account/region, subscription, domain or host. */
  target: string;
  startedAt: string;
  finishedAt: string;
  status: 'ok' | 'partial' | 'failed';
  gaps: Gap[];
  /** Items read, e.g. files parsed; lets an auditor test completeness. */
  itemCount?: number;
  /** For file sets: the files read (relative paths) and their SHA-256. */
  files?: { path: string; sha256: string }[];
  /** How the items were obtained, in a sentence: what was read, the scope and the filters applied. */
  method?: string;
  /** The exact queries or API calls made (file globs, LDAP filters, API operations). */
  queries?: string[];
  /** Inline suppression comments found in the files read. */
  suppressions?: InlineSuppression[];
}

export interface Snapshot {
  schema: 'assay.snapshot/v1';
  collectedAt: string;
  tool: { name: 'assay'; version: string };
  sources: Source[];
  resources: Resource[];
}
