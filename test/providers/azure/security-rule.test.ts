import { describe, expect, it } from 'vitest';
import { unknown } from '../../../src/kit/unknown.ts';
import { parsePorts, securityRule } from '../../../src/providers/azure/security-rule.ts';

/** A rule's ARM properties: inbound TCP 22 from the internet unless overridden. */
const properties = (over: Record<string, unknown> = {}) => ({
  direction: 'Inbound',
  access: 'Allow',
  protocol: 'Tcp',
  sourcePortRange: '*',
  destinationPortRange: '22',
  sourceAddressPrefix: '*',
  destinationAddressPrefix: '*',
  priority: 100,
  ...over,
});

describe('parsePorts', () => {
  it('reads single ports, ranges, "*" and comma lists', () => {
    expect(parsePorts(['22'])).toEqual([{ from: 22, to: 22 }]);
    expect(parsePorts(['20-25', '3389'])).toEqual([
      { from: 20, to: 25 },
      { from: 3389, to: 3389 },
    ]);
    expect(parsePorts(['*'])).toEqual([{ from: 0, to: 65535 }]);
    expect(parsePorts(['3387, 3389 , 3391 '])).toEqual([
      { from: 3387, to: 3387 },
      { from: 3389, to: 3389 },
      { from: 3391, to: 3391 },
    ]);
  });

  it('refuses what is not a port', () => {
    expect(parsePorts(['ssh'])).toBe('port "ssh" is not a port, a range or "*"');
    expect(parsePorts(['25-20'])).toBe('port "25-20" is not a port, a range or "*"');
    expect(parsePorts(['70000'])).toBe('port "70000" is not a port, a range or "*"');
  });
});

describe('securityRule', () => {
  it('an inbound rule from "*" with its name, priority and line', () => {
    expect(securityRule(properties(), 'AllowSsh', 12)).toEqual({
      name: 'AllowSsh',
      direction: 'ingress',
      action: 'allow',
      protocol: 'tcp',
      ports: [{ from: 22, to: 22 }],
      sources: ['*'],
      destinations: ['*'],
      priority: 100,
      line: 12,
    });
  });

  it('service tags (Internet, VirtualNetwork) and prefixes are kept as written, single and plural together', () => {
    const rule = securityRule(
      properties({ sourceAddressPrefix: 'Internet', sourceAddressPrefixes: ['VirtualNetwork', '10.0.0.0/8'] }),
      undefined,
      undefined,
    );
    expect(rule).toMatchObject({ sources: ['Internet', 'VirtualNetwork', '10.0.0.0/8'] });
  });

  it('port ranges, lists (numbers included) and "*"', () => {
    expect(
      securityRule(properties({ destinationPortRange: undefined, destinationPortRanges: ['1000-2000', 3389] }), 'r', 1),
    ).toMatchObject({
      ports: [
        { from: 1000, to: 2000 },
        { from: 3389, to: 3389 },
      ],
    });
    expect(securityRule(properties({ destinationPortRange: '*' }), 'r', 1)).toMatchObject({
      ports: [{ from: 0, to: 65535 }],
    });
  });

  it('"*" and "Any" are every protocol; an outbound deny is an egress deny', () => {
    expect(securityRule(properties({ protocol: '*' }), 'r', 1)).toMatchObject({ protocol: 'all' });
    expect(securityRule(properties({ protocol: 'Any' }), 'r', 1)).toMatchObject({ protocol: 'all' });
    expect(securityRule(properties({ direction: 'Outbound', access: 'Deny' }), 'r', 1)).toMatchObject({
      direction: 'egress',
      action: 'deny',
    });
  });

  it('application security groups stand in when no prefix is written', () => {
    const rule = securityRule(
      properties({ sourceAddressPrefix: '', sourceApplicationSecurityGroups: [{ id: '/subscriptions/s/asg/web' }] }),
      'r',
      1,
    );
    expect(rule).toMatchObject({ sources: ['/subscriptions/s/asg/web'] });
  });

  it('an unknown direction, port or address is unknown; a value Azure refuses is invalid', () => {
    expect(securityRule(properties({ direction: unknown('var.direction') }), 'r', 1)).toEqual({
      reason: 'unknown',
      message: 'direction is not known',
    });
    expect(securityRule(properties({ access: 'Permit' }), 'r', 1)).toEqual({
      reason: 'invalid',
      message: 'access "Permit" is not recognised',
    });
    expect(securityRule(properties({ destinationPortRanges: [unknown()] }), 'r', 1)).toEqual({
      reason: 'unknown',
      message: 'ports or addresses are not known',
    });
    expect(securityRule(properties({ destinationPortRange: 'ssh' }), 'r', 1)).toEqual({
      reason: 'invalid',
      message: 'port "ssh" is not a port, a range or "*"',
    });
  });
});
