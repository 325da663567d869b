// The rulebase a device's own management services form (Cisco vty lines and web server, Junos
// system services, FortiOS allowaccess): ingress to the device, bound wherever the device listens,
// nothing else admitted (a service that is not enabled does not answer).
import type { DeviceRulebase, FirewallRule } from '../model/kinds.ts';

export function managementAccessRulebase(
  rules: FirewallRule[],
  nativeType: string,
  boundTo: string,
): DeviceRulebase | undefined {
  if (rules.length === 0) return undefined;
  return {
    id: 'management-access',
    name: 'management access',
    nativeType,
    line: Math.min(...rules.map((r) => r.line ?? 1)),
    rules,
    direction: 'ingress',
    defaultAction: 'deny',
    attachedTo: [boundTo],
    binding: [{ direction: 'in' }],
  };
}
