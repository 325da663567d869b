// A value the source states but that is only known at deployment: a Terraform attribute known
// after apply, a CloudFormation intrinsic or an ARM expression the template alone cannot decide.
// Formats produce it, providers read it, and it never passes as a plain value.

export interface Unknown {
  __unknown__: true;
  /** What it refers to when that is known, e.g. "aws_s3_bucket.logs.id", so resources can still be linked. */
  ref?: string;
}

export const UNKNOWN: Unknown = Object.freeze({ __unknown__: true as const });

export function unknown(ref?: string): Unknown {
  return ref === undefined ? { __unknown__: true } : { __unknown__: true, ref };
}

export function isUnknown(value: unknown): value is Unknown {
  return typeof value === 'object' && value !== null && (value as { __unknown__?: unknown }).__unknown__ === true;
}
