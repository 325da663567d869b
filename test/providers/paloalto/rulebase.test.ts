// PAN-OS XML security rulebases: a configuration written from PAN-OS's documented XML structure
// (objects, groups, predefined and shared services, disabled and negated rules, an FQDN and an
// undefined object) and a document cut off mid-element.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePanosXml } from '../../../src/providers/paloalto/rulebase.ts';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/firewall');
const read = (p: string) => readFileSync(path.join(fixtures, p), 'utf8');

describe('parsePanosXml', () => {
  const result = parsePanosXml(read('panos-running-config.xml'), 'panos.xml');
  const [rulebase] = result.rulebases;
  const rules = rulebase!.rules;
  const named = (name: string) => rules.filter((r) => r.name === name);

  it('reads one rulebase per vsys with its zones and the interzone default deny', () => {
    expect(result.rulebases).toHaveLength(1);
    expect(rulebase).toMatchObject({ id: 'vsys/vsys1/security', defaultAction: 'deny', line: 43 });
    expect(rulebase!.binding).toEqual([{ fromZones: ['untrust', 'any'], toZones: ['dmz', 'any'] }]);
  });

  it('resolves address groups, predefined, shared and grouped services', () => {
    expect(named('allow-web').map((r) => [r.protocol, r.ports, r.destinations])).toEqual([
      ['tcp', [{ from: 443, to: 443 }], ['192.0.2.10/32', '192.0.2.11/32']],
      ['tcp', [{ from: 8443, to: 8443 }], ['192.0.2.10/32', '192.0.2.11/32']],
    ]);
    expect(named('allow-web')[0]).toMatchObject({
      line: 45,
      priority: 1,
      logging: true,
      conditions: ['from zone untrust', 'to zone dmz'],
    });
    expect(named('admins-ssh')[0]!.sources).toEqual(['198.51.100.0/24']);
  });

  it('reads log-end no, disabled rules and application conditions', () => {
    expect(named('ssh-from-anywhere').every((r) => r.logging === false)).toBe(true);
    expect(named('old-rule')[0]!.enabled).toBe(false);
    expect(named('partner-feed')[0]!.conditions).toContain('application ssl');
  });

  it('leaves an FQDN and an undefined object unresolved, with gaps at the rule line', () => {
    expect(named('partner-feed')[0]).toMatchObject({
      sources: [],
      unresolved: ['partner (fqdn partner.example.com)', 'undefined-object'],
    });
    expect(result.gaps.map((g) => [g.reason, g.line])).toEqual([
      ['unresolved-reference', 74],
      ['unresolved-reference', 74],
    ]);
  });

  it('reports XML that is not well-formed at the validator line and reads nothing of it', () => {
    const broken = parsePanosXml(read('panos-malformed.xml'), 'broken.xml');
    expect(broken.rulebases).toEqual([]);
    expect(broken.gaps).toEqual([
      expect.objectContaining({
        reason: 'parse-error',
        line: 13,
        message: expect.stringContaining('not well-formed XML'),
      }),
    ]);
  });

  it('reads the API response wrapper and rules without an action as gaps', () => {
    const xml =
      '<response status="success"><result><config><devices><entry name="d"><vsys><entry name="vsys2"><rulebase><security><rules>' +
      '<entry name="a"><source><member>10.0.0.0/8</member></source><destination><member>any</member></destination><service><member>any</member></service></entry>' +
      '<entry name="b"><source><member>any</member></source><destination><member>any</member></destination><service><member>any</member></service><action>drop</action></entry>' +
      '</rules></security></rulebase></entry></vsys></entry></devices></config></result></response>';
    const wrapped = parsePanosXml(xml, 'api.xml');
    expect(wrapped.gaps.map((g) => g.message)).toEqual([
      expect.stringContaining('rule "a" in vsys2 security has no action'),
    ]);
    expect(wrapped.rulebases[0]!.rules).toMatchObject([{ name: 'b', action: 'deny', priority: 2 }]);
  });
});
