// Issue 15: an unknown value never passes. Real templates go through the real collectors, the real
// wasm bundle and the results pipeline; a firewall whose address range is unknown is "not
// evaluated" (with the reason) for every rule deciding on it, in evidence, counts and control
// status; a conditional whose branches are both known is evaluated on each branch.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectIac } from '../../src/collectors/iac/index.ts';
import type { Results } from '../../src/model/results.ts';
import { makeSnapshot, serializeSnapshot, sha256 } from '../../src/model/snapshot.ts';
import { evaluateSnapshots } from '../../src/pipeline/evaluate.ts';
import { renderHtml } from '../../src/reports/html.ts';
import { renderJunit } from '../../src/reports/junit.ts';
import { renderMarkdown } from '../../src/reports/markdown.ts';
import { renderOscal } from '../../src/reports/oscal.ts';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const FIREWALL_RULES = [
  'network.admin_ports_restricted',
  'network.database_ports_restricted',
  'network.unrestricted_ingress',
];

async function scan(folder: string): Promise<Results> {
  const { source, resources } = await collectIac([path.join(FIXTURES, folder)], { root: FIXTURES });
  const snapshot = makeSnapshot('0.0.0-test', [source], resources);
  return evaluateSnapshots([{ snapshot, sha256: sha256(serializeSnapshot(snapshot)), file: folder }], {
    frameworks: ['pci-dss'],
  });
}

function evidenceOf(results: Results, ruleId: string) {
  const evidence = results.evidence.find((e) => e.ruleId === ruleId);
  if (!evidence) throw new Error(`no evidence for ${ruleId}`);
  return evidence;
}

function control(results: Results, id: string) {
  const found = results.frameworks[0]?.controls.find((c) => c.id === id);
  if (!found) throw new Error(`no control ${id}`);
  return found;
}

/** Every firewall rule reports `uid` as not evaluated (never passed), with `reason` among its reasons. */
function expectNotEvaluated(results: Results, uid: string, reason: string) {
  for (const ruleId of FIREWALL_RULES) {
    const evidence = evidenceOf(results, ruleId);
    expect(evidence.passed, ruleId).not.toContain(uid);
    expect(evidence.notEvaluated, ruleId).toContain(uid);
    expect(evidence.notEvaluatedReasons[uid]?.join('\n'), ruleId).toContain(reason);
    expect(evidence.values.find((v) => v.uid === uid)?.unknown, ruleId).toBeDefined();
    const counts = results.rules.find((r) => r.id === ruleId)!;
    expect(counts.passed + counts.failed + counts.notEvaluated).toBe(counts.inScope);
    expect(counts.notEvaluated).toBeGreaterThan(0);
  }
}

describe('a deciding property whose value is unknown', () => {
  it('Terraform: a variable without value in cidr_blocks is not evaluated, and the control is not a pass', async () => {
    const results = await scan('terraform/variable');
    const uid = 'terraform:terraform/variable/main.tf:aws_security_group.db';
    expectNotEvaluated(results, uid, 'cidr_blocks depends on var.cidr, which has no value');
    expect(results.findings).toEqual([]);
    const status = control(results, '1.3.1');
    expect(status.status).toBe('not-evaluated');
    expect(status.statusReason).toContain('could not be evaluated');
    expect(status.statusReason).toContain('var.cidr');
    // The firewall rules looked at the group and could not decide; other rules of the control saw nothing.
    const looked = status.rules.filter((r) => r.inScope > 0);
    expect(looked.map((r) => r.ruleId).sort()).toEqual([...FIREWALL_RULES].sort());
    expect(looked.every((r) => r.notEvaluated === 1 && r.passed === 0)).toBe(true);
  });

  it('CloudFormation: !Ref to a parameter without default and an unresolvable !If are not evaluated', async () => {
    const results = await scan('cloudformation/unresolved');
    const file = 'cloudformation:cloudformation/unresolved/template.yaml';
    expectNotEvaluated(results, `${file}:ParameterSg`, 'CidrIp depends on parameter Cidr, which has no value');
    expectNotEvaluated(results, `${file}:ConditionSg`, 'CidrIp depends on condition IsProd');
    expect(results.findings).toEqual([]);
    expect(control(results, '1.3.1').status).toBe('not-evaluated');
  });

  it("ARM: [parameters('x')] without defaultValue as a rule's source is not evaluated", async () => {
    const results = await scan('arm');
    const uid = 'arm:arm/azuredeploy.json:Microsoft.Network/networkSecurityGroups/nsg1';
    expectNotEvaluated(results, uid, "sourceAddressPrefix depends on parameters('source'), which has no value");
    expect(control(results, '1.3.1').status).toBe('not-evaluated');
  });
});

describe('a conditional whose branches are all known', () => {
  it('Terraform: the branch open to the internet is a finding that says when', async () => {
    const results = await scan('terraform/conditional');
    const uid = 'terraform:terraform/conditional/main.tf:aws_security_group.web';
    const messages = results.findings.filter((f) => f.resource.uid === uid).map((f) => f.message);
    expect(messages).toEqual([expect.stringMatching(/^when var\.public is true: .*SSH.*0\.0\.0\.0\/0/)]);
    expect(evidenceOf(results, 'network.admin_ports_restricted').failed).toEqual([uid]);
    // The rules that no branch fails still cannot call it passed: the range is unknown.
    expect(evidenceOf(results, 'network.database_ports_restricted').notEvaluated).toEqual([uid]);
    expect(control(results, '1.3.1').status).toBe('fail');
  });

  it('CloudFormation: Fn::If with an undecidable condition fails on the open branch', async () => {
    const results = await scan('cloudformation/conditional');
    const messages = results.findings.map((f) => `${f.resource.name}: ${f.message}`);
    expect(messages).toEqual([expect.stringMatching(/^RdpSg: when condition IsProd is false: .*RDP.*0\.0\.0\.0\/0/)]);
  });
});

describe('reports', () => {
  it('show the checks that could not be evaluated, with why, where they show passed and failed', async () => {
    const results = await scan('terraform/variable');
    const why = 'cidr_blocks depends on var.cidr, which has no value';
    const html = renderHtml(results);
    expect(html).toContain('<th>Not evaluated</th>');
    expect(html).toContain(why);
    expect(renderMarkdown(results)).toContain('3 checks not evaluated (unknown values)');
    const junit = renderJunit(results);
    expect(junit).toContain(`<skipped message="not evaluated: ${why}">`);
    const oscal = JSON.parse(renderOscal(results));
    const subjects = oscal['assessment-results'].results[0].observations.flatMap(
      (o: { subjects?: { props: { name: string; value: string }[] }[] }) => o.subjects ?? [],
    );
    const outcomes = subjects.flatMap((s: { props: { name: string; value: string }[] }) =>
      s.props.filter((p) => p.name === 'result').map((p) => p.value),
    );
    // The three firewall rules on the group; the file itself passes the secrets rule.
    expect(outcomes.filter((o: string) => o === 'not-evaluated')).toHaveLength(3);
    expect(outcomes.filter((o: string) => o === 'pass')).toHaveLength(1);
  });
});
