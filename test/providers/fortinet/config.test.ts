// FortiOS configurations: a two-VDOM backup written for these tests from FortiOS's CLI syntax
// (addresses by mask, CIDR, range and FQDN, nested and excluding groups, a virtual IP, custom
// services with source ports and IP protocol numbers, predefined services, negation, schedules,
// users, disabled policies, logtraffic values, a multi-line quoted comment, a local-in policy that
// is not read), broken block structure, and Batfish's policy sample.
import { describe, expect, it } from 'vitest';
import { parseFortiosConfig } from '../../../src/providers/fortinet/config.ts';
import { lineOf, readFixture } from '../../firewall-parsers/fixtures.ts';

const read = readFixture;

describe('parseFortiosConfig', () => {
  const file = 'firewall/fortios-vdoms.conf';
  const result = parseFortiosConfig(read(file), file);
  const [root, dmz] = result.rulebases;
  const named = (name: string) => root!.rules.filter((r) => r.name === name);

  it('reads one policy table per VDOM, in file order, ending in the implicit deny', () => {
    expect(result.rulebases.map((r) => [r.id, r.name, r.defaultAction])).toEqual([
      ['firewall/policy', 'firewall policy', 'deny'],
      ['vdom/dmz/firewall/policy', 'vdom dmz firewall policy', 'deny'],
      ['management-access', 'management access', 'deny'],
    ]);
    expect([...new Set(root!.rules.map((r) => `${r.priority} ${r.name}`))]).toEqual([
      '1 inbound web',
      '2 legacy telnet',
      '3 outbound',
      '4 everything',
      '5 not from inside',
    ]);
  });

  it('resolves a virtual IP, a service group of predefined and custom services with source ports', () => {
    expect(named('inbound web').map((r) => [r.protocol, r.ports, r.sourcePorts])).toEqual([
      ['tcp', [{ from: 80, to: 80 }], undefined],
      ['tcp', [{ from: 443, to: 443 }], undefined],
      ['tcp', [{ from: 8080, to: 8080 }], [{ from: 1024, to: 65535 }]],
    ]);
    expect(named('inbound web')[0]).toMatchObject({
      destinations: ['203.0.113.10/32'],
      conditions: ['srcintf wan1', 'dstintf internal'],
      logging: true,
      line: lineOf(file, 'edit 10'),
    });
  });

  it('logtraffic: unset (utm) and disable log no session, all logs every session', () => {
    expect(named('legacy telnet').map((r) => [r.ports[0]!.from, r.logging])).toEqual([
      [23, false],
      [21, false],
    ]);
    expect(named('outbound')[0]!.logging).toBe(false);
    expect(dmz!.rules[0]!.logging).toBe(true);
  });

  it('groups with exclusions, users and an FQDN: conditions and an unresolved peer', () => {
    expect(named('outbound')[0]).toMatchObject({
      sources: ['10.1.0.0/24', '10.1.0.200-10.1.0.220'],
      conditions: ['srcintf internal', 'dstintf wan1', 'inside-no-printers excludes printers', 'users alice'],
      unresolved: ['cdn (type fqdn)'],
    });
  });

  it('status disable, srcaddr-negate, schedule, IP protocol numbers and an unknown service', () => {
    expect(named('everything')[0]).toMatchObject({ enabled: false, sources: ['0.0.0.0/0', '::/0'] });
    expect(named('not from inside')[0]).toMatchObject({
      action: 'deny',
      protocol: '47',
      sources: ['0.0.0.0/0'],
      conditions: ['not srcaddr inside', 'schedule weekdays'],
      unresolved: ['NO-SUCH-SERVICE'],
    });
  });

  it('reports the local-in policy table it does not read and each unresolved name at its policy', () => {
    expect(result.gaps.map((g) => [g.line, g.reason])).toEqual([
      [lineOf(file, 'edit 12'), 'unresolved-reference'],
      [lineOf(file, 'edit 14'), 'unresolved-reference'],
      [lineOf(file, 'config firewall local-in-policy'), 'other'],
    ]);
  });

  it('broken block structure: each misplaced statement is a gap at its line, what came before is read', () => {
    const broken = 'firewall/fortios-malformed.conf';
    const parsed = parseFortiosConfig(read(broken), broken);
    expect(parsed.rulebases[0]!.rules.map((r) => r.name)).toEqual(['ok']);
    expect(parsed.gaps.map((g) => [g.line, g.reason])).toEqual([
      [lineOf(broken, 'end'), 'parse-error'],
      [lineOf(broken, 'frobnicate'), 'parse-error'],
      [lineOf(broken, 'edit 2'), 'parse-error'],
    ]);
  });

  it('administrative access: allowaccess per interface on the global admin ports, from the trusted hosts', () => {
    const access = result.rulebases.find((r) => r.id === 'management-access')!;
    expect(access.rules.map((r) => [r.name, r.ports[0]!.from])).toEqual([
      ['https on wan1', 8443],
      ['ssh on wan1', 22],
      ['http on wan1', 80],
      ['telnet on wan1', 23],
      ['https on internal', 8443],
    ]);
    // Every administrator has trusted hosts (the 0.0.0.0/0 entry of "backup" is FortiOS's unset value).
    expect(access.rules[0]!.sources).toEqual(['198.51.100.0/24', '203.0.113.7/32']);
  });

  it('a policy to internet services has no dstaddr: its destinations are unknown, not missing', () => {
    const text = [
      'config firewall policy',
      '    edit 1',
      '        set srcintf "lan"',
      '        set dstintf "wan1"',
      '        set srcaddr "all"',
      '        set internet-service enable',
      '        set internet-service-name "Microsoft-Office365"',
      '        set action accept',
      '    next',
      'end',
    ].join('\n');
    const [rb] = parseFortiosConfig(text, 'isdb.conf').rulebases;
    expect(rb!.rules[0]).toMatchObject({
      destinations: [],
      protocol: 'all',
      conditions: [
        'srcintf lan',
        'dstintf wan1',
        'destination internet-service',
        'internet-service-name Microsoft-Office365',
      ],
      unresolved: ['dstaddr (internet service addresses)'],
    });
  });

  it("Batfish's sample: edit ids are not positions; append extends a list; ALL defined as IP", () => {
    const sample = 'third-party/firewall/testconfig-fortios-firewall_policy.conf';
    const [rb] = parseFortiosConfig(read(sample), sample).rulebases;
    expect([...new Set(rb!.rules.map((r) => r.text!.split(':')[0]))]).toEqual([
      'edit 0',
      'edit 4294967294',
      'edit 1',
      'edit 2',
      'edit 3',
    ]);
    expect(rb!.rules.find((r) => r.text!.startsWith('edit 3'))!.conditions).toEqual([
      'srcintf zone1,port2,zone3,zone2',
      'dstintf zone1,zone3',
    ]);
    expect(rb!.rules.find((r) => r.text!.startsWith('edit 4294967294'))).toMatchObject({ action: 'deny' });
  });
});
