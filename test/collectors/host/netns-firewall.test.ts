// The host firewall judged on live output: each ruleset is loaded into a fresh network namespace
// (unshare -rn, so the machine's own firewall is never touched) by the real nft and
// iptables-restore, listed by the real `nft -j list ruleset` and `iptables-save`, and read as the
// host collector reads them. Skipped (with a warning) where nft, iptables or user namespaces are
// missing, unless ASSAY_NETNS_TESTS=require.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src/collectors/host/commands.ts';
import { firewallOf } from '../../../src/collectors/host/read-linux.ts';
import { parseIptablesSave, parseNftJson } from '../../../src/providers/linux/netfilter.ts';

const SEPARATOR = '--- iptables-save ---';
// A non-root user's PATH often lacks the sbin folders the tools live in.
const PATH = 'PATH=/usr/sbin:/sbin:$PATH;';

/** Loads a ruleset in a new network namespace and returns both listings of it. */
function listed(load: string): { nft: string; iptables: string } {
  const script = `${PATH} ${load} && nft -j list ruleset && echo '${SEPARATOR}' && iptables-save`;
  const run = spawnSync('unshare', ['-rn', 'sh', '-ec', script], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`unshare -rn failed (${run.status}): ${run.stderr}`);
  const [nft, iptables] = run.stdout.split(`${SEPARATOR}\n`) as [string, string];
  return { nft, iptables };
}

function unavailable(): string | undefined {
  const probe = spawnSync('unshare', ['-rn', 'sh', '-c', `${PATH} nft list ruleset && iptables-save`], {
    encoding: 'utf8',
  });
  if (probe.error) return `unshare: ${probe.error.message}`;
  if (probe.status !== 0) return `nft or iptables-save in a new network namespace: ${probe.stderr.trim()}`;
  return undefined;
}

const reason = unavailable();
if (reason && process.env.ASSAY_NETNS_TESTS === 'require')
  throw new Error(`ASSAY_NETNS_TESTS=require but the netfilter tools cannot run: ${reason}`);
if (reason)
  console.warn(
    `WARNING: skipping the live netfilter tests: ${reason} (set ASSAY_NETNS_TESTS=require to make this an error)`,
  );

function hostAnswer(outputs: { nft: string; iptables: string }) {
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

describe.skipIf(reason !== undefined)('the host firewall on live nft and iptables-save output', () => {
  it('denies behind a final REJECT loaded by iptables-restore, whichever listing is read', () => {
    const rules = [
      '*filter',
      ':INPUT ACCEPT [0:0]',
      '-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
      '-A INPUT -i lo -j ACCEPT',
      '-A INPUT -p tcp --dport 22 -j ACCEPT',
      '-A INPUT -j REJECT --reject-with icmp-host-prohibited',
      'COMMIT',
    ].join('\\n');
    const outputs = listed(`printf '${rules}\\n' | iptables-restore`);
    const { firewall } = hostAnswer(outputs);
    expect(firewall?.defaultInputAction).toBe('deny');
    expect(firewall?.inputChains).toContainEqual(
      expect.objectContaining({ tool: 'iptables-save', chain: 'ipv4/filter/INPUT', policy: 'allow', action: 'deny' }),
    );
  });

  it('reads a drop policy set with nft, and an accept policy as letting traffic in', () => {
    const drop = listed(
      `nft 'add table inet filter; add chain inet filter input { type filter hook input priority 0; policy drop; }; add rule inet filter input tcp dport 22 accept'`,
    );
    expect(drop.iptables.trim()).toBe('');
    expect(hostAnswer(drop).firewall).toMatchObject({
      nftInputPolicies: ['drop'],
      inputChains: [{ tool: 'nft', chain: 'inet/filter/input', decidedBy: 'policy', action: 'deny' }],
      defaultInputAction: 'deny',
    });
    const accept = listed(
      `nft 'add table inet filter; add chain inet filter input { type filter hook input priority 0; policy accept; }'`,
    );
    expect(hostAnswer(accept).firewall?.defaultInputAction).toBe('allow');
  });

  it('lets everything in when an accept-all rule comes before the drop policy', () => {
    const outputs = listed(`printf '*filter\\n:INPUT DROP [0:0]\\n-A INPUT -j ACCEPT\\nCOMMIT\\n' | iptables-restore`);
    const { firewall } = hostAnswer(outputs);
    expect(firewall?.iptablesInputPolicy).toBe('DROP');
    expect(firewall?.defaultInputAction).toBe('allow');
  });
});
