// Network ACLs from Terraform and CloudFormation, read end to end (real readers, real policies):
// entries ordered by rule number, first match wins, a deny before an allow honoured, egress not
// judged as ingress, and an unknown rule number or CIDR not evaluated, never a pass.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { FirewallRule } from '../../../src/model/kinds.ts';
import type { Results } from '../../../src/model/results.ts';
import { outcome, scanAndEvaluate } from './evaluate-folder.ts';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/network-acl');

async function scan(folder: string) {
  const { source, resources, results } = await scanAndEvaluate(path.join(fixtures, folder), ['pci-dss']);
  const get = (uid: string) => {
    const found = resources.find((r) => r.uid === uid);
    if (!found) throw new Error(`no ${uid}; have ${resources.map((r) => r.uid).join(', ')}`);
    return found;
  };
  return { source, results, get };
}

const messages = (results: Results, ruleId: string, uid: string) =>
  results.findings.filter((f) => f.ruleId === ruleId && f.resource.uid === uid).map((f) => f.message);

describe('Terraform network ACLs', async () => {
  const { source, results, get } = await scan('terraform');
  const tf = (address: string) => `terraform:main.tf:${address}`;

  it('joins inline blocks and aws_network_acl_rule into one ordered rulebase bound to its subnets', () => {
    const acl = get(tf('aws_network_acl.guarded'));
    const rules = (acl.props as { rules: FirewallRule[] }).rules;
    expect(rules.map((r) => [r.direction, r.priority, r.action])).toEqual([
      ['ingress', 90, 'deny'],
      ['ingress', 100, 'allow'],
      ['egress', 100, 'allow'],
      ['ingress', 110, 'allow'],
      ['ingress', 200, 'allow'],
    ]);
    expect(acl.props).toMatchObject({
      firstMatch: true,
      defaultIngressAction: 'deny',
      attachedTo: ['aws_subnet.public.id'],
    });
    expect(rules[1]?.shadowedBy).toMatchObject({ priority: 90 });
  });

  it('an SSH allow behind a lower-numbered deny is no finding; RDP allowed by a rule resource is', () => {
    expect(messages(results, 'network.admin_ports_restricted', tf('aws_network_acl.guarded'))).toEqual([
      'Firewall "guarded" rule 200 allows RDP (tcp/3389) from 0.0.0.0/0',
    ]);
    // The egress allow of everything is not ingress, and 443 is a published port.
    expect(outcome(results, 'network.unrestricted_ingress', tf('aws_network_acl.guarded'))).toBe('passed');
    // The shadowed SSH allow is dead code: reported as such.
    expect(outcome(results, 'network.firewall_shadowed_rule', tf('aws_network_acl.guarded'))).toBe('failed');
  });

  it('the default ACL that allows everything fails', () => {
    const uid = tf('aws_default_network_acl.default');
    expect(get(uid).props).toMatchObject({ attachedTo: ['aws_vpc.main.default_network_acl_id'] });
    for (const rule of [
      'network.unrestricted_ingress',
      'network.admin_ports_restricted',
      'network.firewall_any_any_permit',
    ])
      expect(outcome(results, rule, uid)).toBe('failed');
  });

  it('an unknown CIDR or rule number leaves the ACL not evaluated, with a gap naming the entry', () => {
    expect(outcome(results, 'network.admin_ports_restricted', tf('aws_network_acl.office'))).toBe('notEvaluated');
    // The MySQL allow may come before rule 50's deny: unknown, not a pass.
    expect(outcome(results, 'network.database_ports_restricted', tf('aws_network_acl.database'))).toBe('notEvaluated');
    expect(get(tf('aws_network_acl.database')).unknownReasons).toEqual({
      'rules[].priority': 'rule_no depends on var.mysql_rule_no, which has no value',
    });
    expect(source.gaps?.map((g) => g.message)).toEqual(
      expect.arrayContaining([
        'aws_network_acl.office: ingress entry 100 has no known peer; it was not evaluated',
        'aws_network_acl.database: ingress entry has an unknown rule number; it was not evaluated',
      ]),
    );
  });

  it('an allow that a deny with an unknown CIDR may block first is not evaluated, with a gap naming both', () => {
    const uid = tf('aws_network_acl.bastion');
    expect((get(uid).props as { rules: FirewallRule[] }).rules).toEqual([]);
    expect(outcome(results, 'network.admin_ports_restricted', uid)).toBe('notEvaluated');
    expect(get(uid).unknownReasons).toEqual({
      'rules[].sources': expect.stringContaining('cidr_block depends on var.blocked_cidr, which has no value'),
    });
    expect(source.gaps?.map((g) => g.message)).toEqual(
      expect.arrayContaining([
        'aws_network_acl.bastion: ingress entry 100 has an unknown effect: ingress entry 50, which has no known peer, may deny its traffic first; it was not evaluated',
      ]),
    );
  });

  it('a deny with an unknown rule number blocks only what it can match: SSH stays open, the RDP allow is unknown', () => {
    const uid = tf('aws_network_acl.admin');
    expect((get(uid).props as { rules: FirewallRule[] }).rules.map((r) => r.priority)).toEqual([100]);
    expect(messages(results, 'network.admin_ports_restricted', uid)).toEqual([
      'Firewall "admin" rule 100 allows SSH (tcp/22) from 0.0.0.0/0',
    ]);
    expect(source.gaps?.map((g) => g.message)).toEqual(
      expect.arrayContaining([
        'aws_network_acl.admin: ingress entry has an unknown rule number; it was not evaluated',
        'aws_network_acl.admin: ingress entry 200 has an unknown effect: ingress entry, which has an unknown rule number, may deny its traffic first; it was not evaluated',
      ]),
    );
  });

  it('entries of a dynamic block over an unknown collection leave the ACL not evaluated, not empty and passing', () => {
    const uid = tf('aws_network_acl.dynamic');
    expect(get(uid).unknownReasons).toEqual({
      rules: 'ingress blocks depends on var.public_rules, which has no value',
    });
    for (const rule of ['network.unrestricted_ingress', 'network.admin_ports_restricted'])
      expect(outcome(results, rule, uid)).toBe('notEvaluated');
  });

  it('aws_ebs_encryption_by_default is the region setting', () => {
    const setting = get(tf('aws_ebs_encryption_by_default.on'));
    expect(setting).toMatchObject({ kind: 'compute.disk_encryption_default', props: { enabled: true } });
    expect(outcome(results, 'compute.disk_encryption_by_default', setting.uid)).toBe('passed');
  });
});

