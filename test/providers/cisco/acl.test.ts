// Cisco IOS and ASA access lists: Batfish's configurations and an ASA file written for these
// tests with objects, groups, named ports, options, an undefined group and a malformed entry.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCiscoConfig } from '../../../src/providers/cisco/acl.ts';
import { iosDeviceSettings } from '../../../src/providers/cisco/hardening.ts';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures');
const read = (p: string) => readFileSync(path.join(fixtures, p), 'utf8');
const rulebase = (result: ReturnType<typeof parseCiscoConfig>, id: string) => {
  const found = result.rulebases.find((r) => r.id === id);
  if (!found) throw new Error(`no rulebase ${id}: ${result.rulebases.map((r) => r.id).join(', ')}`);
  return found;
};

describe('Cisco IOS management access', () => {
  const result = parseCiscoConfig(read('firewall/ios-management.cfg'), 'ios.cfg', 'ios');
  const access = rulebase(result, 'management-access');
  const lineOf = (text: string) =>
    read('firewall/ios-management.cfg')
      .split('\n')
      .findIndex((l) => l.startsWith(text)) + 1;

  it('vty transports from the access-class sources (any without one), and the plain HTTP server', () => {
    expect(access).toMatchObject({ nativeType: 'cisco-ios management access', direction: 'ingress' });
    expect(access.rules.map((r) => [r.name, r.ports[0]!.from, r.sources.join(','), r.line])).toEqual([
      ['vty 0 4 telnet', 23, '10.10.0.0/24', lineOf(' transport input telnet ssh')],
      ['vty 0 4 ssh', 22, '10.10.0.0/24', lineOf(' transport input telnet ssh')],
      ['vty 5 15 telnet', 23, '0.0.0.0/0', lineOf(' transport input all')],
      ['vty 5 15 ssh', 22, '0.0.0.0/0', lineOf(' transport input all')],
      ['vty 5 15 rlogin', 513, '0.0.0.0/0', lineOf(' transport input all')],
      ['vty 18 ssh', 22, '', lineOf(' transport input ssh')],
      ['http server', 80, '10.10.0.0/24', lineOf('ip http server')],
    ]);
    expect(access.rules.at(-2)!.unresolved).toEqual(['access-class NOT-DEFINED (not defined)']);
  });

  it('a vty line without transport input is a gap (the default differs between releases); no exec is no access', () => {
    expect(result.gaps).toEqual([
      expect.objectContaining({
        reason: 'other',
        line: lineOf('line vty 16'),
        message: expect.stringContaining('no "transport input"'),
      }),
    ]);
    expect(access.rules.some((r) => r.name!.startsWith('vty 17'))).toBe(false);
  });

  it("Batfish's lhr-border-02: telnet on vty 0 2 from anywhere, ssh on 3 5", () => {
    const border = parseCiscoConfig(read('third-party/firewall/hybrid-cloud-aws-lhr-border-02.cfg'), 'lhr.cfg', 'ios');
    expect(rulebase(border, 'management-access').rules.map((r) => [r.name, r.sources])).toEqual([
      ['vty 0 2 telnet', ['0.0.0.0/0']],
      ['vty 3 5 ssh', ['0.0.0.0/0']],
    ]);
  });
});

describe('parseCiscoConfig (IOS)', () => {
  it('reads named ACLs with wildcards, named ports and interface bindings', () => {
    const result = parseCiscoConfig(read('third-party/firewall/example-live-as2core1.cfg'), 'as2core1.cfg', 'ios');
    // Its vty lines state no `transport input`: the release's default decides, so it is a gap.
    expect(result.gaps.map((g) => [g.line, g.reason])).toEqual([[141, 'other']]);
    const acl = rulebase(result, 'acl/blocktelnet/in');
    expect(acl.attachedTo).toEqual(['interface GigabitEthernet2/0 in', 'interface GigabitEthernet3/0 in']);
    expect(acl.defaultAction).toBe('deny');
    expect(acl.rules).toMatchObject([
      { action: 'deny', protocol: 'tcp', ports: [{ from: 23, to: 23 }], sources: ['0.0.0.0/0'], line: 122 },
      { action: 'allow', protocol: 'all', ports: [], sources: ['0.0.0.0/0'], destinations: ['0.0.0.0/0'] },
    ]);
  });

  it('turns wildcard masks into CIDRs and keeps unbound numbered ACLs without a binding', () => {
    const result = parseCiscoConfig(read('third-party/firewall/example-live-as2border1.cfg'), 'as2border1.cfg', 'ios');
    expect(rulebase(result, 'acl/INSIDE_TO_AS1/out')).toMatchObject({ direction: 'egress' });
    expect(rulebase(result, 'acl/INSIDE_TO_AS1/out').rules[0]).toMatchObject({
      sources: ['2.0.0.0/8'],
      destinations: ['1.0.0.0/8'],
    });
    expect(rulebase(result, 'acl/101')).toMatchObject({ attachedTo: [], binding: [] });
  });
});

