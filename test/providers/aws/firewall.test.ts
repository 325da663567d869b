import { describe, expect, it } from 'vitest';
import { type AwsFirewallEntry, firewallRule } from '../../../src/providers/aws/firewall.ts';

const entry = (over: Partial<AwsFirewallEntry>): AwsFirewallEntry => ({
  direction: 'ingress',
  protocol: 'tcp',
  fromPort: 22,
  toPort: 22,
  peers: ['0.0.0.0/0'],
  ...over,
});

describe('firewallRule: the shapes sources state', () => {
  it('an inline security group rule (Terraform ingress block, CloudFormation SecurityGroupIngress item)', () => {
    expect(firewallRule(entry({ name: 'ssh', line: 7 }))).toEqual({
      name: 'ssh',
      direction: 'ingress',
      action: 'allow',
      protocol: 'tcp',
      ports: [{ from: 22, to: 22 }],
      sources: ['0.0.0.0/0'],
      line: 7,
    });
  });

  it('a standalone egress rule: the peers are destinations', () => {
    expect(firewallRule(entry({ direction: 'egress', fromPort: '443', toPort: '443', peers: ['sg-123'] }))).toEqual({
      direction: 'egress',
      action: 'allow',
      protocol: 'tcp',
      ports: [{ from: 443, to: 443 }],
      sources: [],
      destinations: ['sg-123'],
    });
  });

  it('a NACL entry: deny or allow, its rule number as priority, its protocol as a number', () => {
    const nacl = entry({ action: 'deny', priority: 100, protocol: '6', fromPort: 3389, toPort: 3389 });
    expect(firewallRule(nacl)).toMatchObject({
      action: 'deny',
      priority: 100,
      protocol: 'tcp',
      ports: [{ from: 3389, to: 3389 }],
    });
  });
});

describe('firewallRule: protocols and ports', () => {
  it('a port range', () => {
    expect(firewallRule(entry({ fromPort: 1000, toPort: 2000 }))).toMatchObject({ ports: [{ from: 1000, to: 2000 }] });
  });

  it.each([-1, '-1', 'all', 'ALL'])(
    'protocol %j is every protocol on every port, whatever the range says',
    (protocol) => {
      expect(firewallRule(entry({ protocol, fromPort: 0, toPort: 0 }))).toMatchObject({
        protocol: 'all',
        ports: [{ from: 0, to: 65535 }],
      });
    },
  );

  it('-1 as a TCP port means every port', () => {
    expect(firewallRule(entry({ fromPort: -1, toPort: -1 }))).toMatchObject({ ports: [{ from: 0, to: 65535 }] });
  });

  it('ICMP and ICMPv6 (58, over IPv6) have no ports: FromPort and ToPort are a type and a code', () => {
    expect(firewallRule(entry({ protocol: 58, fromPort: 128, toPort: 0, peers: ['::/0'] }))).toMatchObject({
      protocol: 'icmpv6',
      ports: [],
      sources: ['::/0'],
    });
    expect(firewallRule(entry({ protocol: 'icmp', fromPort: 8, toPort: -1 }))).toMatchObject({ ports: [] });
  });

  it('another protocol (ESP) covers every port, as EC2 ignores the range', () => {
    expect(firewallRule(entry({ protocol: '50', fromPort: 22, toPort: 22 }))).toMatchObject({
      protocol: '50',
      ports: [{ from: 0, to: 65535 }],
    });
  });
});

describe('firewallRule: what cannot be evaluated', () => {
  it('an unknown protocol or unknown TCP ports', () => {
    expect(firewallRule(entry({ protocol: undefined }))).toEqual({
      problem: 'protocol',
      message: 'an unknown protocol',
    });
    expect(firewallRule(entry({ toPort: { __unknown__: true } }))).toEqual({
      problem: 'ports',
      message: 'unknown ports',
    });
  });

  it('a range EC2 refuses (FromPort above ToPort)', () => {
    expect(firewallRule(entry({ fromPort: 30, toPort: 20 }))).toEqual({
      problem: 'port-range',
      message: 'an invalid port range 30-20 (FromPort above ToPort)',
    });
  });

  it('a rule whose only peers are unknown; one naming no peer at all admits no one', () => {
    expect(firewallRule(entry({ peers: [], unknownPeers: true }))).toMatchObject({ problem: 'peers' });
    expect(firewallRule(entry({ peers: [] }))).toMatchObject({ sources: [] });
  });

  it('an empty description is no name', () => {
    expect(firewallRule(entry({ name: '' }))).not.toHaveProperty('name');
  });
});
