// The shape both Terraform readers (HCL source and `terraform show -json` plans) produce,
// and the provider mappers consume. Values follow the plan JSON shape: attributes as JSON
// values, nested blocks as arrays of objects, whatever the reader. A value Terraform would only know
// at apply time is an Unknown (src/kit/unknown.ts) whose `ref` names what it refers to.

export interface TfResourceRecord {
  /** Full address: `aws_s3_bucket.logs`, `module.web.aws_s3_bucket.logs[0]`, `aws_iam_user.u["a"]`. */
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  /** `module.web` for resources of a child module, '' for the root module. */
  modulePath: string;
  values: Record<string, unknown>;
  /** File (relative to the scan root) and 1-based line of the resource block. */
  file: string;
  line: number;
  endLine?: number;
  /** Line of each top-level attribute or nested block, by name. */
  attrLines?: Record<string, number>;
  /**
   * The configuration the record belongs to: the root module's folder (relative to the scan root)
   * for sources, the plan file for plans. Module instances of different roots never meet.
   */
  root?: string;
  /** For a module's resource: the `module` blocks that led to it, the root's call first. */
  calledFrom?: ModuleCallSite[];
}

export interface ModuleCallSite {
  file: string;
  line: number;
  endLine?: number;
}
