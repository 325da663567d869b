// A dynamic ingress/egress block over a collection known only at deployment: the rules it would
// generate are not known, so the firewall is marked unknown instead of looking empty (and passing).
import { describe, expect, it } from 'vitest';
import { unknown } from '../../../../../src/kit/unknown.ts';
import { mapAll, rec } from './aws-helpers.ts';

describe('dynamic rule blocks over unknown collections', () => {
  it('a security group keeps its static rules and is marked unknown for the hidden ones', () => {
    const { get } = mapAll([
      rec('aws_security_group.web', {
        ingress: [{ protocol: 'tcp', from_port: 443, to_port: 443, cidr_blocks: ['0.0.0.0/0'] }, unknown('var.rules')],
      }),
    ]);
    const sg = get('aws_security_group.web');
    expect((sg.props as { rules: unknown[] }).rules).toHaveLength(1);
    expect(sg.unknownReasons).toEqual({ rules: 'ingress blocks depends on var.rules, which has no value' });
  });

  it('a network ACL likewise; known ingress blocks, hidden egress ones and a wholly unknown (computed) list leave it known', () => {
    const { get } = mapAll([
      rec('aws_network_acl.hidden', { vpc_id: 'vpc-1', ingress: [unknown('local.ingress')] }),
      rec('aws_network_acl.egress_only', { vpc_id: 'vpc-1', egress: [unknown('local.egress')] }),
      rec('aws_security_group.computed', { ingress: unknown() }),
      rec('aws_network_acl.known', {
        vpc_id: 'vpc-1',
        ingress: [
          { rule_no: 100, action: 'allow', protocol: 'tcp', from_port: 443, to_port: 443, cidr_block: '0.0.0.0/0' },
        ],
      }),
    ]);
    expect(get('aws_network_acl.hidden').unknown).toEqual(['rules']);
    expect(get('aws_network_acl.known').unknown).toBeUndefined();
    expect(get('aws_network_acl.egress_only').unknown).toBeUndefined();
    expect(get('aws_security_group.computed').unknown).toBeUndefined();
  });
});