// terraform-aws-modules/vpc's network-acls example, cut down: the zones are
// slice(data.aws_availability_zones.available.names, 0, 3), so the count of the dedicated ACL and of
// its aws_network_acl_rule entries hangs on how many subnets that makes. Three, or the plan fails:
// the entries are read by count.index, where the ACL used to be one record with every entry unknown.
describe('Terraform network ACLs of a vpc module counted over the availability zones', async () => {
  const { source, results, get } = await scan('terraform-vpc-module');
  const uid = 'terraform:main.tf:module.vpc.aws_network_acl.public[0]';

  it('expands the counted entries in rule-number order', () => {
    const rules = (get(uid).props as { rules: FirewallRule[] }).rules;
    expect(rules.map((r) => [r.direction, r.priority, r.action])).toEqual([
      ['ingress', 100, 'allow'],
      ['ingress', 120, 'allow'],
      ['ingress', 140, 'allow'],
      ['ingress', 900, 'allow'],
    ]);
    expect(get(uid).unknownReasons).toBeUndefined();
    expect(source.gaps?.map((g) => g.message) ?? []).not.toEqual(
      expect.arrayContaining([expect.stringContaining('aws_network_acl_rule')]),
    );
  });

  it('SSH from anywhere (rule 120) fails the admin-ports rule instead of being left not evaluated', () => {
    expect(messages(results, 'network.admin_ports_restricted', uid)).toEqual(
      expect.arrayContaining(['Firewall "public[0]" rule 120 allows SSH (tcp/22) from 0.0.0.0/0']),
    );
    // 443, 80 and the ephemeral range are not every port.
    expect(outcome(results, 'network.unrestricted_ingress', uid)).toBe('passed');
  });
});

describe('CloudFormation network ACLs', async () => {
  const { results, get } = await scan('cloudformation');
  const cfn = (id: string) => `cloudformation:template.yaml:${id}`;

  it('NetworkAclEntry resources in rule-number order; the SSH deny at 90 holds, the rest of TCP is open', () => {
    const acl = get(cfn('Acl'));
    expect(acl.props).toMatchObject({ firstMatch: true, attachedTo: [cfn('Subnet')] });
    expect(messages(results, 'network.admin_ports_restricted', cfn('Acl'))).toEqual([
      'Firewall "Acl" rule 100 allows Telnet (tcp/23), RDP (tcp/3389), VNC (tcp/5900), WinRM (tcp/5985), WinRM over HTTPS (tcp/5986) from 0.0.0.0/0',
    ]);
    expect(outcome(results, 'network.unrestricted_ingress', cfn('Acl'))).toBe('failed');
  });

  it('an entry whose CIDR is a parameter without value is not evaluated', () => {
    expect(outcome(results, 'network.admin_ports_restricted', cfn('AdminAcl'))).toBe('notEvaluated');
  });
});
