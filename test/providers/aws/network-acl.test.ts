import { describe, expect, it } from 'vitest';
import { unknown } from '../../../src/kit/unknown.ts';
import { type NaclEntry, networkAcl } from '../../../src/providers/aws/network-acl.ts';

const entry = (over: Partial<NaclEntry>): NaclEntry => ({
  direction: 'ingress',
  action: 'allow',
  ruleNumber: 100,
  protocol: 'tcp',
  fromPort: 22,
  toPort: 22,
  peers: ['0.0.0.0/0'],
  ...over,
});

describe('networkAcl: NACL entries as one first-match rulebase', () => {
  it('orders entries by rule number whatever order the source lists them in, and marks what an earlier entry covers', () => {
    const { props, problems } = networkAcl(
      [
        entry({ ruleNumber: 200 }),
        entry({ ruleNumber: '90', action: 'DENY', fromPort: 0, toPort: 1023 }),
        entry({ ruleNumber: 100, direction: 'egress', protocol: '-1' }),
      ],
      ['subnet-1'],
    );
    expect(problems).toEqual([]);
    expect(props).toMatchObject({ firstMatch: true, defaultIngressAction: 'deny', attachedTo: ['subnet-1'] });
    expect(props.rules.map((r) => [r.direction, r.priority, r.action])).toEqual([
      ['ingress', 90, 'deny'],
      ['egress', 100, 'allow'],
      ['ingress', 200, 'allow'],
    ]);
    expect(props.rules[2]?.shadowedBy).toMatchObject({ priority: 90 });
    // An egress entry never shadows an ingress one.
    expect(props.rules[1]?.shadowedBy).toBeUndefined();
  });

  it('an unknown number where the order could matter (an allow and a deny) is not evaluated', () => {
    const { props, problems } = networkAcl(
      [entry({ ruleNumber: 50, action: 'deny' }), entry({ ruleNumber: unknown('var.n') })],
      ['subnet-1'],
    );
    expect(props.rules.map((r) => r.priority)).toEqual([50]);
    expect(problems).toMatchObject([{ path: 'rules[].priority', message: 'an unknown rule number', unknown: true }]);
  });

  it('an unknown number where the order cannot matter (every entry of its direction allows) is kept, last and unnumbered', () => {
    const { props, problems } = networkAcl(
      [
        entry({ ruleNumber: undefined }),
        entry({ ruleNumber: 10, fromPort: 443, toPort: 443 }),
        entry({ direction: 'egress', action: 'deny' }),
      ],
      [],
    );
    expect(problems).toEqual([]);
    expect(props.rules.filter((r) => r.direction === 'ingress').map((r) => r.priority)).toEqual([10, undefined]);
    expect(props.rules.every((r) => r.shadowedBy === undefined)).toBe(true);
    expect(props).not.toHaveProperty('attachedTo');
  });

  it('an invalid number, action, port range or peer is a problem naming what a rule would read', () => {
    const { props, problems } = networkAcl(
      [
        entry({ ruleNumber: 40000 }),
        entry({ ruleNumber: 1, action: 'maybe' }),
        entry({ ruleNumber: 2, fromPort: 30, toPort: 20 }),
        entry({ ruleNumber: 3, peers: [], unknownPeers: true }),
        entry({ ruleNumber: 4, direction: 'egress', protocol: unknown('var.protocol') }),
      ],
      ['vpc-1'],
    );
    expect(props.rules).toEqual([]);
    expect(problems.map((p) => [p.path, p.message, p.unknown])).toEqual([
      ['rules[].priority', 'an invalid rule number 40000', false],
      ['rules[].action', 'an unknown action', true],
      ['rules[].ports', 'an invalid port range 30-20 (FromPort above ToPort)', false],
      ['rules[].sources', 'no known peer', true],
      ['rules[].protocol', 'an unknown protocol', true],
    ]);
  });
  it('an allow is left out only where an entry not known enough may deny some of its traffic first', () => {
    const { props, problems } = networkAcl(
      [
        // unknown ports, CIDR 10.0.0.0/8, before 100: may deny part of the 0.0.0.0/0 SSH allow.
        entry({
          ruleNumber: 50,
          action: 'deny',
          peers: ['10.0.0.0/8'],
          fromPort: unknown('var.p'),
          toPort: unknown('var.p'),
        }),
        entry({ ruleNumber: 100 }),
        // a later unknown deny cannot come first; one for another range cannot match.
        entry({ ruleNumber: 300, action: 'deny', peers: [], unknownPeers: true }),
        entry({ ruleNumber: 40, action: 'deny', peers: ['192.168.0.0/16'], fromPort: unknown('var.p') }),
        entry({ ruleNumber: 200, peers: ['10.1.0.0/16'], fromPort: 443, toPort: 443 }),
        entry({ ruleNumber: 250, peers: ['172.16.0.0/12'], fromPort: 443, toPort: 443 }),
        // an unknown action may be a deny; egress is judged on its own.
        entry({
          ruleNumber: 30,
          action: unknown('var.a'),
          direction: 'egress',
          protocol: 'udp',
          fromPort: 53,
          toPort: 53,
        }),
        entry({ ruleNumber: 100, direction: 'egress', protocol: '-1', fromPort: 0, toPort: 0 }),
      ],
      [],
    );
    expect(props.rules.map((r) => [r.direction, r.priority])).toEqual([['ingress', 250]]);
    expect(problems.map((p) => p.message)).toEqual([
      'unknown ports',
      'no known peer',
      'unknown ports',
      'an unknown action',
      'an unknown effect: ingress entry 50, which has unknown ports, may deny its traffic first',
      'an unknown effect: ingress entry 50, which has unknown ports, may deny its traffic first',
      'an unknown effect: egress entry 30, which has an unknown action, may deny its traffic first',
    ]);
  });
});
