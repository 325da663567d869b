// Junos configurations in both text forms, written for these tests from Junos's documented
// syntax: an SRX in the brace form (groups, address books with nested sets, applications with
// terms, predefined junos-* applications, global and default policies, inactive policies and
// terms, a logical system), a router's filters in the set form (prefix-lists, lists, delete,
// deactivate, unknown actions), and broken input of both forms.
import { describe, expect, it } from 'vitest';
import { parseJunosConfig } from '../../../src/providers/juniper/config.ts';
import { parseJunosBraces, parseJunosSet } from '../../../src/providers/juniper/statements.ts';
import { lineOf as fixtureLine, readFixture } from '../../firewall-parsers/fixtures.ts';

const read = (p: string) => readFixture(`firewall/${p}`);
const lineOf = (file: string, text: string) => fixtureLine(`firewall/${file}`, text);

describe('Junos brace form: SRX security policies', () => {
  const result = parseJunosConfig(read('junos-srx.conf'), 'srx.conf');
  const byId = (id: string) => result.rulebases.find((r) => r.id === id)!;
  const zonePair = byId('security-policies/untrust/dmz');
  const rule = (name: string) => zonePair.rules.filter((r) => r.name === name);

  it('reads one rulebase per zone pair with the global policies after its own and the deny-all default', () => {
    expect(zonePair).toMatchObject({
      name: 'from-zone untrust to-zone dmz',
      line: lineOf('junos-srx.conf', 'from-zone untrust to-zone dmz'),
      defaultAction: 'deny',
      binding: [{ fromZones: ['untrust'], toZones: ['dmz'] }],
    });
    expect([...new Set(zonePair.rules.map((r) => `${r.priority} ${r.name}`))]).toEqual([
      '1 allow-web',
      '2 telnet-in',
      '3 old-any',
      '4 partner-feed',
      '5 not-from-lab',
      '6 deny-all-logged',
    ]);
    expect(byId('security-policies/global').rules.map((r) => r.name)).toEqual(['deny-all-logged']);
  });

  it('resolves nested address-sets, ranges, application terms and predefined applications', () => {
    expect(rule('allow-web').map((r) => [r.protocol, r.ports])).toEqual([
      ['tcp', [{ from: 80, to: 80 }]],
      ['tcp', [{ from: 443, to: 443 }]],
      ['tcp', [{ from: 8080, to: 8081 }]],
      ['udp', [{ from: 8443, to: 8443 }]],
    ]);
    expect(rule('allow-web')[0]).toMatchObject({
      destinations: ['192.0.2.10/32', '192.0.2.11/32', '198.51.100.10-198.51.100.20'],
      sources: ['0.0.0.0/0', '::/0'],
      logging: true,
      line: lineOf('junos-srx.conf', 'policy allow-web'),
    });
    expect(rule('telnet-in')[0]).toMatchObject({ protocol: 'tcp', ports: [{ from: 23, to: 23 }], logging: false });
  });

  it('keeps an inactive policy as disabled and an excluded source as a condition', () => {
    expect(rule('old-any')[0]).toMatchObject({ enabled: false, action: 'allow' });
    expect(rule('not-from-lab')[0]).toMatchObject({
      action: 'deny',
      sources: ['0.0.0.0/0', '::/0'],
      conditions: ['not source lab-range'],
    });
  });

  it('leaves a dns-name address and an unknown junos-* application unresolved, with gaps at the policy', () => {
    expect(rule('partner-feed')[0]).toMatchObject({
      sources: [],
      unresolved: ['partner (dns-name partner.example.com)', 'junos-no-such-app (predefined, not known to assay)'],
    });
    const line = lineOf('junos-srx.conf', 'policy partner-feed');
    expect(result.gaps.filter((g) => g.line === line).map((g) => g.reason)).toEqual([
      'unresolved-reference',
      'unresolved-reference',
    ]);
  });

  it('applies a group at the root (binding and prefix-list) and reports a wildcard group as a gap', () => {
    const filter = byId('filter/inet/PROTECT-RE/input');
    expect(filter).toMatchObject({ attachedTo: ['lo0.0 input'], defaultAction: 'deny', direction: 'ingress' });
    expect(filter.rules[0]).toMatchObject({ name: 'ssh', sources: ['10.10.0.0/24', '10.10.1.0/24'] });
    expect(result.gaps).toContainEqual(
      expect.objectContaining({
        reason: 'other',
        message: expect.stringContaining('group "all-interfaces" uses wildcards'),
      }),
    );
  });

  it('reads filter terms: lists, tcp-established, except, syslog, inactive terms, the final discard', () => {
    const rules = byId('filter/inet/PROTECT-RE/input').rules;
    expect(rules.map((r) => [r.name, r.action, r.logging, r.enabled])).toEqual([
      ['ssh', 'allow', false, true],
      ['telnet', 'allow', false, true],
      ['established', 'allow', false, true],
      ['ntp', 'allow', true, true],
      ['old-snmp', 'allow', false, false],
      ['rest', 'deny', true, true],
    ]);
    expect(rules[1]!.ports).toEqual([
      { from: 23, to: 23 },
      { from: 2323, to: 2323 },
    ]);
    expect(rules[2]!.conditions).toEqual(['state established (tcp-established)']);
    expect(rules[3]!.conditions).toEqual(['source-address except 192.0.2.0/24']);
  });

  it('reads a logical system with its own permit-all default', () => {
    expect(byId('logical-systems/LS1/security-policies/a/b')).toMatchObject({
      name: 'logical-systems LS1: from-zone a to-zone b',
      defaultAction: 'allow',
    });
  });
});

