// The shape both Terraform readers (HCL source and `terraform show -json` plans) produce,
// and the provider mappers consume. Values follow the plan JSON shape: attributes as JSON
// values, nested blocks as arrays of objects, whatever the reader.

/**
 * A value Terraform would only know at apply time (another resource's attribute, a data
 * source, a variable without default). `ref` names what it refers to when known, e.g.
 * "aws_s3_bucket.logs.id", so mappers can link resources (a bucket and its companions).
 */
export interface TfUnknown {
  __unknown__: true;
  ref?: string;
}

export function unknown(ref?: string): TfUnknown {
  return ref === undefined ? { __unknown__: true } : { __unknown__: true, ref };
}

export function isUnknown(value: unknown): value is TfUnknown {
  return typeof value === 'object' && value !== null && (value as { __unknown__?: unknown }).__unknown__ === true;
}

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
}