describe('parseCiscoConfig (ASA)', () => {
  const result = parseCiscoConfig(read('firewall/asa-objects.cfg'), 'asa-objects.cfg', 'asa');
  const acl = rulebase(result, 'acl/OUTSIDE_IN/in');

  it('binds through nameif', () => {
    expect(acl.attachedTo).toEqual(['interface GigabitEthernet0/0 in']);
    expect(acl.binding).toEqual([{ interface: 'outside (GigabitEthernet0/0)', direction: 'in' }]);
  });

  it('resolves network objects, nested groups and port groups, and logs', () => {
    expect(acl.rules[0]).toMatchObject({
      protocol: 'tcp',
      destinations: ['192.0.2.0/24'],
      ports: [
        { from: 80, to: 80 },
        { from: 443, to: 443 },
      ],
      logging: true,
      priority: 1,
    });
    // A service group with two protocols becomes one rule per protocol at the same position.
    const mgmt = acl.rules.filter((r) => r.priority === 2);
    expect(mgmt.map((r) => [r.protocol, r.ports])).toEqual([
      ['tcp', [{ from: 22, to: 22 }]],
      ['udp', [{ from: 161, to: 161 }]],
    ]);
    expect(mgmt[0]!.sources).toEqual(['198.51.100.7/32', '203.0.113.0/25', '192.0.2.10/32']);
  });

  it('marks inactive entries disabled, leaves an undefined group unresolved and reads past a bad entry', () => {
    expect(acl.rules.find((r) => r.priority === 3)).toMatchObject({ enabled: false, ports: [{ from: 23, to: 23 }] });
    expect(acl.rules.find((r) => r.priority === 5)).toMatchObject({ sources: [], unresolved: ['NOT_DEFINED'] });
    expect(acl.rules.find((r) => r.priority === 6)).toBeUndefined();
    expect(acl.rules.find((r) => r.priority === 7)).toMatchObject({ sourcePorts: [{ from: 1024, to: 2048 }] });
    expect(acl.rules.at(-1)).toMatchObject({ action: 'deny', priority: 8, logging: true });
    expect(result.gaps.map((g) => [g.line, g.reason])).toEqual([
      [36, 'unresolved-reference'],
      [37, 'parse-error'],
    ]);
    expect(result.gaps[1]!.message).toContain('unknown port "bogus-port"');
  });

  it('reports an access-group naming an ACL the file does not define', () => {
    const filters = parseCiscoConfig(read('third-party/firewall/testconfig-asa-filters.cfg'), 'f.cfg', 'asa');
    expect(filters.gaps).toEqual([
      expect.objectContaining({ reason: 'unresolved-reference', message: expect.stringContaining('FILTER_UNDEF') }),
    ]);
    expect(rulebase(filters, 'acl/FILTER_IN/in').rules[0]!.sources).toEqual(['0.0.0.0/0', '::/0']);
  });

  it('reads management access lines as a rulebase to the device', () => {
    const node = parseCiscoConfig(read('third-party/firewall/allinone-asaNode.cfg'), 'asaNode.cfg', 'asa');
    expect(node.gaps).toEqual([]);
    expect(rulebase(node, 'management-access')).toMatchObject({
      attachedTo: ['management on inside'],
      rules: [
        {
          protocol: 'tcp',
          ports: [{ from: 23, to: 23 }],
          sources: ['0.0.0.0/0'],
          destinations: ['interface inside'],
          line: 10,
        },
        { protocol: 'tcp', ports: [{ from: 443, to: 443 }], line: 11 },
      ],
    });
  });
});

describe('Cisco IOS device settings', () => {
  const text = read('firewall/ios-management.cfg');
  const lineOf = (start: string) => text.split('\n').findIndex((l) => l.startsWith(start)) + 1;

  it('keeps default communities by name, others without their value, and the enable password storage', () => {
    expect(iosDeviceSettings(text)).toEqual({
      snmpCommunities: [
        { wellKnown: 'public', access: 'ro', restricted: false, line: lineOf('snmp-server community public') },
        { wellKnown: null, access: 'rw', restricted: true, line: lineOf('snmp-server community Pr1vate') },
        { wellKnown: 'private', access: 'rw', restricted: false, line: lineOf('snmp-server community private') },
      ],
      enablePassword: { storage: 'type7', line: lineOf('enable password') },
    });
    expect(JSON.stringify(iosDeviceSettings(text))).not.toContain('S3cret');
  });

  it('enable secret takes precedence; a clear enable password without service password-encryption is clear', () => {
    expect(iosDeviceSettings('enable password letmein\nenable secret 9 $9$abc\n').enablePassword).toEqual({
      storage: 'secret',
      line: 2,
    });
    expect(iosDeviceSettings('enable password level 15 letmein\n').enablePassword).toEqual({
      storage: 'clear',
      line: 1,
    });
    expect(iosDeviceSettings('version 15.2\n')).toEqual({});
  });
});
