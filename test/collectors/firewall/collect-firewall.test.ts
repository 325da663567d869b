// `assay collect firewall <files...> -o snapshot.json` then `assay evaluate` through the real CLI
// and the real policy bundle: the snapshot validates, and each corpus file (Batfish's configs,
// notes in test/fixtures/third-party/firewall/SOURCES.md) yields the findings its content calls for.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSnapshot } from '../../../src/model/snapshot.ts';
import { validateSnapshot } from '../../../src/model/validate.ts';
import { repoRoot, runCli } from '../../cli/run-cli.ts';

const THIRD = 'test/fixtures/third-party/firewall';
const OURS = 'test/fixtures/firewall';
const files = [
  `${THIRD}/example-live-host1.iptables`,
  `${THIRD}/unit-host1.iptables`,
  `${THIRD}/iptables-firewall-z2-firewall.v4`,
  `${THIRD}/example-live-as2border1.cfg`,
  `${THIRD}/example-live-as2core1.cfg`,
  `${THIRD}/example-live-as2dept1.cfg`,
  `${THIRD}/testconfig-asa-filters.cfg`,
  `${THIRD}/unit-asa_acl.cfg`,
  `${THIRD}/allinone-asaNode.cfg`,
  `${THIRD}/srx-testbed-junos-srx-1.cfg`,
  `${OURS}/malformed.iptables`,
  `${OURS}/ruleset.nft.json`,
  `${OURS}/asa-objects.cfg`,
  `${OURS}/panos-running-config.xml`,
  `${OURS}/panos-malformed.xml`,
  `${THIRD}/testconfig-rulebase.cfg`,
  `${THIRD}/testconfig-panos-security-rules.cfg`,
  `${THIRD}/testconfig-panorama-rulebase-copy.cfg`,
  `${THIRD}/testconfig-junos-firewall-filters.cfg`,
  `${THIRD}/unit-juniper_security.cfg`,
  `${THIRD}/testconfig-fortios-firewall_policy.conf`,
  `${THIRD}/hybrid-cloud-aws-lhr-border-02.cfg`,
  `${OURS}/ios-management.cfg`,
];

interface Finding {
  ruleId: string;
  message: string;
  resource?: { uid?: string };
  location?: { file?: string; line?: number };
}

let dir: string;
let snapshotText: string;
let findings: Finding[];
let collectOutput: { code: number; stdout: string; stderr: string };

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'assay-firewall-'));
  const snapshot = path.join(dir, 'snapshot.json');
  collectOutput = await runCli(['collect', 'firewall', ...files, '-o', snapshot]);
  snapshotText = readFileSync(snapshot, 'utf8');
  const report = path.join(dir, 'report.json');
  const evaluated = await runCli(['evaluate', snapshot, '-f', 'json', '-o', report]);
  expect(evaluated.stderr).not.toContain('Error');
  findings = (JSON.parse(readFileSync(report, 'utf8')) as { findings: Finding[] }).findings;
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const of = (file: string, ruleId: string) =>
  findings.filter((f) => f.ruleId === ruleId && JSON.stringify(f).includes(file)).map((f) => f.message);

describe('assay collect firewall', () => {
  it('writes a schema-valid snapshot and exits 2 because some input was not read', () => {
    const snapshot = parseSnapshot(snapshotText, 'snapshot.json');
    expect(validateSnapshot(snapshot)).toEqual([]);
    expect(collectOutput.code).toBe(2);
    expect(snapshot.sources[0]).toMatchObject({ collector: 'firewall', status: 'partial', itemCount: files.length });
    expect(snapshot.resources.every((r) => r.kind === 'network.firewall' || r.kind === 'network.device')).toBe(true);
  });

  it('names the undetectable or unsupported file and each malformed line as a gap with file:line', () => {
    const gaps = parseSnapshot(snapshotText, 's').sources[0]!.gaps;
    expect(gaps).toContainEqual(
      expect.objectContaining({
        reason: 'unresolved-reference',
        file: `${THIRD}/testconfig-junos-firewall-filters.cfg`,
        line: 17,
        message: expect.stringContaining('"FILTER_UNDEF", which is not defined'),
      }),
    );
    expect(gaps).toContainEqual(
      expect.objectContaining({ reason: 'parse-error', file: `${OURS}/malformed.iptables`, line: 10 }),
    );
    expect(collectOutput.stderr).toContain(`${OURS}/malformed.iptables:10`);
  });

  it('refuses a file it cannot detect without dropping the others', async () => {
    const other = path.join(dir, 'notes.txt');
    writeFileSync(other, 'just some notes\n');
    const out = path.join(dir, 'one.json');
    const result = await runCli(['collect', 'firewall', other, `${repoRoot}/${THIRD}/unit-host1.iptables`, '-o', out]);
    const snapshot = parseSnapshot(readFileSync(out, 'utf8'), out);
    expect(result.code).toBe(2);
    expect(snapshot.sources[0]!.gaps).toEqual([
      expect.objectContaining({
        reason: 'parse-error',
        message: expect.stringContaining('not a recognized firewall configuration'),
      }),
    ]);
    expect(snapshot.resources.length).toBeGreaterThan(0);
  });
});

