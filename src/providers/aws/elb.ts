// Elastic Load Balancing security policies, read from their documented names.

/** Lowest TLS version a predefined ELB security policy accepts; undefined for a custom policy. */
export function elbPolicyMinTls(policy: string): string | undefined {
  const explicit = /-(?:TLS13|TLS|FS)-1-([0-3])(?:-|$)/.exec(policy);
  if (explicit) return `1.${explicit[1]}`;
  // Older policies without a version in the name accept TLS 1.0.
  if (['ELBSecurityPolicy-2016-08', 'ELBSecurityPolicy-2015-05', 'ELBSecurityPolicy-FS-2018-06'].includes(policy))
    return '1.0';
  return undefined;
}
