// The host collector judges a Linux host's firewall on the model netfilter.ts builds, as the
// firewall collector does: on real iptables-save and nft -j outputs (ours, recorded in a network
// namespace, and Batfish's), the host's answer agrees with network.firewall_default_deny run by
// the real CLI and policy bundle on the same files.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src/collectors/host/commands.ts';
import { firewallOf } from '../../../src/collectors/host/read-linux.ts';
import { parseIptablesSave, parseNftJson } from '../../../src/providers/linux/netfilter.ts';
import { repoRoot, runCli } from '../../cli/run-cli.ts';

const OURS = 'test/fixtures/host/linux';
const THIRD = 'test/fixtures/third-party/firewall';
const RULESETS = [
  `${OURS}/rhel-reject.iptables`,
  `${OURS}/drop-after-accept-all.iptables`,
  `${OURS}/debian-drop.nft.json`,
  `${OURS}/accept.nft.json`,
  `${THIRD}/example-live-host1.iptables`,
  `${THIRD}/unit-host1.iptables`,
  `${THIRD}/iptables-firewall-z2-firewall.v4`,
  'test/fixtures/firewall/ruleset.nft.json',
];

const text = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');

/** The host collector's reading of one or two outputs, and the parse problems it reports. */
function hostFirewall(outputs: { nft?: string; iptables?: string }) {
  const problems: string[] = [];
  const firewall = firewallOf(
    [
      { tool: 'nft', command: COMMANDS.nft, text: outputs.nft, parse: parseNftJson },
      { tool: 'iptables-save', command: COMMANDS.iptables, text: outputs.iptables, parse: parseIptablesSave },
    ],
    (command, result) => problems.push(...result.gaps.map((g) => `${command.id}: ${g.message}`)),
  );
  return { firewall, problems };
}

const hostOf = (file: string) => hostFirewall(file.endsWith('.json') ? { nft: text(file) } : { iptables: text(file) });

let dir: string;
let failing: Set<string>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'assay-host-firewall-'));
  const snapshot = path.join(dir, 'firewalls.json');
  await runCli(['collect', 'firewall', ...RULESETS, '-o', snapshot]);
  const report = JSON.parse((await runCli(['evaluate', snapshot, '-f', 'json'])).stdout) as {
    findings: { ruleId: string; resource: { uid: string } }[];
  };
  failing = new Set(
    report.findings.filter((f) => f.ruleId === 'network.firewall_default_deny').map((f) => f.resource.uid),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the host firewall read through netfilter.ts', () => {
  it('recognises a final catch-all REJECT, an accept-everything rule ahead of a drop policy, and policies', () => {
    expect(hostOf(`${OURS}/rhel-reject.iptables`).firewall).toEqual({
      iptablesInputPolicy: 'ACCEPT',
      inputChains: [
        {
          tool: 'iptables-save',
          chain: 'ipv4/filter/INPUT',
          policy: 'allow',
          decidedBy: 'rule 5 (line 10)',
          action: 'deny',
        },
      ],
      defaultInputAction: 'deny',
    });
    expect(hostOf(`${OURS}/drop-after-accept-all.iptables`).firewall).toMatchObject({
      iptablesInputPolicy: 'DROP',
      inputChains: [{ policy: 'deny', decidedBy: 'rule 1 (line 6)', action: 'allow' }],
      defaultInputAction: 'allow',
    });
    expect(hostOf(`${OURS}/debian-drop.nft.json`).firewall).toMatchObject({
      nftInputPolicies: ['drop'],
      inputChains: [{ tool: 'nft', chain: 'inet/filter/input', decidedBy: 'policy', action: 'deny' }],
      defaultInputAction: 'deny',
    });
    expect(hostOf(`${OURS}/accept.nft.json`).firewall).toMatchObject({ defaultInputAction: 'allow' });
  });

  it('gives the answer network.firewall_default_deny gives on the same ruleset', () => {
    for (const file of RULESETS) {
      const { firewall } = hostOf(file);
      const chains = firewall?.inputChains ?? [];
      expect(chains.length, file).toBeGreaterThan(0);
      const denies = chains.filter((c) => !failing.has(`firewall:${file}:${c.chain}`));
      // The host denies when one of its input chains does (a drop in any base chain is final).
      expect(firewall?.defaultInputAction, file).toBe(denies.length > 0 ? 'deny' : 'allow');
    }
  });

  it('reads both views of an iptables-nft table: the nft view alone cannot see the REJECT, iptables-save can', () => {
    const nftOnly = hostFirewall({ nft: text(`${OURS}/rhel-reject.iptables-nft.json`) });
    // nft shows iptables' matches and targets as xt statements, which it does not model: reported.
    expect(nftOnly.problems.some((p) => p.includes('statement "xt" is not modelled'))).toBe(true);
    expect(nftOnly.firewall?.defaultInputAction).toBe('allow');
    const both = hostFirewall({
      nft: text(`${OURS}/rhel-reject.iptables-nft.json`),
      iptables: text(`${OURS}/rhel-reject.iptables`),
    });
    expect(both.firewall?.defaultInputAction).toBe('deny');
  });

  it('claims no deny on a ruleset with lines it could not read, and no answer from output that is not a ruleset', () => {
    const broken = `${text(`${OURS}/debian-drop.nft.json`).replace('"expr": [{"match"', '"expr": [{"bogus": 1}, {"match"')}`;
    const read = hostFirewall({ nft: broken });
    expect(read.problems).toEqual([expect.stringContaining('statement "bogus" is not modelled')]);
    expect(read.firewall?.inputChains?.[0]?.action).toBe('deny');
    expect(read.firewall?.defaultInputAction).toBeUndefined();
    const garbage = hostFirewall({ nft: 'table inet filter {', iptables: '' });
    expect(garbage.problems).toEqual([expect.stringContaining('not valid JSON')]);
    expect(garbage.firewall).toBeUndefined();
    const iptables = hostFirewall({
      iptables: '*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp --bogus 1 -j ACCEPT\nCOMMIT\n',
    });
    expect(iptables.problems).toEqual([expect.stringContaining('unknown option --bogus')]);
    expect(iptables.firewall?.defaultInputAction).toBeUndefined();
  });
});