describe('findings per corpus file', () => {
  it('iptables host1: tcp/22 from anywhere is an admin port open to the internet; INPUT drops by default', () => {
    expect(of('example-live-host1', 'network.admin_ports_restricted')).toEqual([
      'Firewall "filter/INPUT" rule 2 allows SSH (tcp/22) from 0.0.0.0/0',
    ]);
    expect(of('example-live-host1', 'network.firewall_default_deny')).toEqual([
      'Firewall "filter/FORWARD" has no default deny: no rule denies every packet and its default action is accept',
    ]);
  });

  it('iptables unit host1: INPUT default ACCEPT is no default deny; source-restricted allows are not exposure', () => {
    expect(of('unit-host1', 'network.firewall_default_deny')).toEqual([
      'Firewall "filter/INPUT" has no default deny: no rule denies every packet and its default action is accept',
    ]);
    expect(of('unit-host1', 'network.admin_ports_restricted')).toEqual([]);
  });

  it('iptables z2: mangle PREROUTING drops by default and opens web ports from anywhere, no default-deny finding', () => {
    expect(of('z2-firewall', 'network.firewall_default_deny')).toEqual([]);
    expect(of('z2-firewall', 'network.firewall_any_any_permit')).toEqual([]);
  });

  it('IOS as2border1: OUTSIDE_TO_INSIDE ends in permit ip any any', () => {
    expect(of('as2border1', 'network.firewall_any_any_permit')).toEqual([
      'Firewall "OUTSIDE_TO_INSIDE" rule 3 (permit ip any any) permits every protocol from any source (0.0.0.0/0) to any destination (0.0.0.0/0): everything earlier rules did not stop is let through',
    ]);
    expect(of('as2border1', 'network.firewall_default_deny')).toHaveLength(1);
    expect(of('as2border1', 'network.unrestricted_ingress')).toHaveLength(1);
  });

  it('IOS as2core1: blocktelnet denies telnet then permits ip any any (bound inbound twice)', () => {
    expect(of('as2core1', 'network.firewall_any_any_permit')).toHaveLength(1);
    // Telnet is denied first, so the admin-port finding lists the other services only.
    expect(of('as2core1', 'network.admin_ports_restricted')[0]).toMatch(/allows SSH \(tcp\/22\), RDP/);
    expect(of('as2core1', 'network.admin_ports_restricted')[0]).not.toContain('Telnet');
  });

  it('IOS as2dept1: permit icmp after deny ip any any is shadowed, with the reasoning', () => {
    expect(of('as2dept1', 'network.firewall_shadowed_rule')).toEqual([
      'Firewall "RESTRICT_HOST_TRAFFIC_IN" rule 3 (permit icmp any any) allow can never match: rule 2 matches every packet rule 3 matches (protocol all covers icmp, sources 0.0.0.0/0 cover 0.0.0.0/0, destinations 0.0.0.0/0 cover 0.0.0.0/0, and its ports cover this rule\'s); the earlier rule denies that traffic first, so this allow never takes effect',
    ]);
    // RESTRICT_HOST_TRAFFIC_OUT is bound nowhere in this file: not judged.
    expect(JSON.stringify(findings)).not.toContain('RESTRICT_HOST_TRAFFIC_OUT');
  });

  it('ASA filters: FILTER_IN permit ip any any on an interface', () => {
    expect(of('asa-filters', 'network.firewall_any_any_permit')).toHaveLength(1);
    expect(of('asa-filters', 'network.firewall_rule_logging')).toHaveLength(4);
  });

  it('ASA written fixture: telnet entry is inactive, ssh from an admin group is not internet exposure', () => {
    expect(of('asa-objects', 'network.firewall_insecure_protocols')).toEqual([]);
    // Only the entry restricted by source port alone (range 1024 2048) opens admin ports to anyone.
    expect(of('asa-objects', 'network.admin_ports_restricted')).toEqual([
      'Firewall "OUTSIDE_IN" rule 7 allows SSH (tcp/22), Telnet (tcp/23), RDP (tcp/3389), VNC (tcp/5900), WinRM (tcp/5985), WinRM over HTTPS (tcp/5986) from 0.0.0.0/0, ::/0',
    ]);
    expect(of('asa-objects', 'network.firewall_default_deny')).toEqual([]);
  });

  it('malformed iptables: the rest of the file is read, clear-text protocols and a shadowed rule found', () => {
    expect(of('malformed.iptables', 'network.firewall_insecure_protocols')).toEqual([
      'Firewall "filter/INPUT" rule 4 (-A INPUT -p tcp -m multiport --dports 21,23 -j ACCEPT) permits clear-text FTP (tcp/21), Telnet (tcp/23)',
    ]);
    expect(of('malformed.iptables', 'network.firewall_shadowed_rule')[0]).toContain('rule 9');
    // The loopback and established rules are not internet exposure.
    expect(of('malformed.iptables', 'network.unrestricted_ingress')).toEqual([]);
  });

  it('nftables: input policy accept is no default deny; tcp/22 open; the /32 after the /16 is shadowed', () => {
    expect(of('ruleset.nft.json', 'network.firewall_default_deny')).toEqual([
      'Firewall "filter/input" has no default deny: no rule denies every packet and its default action is accept',
    ]);
    expect(of('ruleset.nft.json', 'network.admin_ports_restricted')).toEqual([
      'Firewall "filter/input" rule 2 allows SSH (tcp/22) from 0.0.0.0/0, ::/0',
    ]);
    expect(of('ruleset.nft.json', 'network.firewall_shadowed_rule')).toHaveLength(1);
  });

  it('PAN-OS XML: allow-all before the catch-all deny is any-to-any and no default deny; the deny is shadowed', () => {
    expect(of('panos-running-config', 'network.firewall_any_any_permit')).toEqual([
      expect.stringContaining('rule 6 "allow-all" permits every protocol from any source'),
    ]);
    expect(of('panos-running-config', 'network.firewall_default_deny')).toHaveLength(1);
    expect(of('panos-running-config', 'network.firewall_shadowed_rule')).toEqual([
      expect.stringContaining('rule 7 "deny-rest" deny can never match: rule 6 "allow-all" matches every packet'),
    ]);
    expect(of('panos-running-config', 'network.admin_ports_restricted')).toEqual([
      expect.stringContaining('rule "ssh-from-anywhere" allows SSH (tcp/22) from 0.0.0.0/0, ::/0'),
      expect.stringContaining('rule "ssh-from-anywhere" allows Telnet (tcp/23) from 0.0.0.0/0, ::/0'),
      expect.stringContaining('rule "allow-all" allows SSH (tcp/22), Telnet (tcp/23), RDP (tcp/3389)'),
    ]);
    expect(of('panos-running-config', 'network.firewall_insecure_protocols')).toEqual([
      expect.stringContaining('"ssh-from-anywhere" permits clear-text Telnet (tcp/23)'),
    ]);
    expect(of('panos-running-config', 'network.firewall_rule_logging')).toHaveLength(2);
  });

  it('PAN-OS set format: RULE2 allows everything but 2.2.2.2 (negated), so it is no any-to-any; the disabled rule is not judged', () => {
    expect(of('testconfig-rulebase', 'network.firewall_any_any_permit')).toEqual([]);
    expect(of('testconfig-rulebase', 'network.firewall_default_deny')).toEqual([]);
    expect(of('testconfig-rulebase', 'network.unrestricted_ingress')).toEqual([
      'Firewall "vsys1 security" rule "RULE2" allows every protocol and port from 0.0.0.0/0, ::/0',
    ]);
    expect(of('testconfig-panos-security-rules', 'network.firewall_shadowed_rule')).toEqual([]);
    expect(of('testconfig-panos-security-rules', 'network.unrestricted_ingress')).toEqual([]);
  });

  it('Junos SRX testbed: the any/any/any permits between zones fail any-to-any and default deny; none logs', () => {
    expect(of('srx-testbed-junos-srx-1', 'network.firewall_any_any_permit')).toEqual([
      expect.stringContaining('"from-zone trust to-zone trust" rule 1 "default-permit" permits every protocol'),
      expect.stringContaining('"from-zone untrust to-zone loopback" rule 1 "p" permits every protocol'),
      expect.stringContaining('"from-zone junos-host to-zone untrust" rule 2 "p2" permits every protocol'),
    ]);
    expect(of('srx-testbed-junos-srx-1', 'network.firewall_default_deny')).toHaveLength(3);
    expect(of('srx-testbed-junos-srx-1', 'network.firewall_rule_logging')).toHaveLength(3);
  });

  it('Junos SRX testbed management: J-Web over plain HTTP on fxp0, SSH accepted from the untrust zone', () => {
    expect(of('srx-testbed-junos-srx-1', 'network.firewall_insecure_protocols')).toEqual([
      'Firewall "management access" rule 4 "http on fxp0.0" permits clear-text HTTP administration (tcp/80)',
    ]);
    expect(of('srx-testbed-junos-srx-1', 'network.admin_ports_restricted')).toEqual(
      expect.arrayContaining([
        'Firewall "management access" rule "ssh from zone untrust" allows SSH (tcp/22) from 0.0.0.0/0, ::/0',
      ]),
    );
  });

  it("Junos filters: FILTER2 then FILTER1 on output shadows FILTER1's accept; an unbound filter is not judged", () => {
    expect(of('testconfig-junos-firewall-filters', 'network.firewall_shadowed_rule')).toEqual([
      expect.stringContaining('Firewall "inet filter FILTER2, FILTER1 (output)" rule 2 "TERM" allow can never match'),
    ]);
    expect(findings.filter((f) => f.message.includes('FILTER_UNUSED'))).toEqual([]);
  });

  it('FortiOS: policy 2 accepts everything (any/any/all/all/ALL); policy 3 after it is shadowed; utm logging logs no sessions', () => {
    expect(of('testconfig-fortios-firewall_policy', 'network.firewall_any_any_permit')).toEqual([
      'Firewall "firewall policy" rule 4 "policy 2" permits every protocol from any source (0.0.0.0/0) to any destination (0.0.0.0/0): everything earlier rules did not stop is let through',
    ]);
    expect(of('testconfig-fortios-firewall_policy', 'network.firewall_default_deny')).toHaveLength(1);
    expect(of('testconfig-fortios-firewall_policy', 'network.firewall_shadowed_rule')).toEqual([
      expect.stringContaining('rule 5 "policy 3" allow can never match: rule 4 "policy 2"'),
    ]);
    expect(of('testconfig-fortios-firewall_policy', 'network.firewall_rule_logging')).toHaveLength(3);
  });

  it('IOS management: telnet on vty lines and the plain HTTP server are clear-text administration', () => {
    expect(of('lhr-border-02', 'network.firewall_insecure_protocols')).toEqual([
      'Firewall "management access" rule 1 "vty 0 2 telnet" permits clear-text Telnet (tcp/23)',
    ]);
    expect(of('lhr-border-02', 'network.admin_ports_restricted')).toEqual([
      'Firewall "management access" rule "vty 0 2 telnet" allows Telnet (tcp/23) from 0.0.0.0/0',
      'Firewall "management access" rule "vty 3 5 ssh" allows SSH (tcp/22) from 0.0.0.0/0',
    ]);
    expect(of('ios-management', 'network.firewall_insecure_protocols').sort()).toEqual([
      'Firewall "management access" rule 1 "vty 0 4 telnet" permits clear-text Telnet (tcp/23)',
      'Firewall "management access" rule 3 "vty 5 15 telnet" permits clear-text Telnet (tcp/23)',
      'Firewall "management access" rule 5 "vty 5 15 rlogin" permits clear-text rlogin (tcp/513)',
      'Firewall "management access" rule 7 "http server" permits clear-text HTTP administration (tcp/80)',
    ]);
  });

  it('IOS device settings: default SNMP communities and a type 7 enable password; no community value is written', () => {
    expect(of('ios-management', 'network.device_snmp_default_community').sort()).toEqual([
      'Device "r1" answers to the default SNMP community "private" with write access (RW) (line 8)',
      'Device "r1" answers to the default SNMP community "public" from any address (no ACL) (line 6)',
    ]);
    expect(of('ios-management', 'network.device_enable_secret')).toEqual([
      expect.stringContaining('Device "r1" stores its enable password as reversible type 7'),
    ]);
    expect(snapshotText).not.toContain('S3cret');
    expect(snapshotText).not.toContain('0822455D0A16');
  });

  it('ASA asaNode: telnet and ASDM management from any address on inside', () => {
    expect(of('asaNode', 'network.admin_ports_restricted')).toEqual([
      'Firewall "management access" rule "telnet management" allows Telnet (tcp/23) from 0.0.0.0/0',
    ]);
    expect(of('asaNode', 'network.firewall_insecure_protocols')).toEqual([
      'Firewall "management access" rule 1 "telnet management" permits clear-text Telnet (tcp/23)',
    ]);
  });
});
