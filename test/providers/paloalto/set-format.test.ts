// PAN-OS set format: a multi-vsys configuration written for these tests from PAN-OS's set syntax
// (shared and vsys objects, quoted names, nested static groups, a dynamic group, service groups,
// rule-type, an interzone-default override, NAT rules that are not security policy) with broken
// lines at its end, and Batfish's single-vsys and Panorama samples.
import { describe, expect, it } from 'vitest';
import { parsePanosSet } from '../../../src/providers/paloalto/set-format.ts';
import { lineOf, readFixture } from '../../firewall-parsers/fixtures.ts';

const read = readFixture;

describe('parsePanosSet', () => {
  const file = 'firewall/panos-set.conf';
  const result = parsePanosSet(read(file), file);
  const [rulebase] = result.rulebases;
  const named = (name: string) => rulebase!.rules.filter((r) => r.name === name);

  it('reads the vsys rulebase, with the interzone-default allow override as its default', () => {
    expect(result.rulebases).toHaveLength(1);
    expect(rulebase).toMatchObject({
      id: 'vsys/vsys2/security',
      defaultAction: 'allow',
      line: lineOf(file, 'rules "allow web" from'),
    });
  });

  it('resolves quoted names, nested static groups, ranges, shared objects and predefined services', () => {
    expect(named('allow web').map((r) => [r.protocol, r.ports])).toEqual([
      ['tcp', [{ from: 443, to: 443 }]],
      ['tcp', [{ from: 8443, to: 8443 }]],
    ]);
    expect(named('allow web')[0]).toMatchObject({
      destinations: ['192.0.2.0/28', '192.0.2.20-192.0.2.29', '192.0.2.53/32'],
      conditions: ['from zone untrust', 'to zone dmz'],
      logging: true,
    });
  });

  it('reads service groups with port lists and log-end no', () => {
    expect(named('legacy-ftp').map((r) => r.ports)).toEqual([
      [
        { from: 20, to: 21 },
        { from: 990, to: 990 },
      ],
      [{ from: 8443, to: 8443 }],
    ]);
    expect(named('legacy-ftp').every((r) => r.logging === false)).toBe(true);
  });

  it('keeps rule-type intrazone as a condition and leaves FQDN and dynamic groups unresolved', () => {
    expect(named('same-zone')[0]!.conditions).toEqual(['rule-type intrazone']);
    expect(named('dynamic')[0]).toMatchObject({
      sources: [],
      unresolved: ['partner (fqdn partner.example.com)', 'tagged (dynamic group)'],
    });
  });

  it('names each line it cannot read: a delete line, an unterminated quote', () => {
    expect(result.gaps.filter((g) => g.reason === 'parse-error').map((g) => [g.line, g.message])).toEqual([
      [lineOf(file, 'rules "unclosed'), 'quoted string is never closed; the rest of the file is not read'],
      [lineOf(file, 'delete vsys'), '"delete" is not a set statement; the line is not read'],
    ]);
  });

  it("Batfish's rulebase sample: file order, the disabled rule, the negated source", () => {
    const sample = 'third-party/firewall/testconfig-rulebase.cfg';
    const [rb] = parsePanosSet(read(sample), sample).rulebases;
    expect(rb!.rules.map((r) => [r.name, r.enabled, r.line])).toEqual([
      ['disabled rule', false, lineOf(sample, '"disabled rule" disabled')],
      ['RULE1', true, lineOf(sample, 'RULE1 from')],
      ['RULE2', true, lineOf(sample, 'RULE2 from')],
      ['3rd_RULE', true, lineOf(sample, '3rd_RULE from')],
    ]);
    expect(rb!.rules[2]!.conditions).toContain('not source 2.2.2.2');
  });

  it("Panorama's shared pre-rulebase is read as a rulebase of its own", () => {
    const text = [
      'from any',
      'to any',
      'source any',
      'destination any',
      'application any',
      'service any',
      'action allow',
    ]
      .map((field) => `set shared pre-rulebase security rules everything ${field}`)
      .join('\n');
    expect(parsePanosSet(text, 'shared.set').rulebases.map((r) => [r.id, r.rules[0]!.action, r.line])).toEqual([
      ['shared/pre-rulebase', 'allow', 1],
    ]);
  });

  it("Batfish's Panorama sample: device-group pre- and post-rulebases", () => {
    const sample = 'third-party/firewall/testconfig-panorama-rulebase-copy.cfg';
    expect(parsePanosSet(read(sample), sample).rulebases.map((r) => r.id)).toEqual([
      'device-group/DG1/pre-rulebase',
      'device-group/DG1/post-rulebase',
    ]);
  });
});