describe('Junos set form: firewall filters', () => {
  const file = 'junos-set.conf';
  const result = parseJunosConfig(read(file), file);
  const edge = result.rulebases.find((r) => r.id === 'filter/inet/EDGE-IN/input')!;

  it('expands lists, honours delete and deactivate, skips next-term terms', () => {
    expect(edge.rules.map((r) => `${r.priority} ${r.name} ${r.protocol} ${r.action}`)).toEqual([
      '1 no-bogons all deny',
      '2 ntp udp allow',
      '3 web tcp allow',
      '3 web udp allow',
      '4 ftp tcp allow',
      '5 odd all allow',
      '6 all all allow',
    ]);
    expect(edge.rules.at(-1)!.enabled).toBe(false);
    expect(edge.rules[0]!.sources).toEqual(['10.0.0.0/8', '192.168.0.0/16']);
    expect(edge.rules[4]).toMatchObject({ logging: true, ports: [{ from: 21, to: 21 }] });
  });

  it('an apply-path prefix-list and an unknown action leave the term unknown, never any', () => {
    expect(edge.rules[1]).toMatchObject({
      sources: [],
      unresolved: ['prefix-list DYNAMIC (apply-path system ntp server <*>)'],
    });
    expect(edge.rules[5]!.unresolved).toEqual(['then frobnicate (an action assay does not know)']);
  });

  it('names each line it cannot read, an undefined filter and a non-IP filter family', () => {
    expect(result.gaps.map((g) => [g.line, g.reason])).toEqual(
      expect.arrayContaining([
        [lineOf(file, 'show configuration'), 'parse-error'],
        [lineOf(file, 'term broken'), 'parse-error'],
        [lineOf(file, 'ethernet-switching'), 'other'],
        [lineOf(file, 'output MISSING'), 'unresolved-reference'],
      ]),
    );
  });

  it('reads quoted values with spaces, semicolons and brackets as one word', () => {
    const { statements } = parseJunosSet(read(file));
    expect(statements.find((s) => s.words.includes('description'))!.words.at(-1)).toBe('uplink; to ISP [primary]');
  });
});

describe('broken input', () => {
  it('brace form: a missing ";", an unterminated quote and unclosed blocks are gaps at their lines', () => {
    const file = 'junos-malformed.conf';
    const result = parseJunosConfig(read(file), file);
    expect(result.gaps.filter((g) => g.reason === 'parse-error').map((g) => g.line)).toEqual(
      expect.arrayContaining([lineOf(file, 'application junos-https'), lineOf(file, 'policy "unterminated')]),
    );
    expect(result.gaps.every((g) => g.file === file)).toBe(true);
  });

  it('brace form: "}" without a block and inactive: on a leaf', () => {
    const parsed = parseJunosBraces('system {\n  inactive: host-name a;\n}\n}\n');
    expect(parsed.statements).toEqual([
      { words: ['system', 'host-name', 'a'], line: 2, wordLines: [1, 2, 2], inactiveAt: 3 },
    ]);
    expect(parsed.errors).toEqual([{ line: 4, message: '"}" closes no block' }]);
  });
});

describe('Junos management access (system services)', () => {
  const management = (text: string) =>
    parseJunosConfig(text, 'm.conf').rulebases.find((r) => r.id === 'management-access');

  it('a router without zones accepts an enabled service on every interface', () => {
    const rb = management('set system services telnet\nset system services web-management http port 8080\n');
    expect(rb!.rules.map((r) => [r.name, r.ports[0]!.from, r.sources, r.line])).toEqual([
      ['telnet', 23, ['0.0.0.0/0', '::/0'], 1],
      ['http', 8080, ['0.0.0.0/0', '::/0'], 2],
    ]);
  });

  it('an SRX accepts a service only through zones whose host-inbound-traffic lists it; an interface list replaces the zone list', () => {
    const rb = management(
      [
        'set system services telnet',
        'set system services ssh',
        'set security zones security-zone trust host-inbound-traffic system-services all',
        'set security zones security-zone trust host-inbound-traffic system-services telnet except',
        'set security zones security-zone trust interfaces ge-0/0/1.0',
        'set security zones security-zone dmz host-inbound-traffic system-services ssh',
        'set security zones security-zone dmz interfaces ge-0/0/2.0 host-inbound-traffic system-services telnet',
        'set security zones security-zone dmz interfaces ge-0/0/3.0',
      ].join('\n'),
    );
    expect(rb!.rules.map((r) => [r.name, r.destinations])).toEqual([
      ['telnet from zone dmz', ['device via ge-0/0/2.0']],
      ['ssh from zone trust', ['device via ge-0/0/1.0']],
      ['ssh from zone dmz', ['device via ge-0/0/3.0']],
    ]);
  });

  it('a filter on lo0 decides the sources: unresolved here, never any', () => {
    const rb = management(
      'set system services telnet\nset interfaces lo0 unit 0 family inet filter input PROTECT\nset firewall filter PROTECT term t then accept\n',
    );
    expect(rb!.rules[0]).toMatchObject({ sources: [], unresolved: ['sources decided by lo0 filter PROTECT'] });
  });
});
