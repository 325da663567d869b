// The netfilter provider over real iptables-save output (Batfish's corpus), a malformed file, and
// an nftables JSON ruleset written from libnftables-json(5).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseIptablesSave, parseNftJson } from '../../../src/providers/linux/netfilter.ts';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures');
const read = (p: string) => readFileSync(path.join(fixtures, p), 'utf8');
const chain = (result: ReturnType<typeof parseIptablesSave>, name: string) => {
  const found = result.firewalls.find((c) => `${c.table}/${c.chain}` === name);
  if (!found) throw new Error(`no chain ${name}`);
  return found;
};

describe('parseIptablesSave', () => {
  it('reads default policies and rules of the filter table, skipping nat', () => {
    const result = parseIptablesSave(read('third-party/firewall/example-live-host1.iptables'), 'host1.iptables');
    expect(result.gaps).toEqual([]);
    expect(result.firewalls.map((c) => `${c.table}/${c.chain}`)).toEqual([
      'filter/INPUT',
      'filter/FORWARD',
      'filter/OUTPUT',
    ]);
    const input = chain(result, 'filter/INPUT');
    expect(input).toMatchObject({ hook: 'input', policy: 'deny', direction: 'ingress', line: 12 });
    expect(input.rules[1]).toMatchObject({
      direction: 'ingress',
      action: 'allow',
      protocol: 'tcp',
      ports: [{ from: 22, to: 22 }],
      sources: ['0.0.0.0/0'],
      priority: 2,
      line: 16,
      logging: false,
      text: '-A INPUT -p tcp --dport 22 -j ACCEPT',
    });
    expect(chain(result, 'filter/OUTPUT').direction).toBe('egress');
  });

  it('keeps mangle chains that drop, with source ports and interfaces as conditions', () => {
    const result = parseIptablesSave(read('third-party/firewall/iptables-firewall-z2-firewall.v4'), 'z2.v4');
    const pre = chain(result, 'mangle/PREROUTING');
    expect(pre.policy).toBe('deny');
    expect(pre.rules[0]).toMatchObject({ protocol: '89', sources: ['10.0.1.1/32'], ports: [] });
    expect(pre.rules[1]!.conditions).toEqual(['in-interface eth0']);
    expect(pre.rules[3]).toMatchObject({ sourcePorts: [{ from: 80, to: 80 }], ports: [{ from: 0, to: 65535 }] });
    // POSTROUTING is used without a declaration: a built-in chain, read with no stated policy.
    expect(result.gaps).toEqual([]);
  });

  it('records a garbage line and an unknown option as gaps with their lines and reads the rest', () => {
    const result = parseIptablesSave(read('firewall/malformed.iptables'), 'malformed.iptables');
    expect(result.gaps.map((g) => [g.line, g.reason, g.message])).toEqual([
      [10, 'parse-error', 'unknown line "this line is not iptables-save output"'],
      [11, 'parse-error', expect.stringContaining('unknown option --frobnicate')],
    ]);
    const input = chain(result, 'filter/INPUT');
    // The jump to SSH is recorded on the user chain, not as a rule.
    expect(chain(result, 'filter/SSH').calledFrom).toEqual(['filter/INPUT rule 3']);
    expect(input.rules.map((r) => r.priority)).toEqual([1, 2, 4, 6, 7, 8, 9]);
    expect(input.rules[1]!.conditions).toEqual(['ctstate RELATED,ESTABLISHED']);
    expect(input.rules[2]!.ports).toEqual([
      { from: 21, to: 21 },
      { from: 23, to: 23 },
    ]);
    // LOG followed by the same match marks the ACCEPT logged.
    expect(input.rules[3]).toMatchObject({ ports: [{ from: 443, to: 443 }], logging: true });
  });

  it('names a rule before any table and a rule for an undeclared user chain', () => {
    const result = parseIptablesSave(
      '-A INPUT -j ACCEPT\n*filter\n:INPUT ACCEPT [0:0]\n-A NOPE -j DROP\n-A INPUT -p tcp --dport 99999 -j ACCEPT\nCOMMIT\n',
      'x',
    );
    expect(result.gaps.map((g) => g.line)).toEqual([1, 4, 5]);
    expect(result.gaps[2]!.message).toContain('99999 is not a port');
  });
});

describe('parseNftJson', () => {
  it('reads chains, policies, prefixes, port sets, logging, conditions and jumps', () => {
    const result = parseNftJson(read('firewall/ruleset.nft.json'), 'ruleset.nft.json');
    expect(result.gaps).toEqual([
      expect.objectContaining({ line: 26, message: expect.stringContaining('statement "queue" is not modelled') }),
    ]);
    const input = result.firewalls.find((c) => c.chain === 'input')!;
    expect(input).toMatchObject({ family: 'inet', hook: 'input', policy: 'allow', direction: 'ingress' });
    expect(input.rules[0]!.conditions).toEqual(['ctstate established,related']);
    expect(input.rules[1]).toMatchObject({
      protocol: 'tcp',
      ports: [{ from: 22, to: 22 }],
      sources: ['0.0.0.0/0', '::/0'],
      line: 10,
    });
    expect(input.rules[2]).toMatchObject({
      sources: ['192.168.0.0/16'],
      ports: [
        { from: 80, to: 80 },
        { from: 443, to: 443 },
      ],
      logging: true,
    });
    const admin = result.firewalls.find((c) => c.chain === 'admin')!;
    expect(admin.calledFrom).toEqual(['filter/input rule 5']);
    expect(admin.hook).toBeUndefined();
  });

  it('reports JSON that does not parse and a document without nftables', () => {
    expect(parseNftJson('{"nftables": [', 'x').gaps[0]).toMatchObject({ reason: 'parse-error', line: 1 });
    expect(parseNftJson('{"other": []}', 'x').gaps[0]!.message).toContain('no "nftables" array');
  });
});
