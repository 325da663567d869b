// ARM if() on a condition the template cannot decide (a parameter without default), both branches
// known: each branch is evaluated as CloudFormation's Fn::If is (src/kit/variants.ts), so the open
// branch is a finding that says when, and the rule that no branch fails cannot call it passed.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectArm } from '../../../../src/collectors/iac/arm/index.ts';
import { collectIac } from '../../../../src/collectors/iac/index.ts';
import { makeSnapshot, serializeSnapshot, sha256 } from '../../../../src/model/snapshot.ts';
import { evaluateSnapshots } from '../../../../src/pipeline/evaluate.ts';

const template = (source: string) =>
  JSON.stringify(
    {
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      parameters: { env: { type: 'string' }, open: { type: 'bool', defaultValue: false } },
      resources: [
        {
          type: 'Microsoft.Network/networkSecurityGroups',
          apiVersion: '2023-04-01',
          name: 'nsg',
          location: 'westeurope',
          properties: {
            securityRules: [
              {
                name: 'ssh',
                properties: {
                  priority: 100,
                  direction: 'Inbound',
                  access: 'Allow',
                  protocol: 'Tcp',
                  sourcePortRange: '*',
                  destinationPortRange: '22',
                  sourceAddressPrefix: source,
                  destinationAddressPrefix: '*',
                },
              },
            ],
          },
        },
      ],
    },
    null,
    2,
  );

const collect = (content: string) =>
  collectArm([{ relPath: 'nsg.json', absPath: '/x/nsg.json', content, format: 'arm' }], 'src-1');

describe('ARM if()', () => {
  it('gives a firewall one variant per branch when the condition is undecided', async () => {
    const { resources } = await collect(template("[if(equals(parameters('env'), 'prod'), '10.0.0.0/8', '*')]"));
    const nsg = resources.find((r) => r.kind === 'network.firewall')!;
    expect(nsg.variants?.map((v) => v.when)).toEqual([
      "condition equals(parameters('env'), 'prod') is true",
      "condition equals(parameters('env'), 'prod') is false",
    ]);
    expect(nsg.unknown).toEqual([expect.stringMatching(/^rules/)]);
  });

  it('takes the branch when the condition is known (parameters with defaults, not, and, or, bool)', async () => {
    const { resources } = await collect(
      template("[if(and(not(parameters('open')), or(bool('true'), false())), '10.0.0.0/8', '*')]"),
    );
    const nsg = resources.find((r) => r.kind === 'network.firewall')!;
    expect(nsg.variants).toBeUndefined();
    expect(JSON.stringify(nsg.props)).toContain('10.0.0.0/8');
    expect(JSON.stringify(nsg.props)).not.toContain('0.0.0.0/0');
  });

  it('fails on the open branch, saying when, through the real rules', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'assay-arm-if-'));
    mkdirSync(path.join(root, 'arm'));
    writeFileSync(
      path.join(root, 'arm/nsg.json'),
      template("[if(equals(parameters('env'), 'prod'), '10.0.0.0/8', '*')]"),
    );
    const { source, resources } = await collectIac(['arm'], { root });
    const snapshot = makeSnapshot('0.0.0-test', [source], resources);
    const results = await evaluateSnapshots([{ snapshot, sha256: sha256(serializeSnapshot(snapshot)), file: 'arm' }]);
    const ssh = results.findings.filter((f) => f.ruleId === 'network.admin_ports_restricted');
    expect(ssh.map((f) => f.message)).toEqual([
      expect.stringMatching(/^when condition equals\(parameters\('env'\), 'prod'\) is false: /),
    ]);
    const notEvaluated = results.evidence.find((e) => e.ruleId === 'network.database_ports_restricted')?.notEvaluated;
    expect(notEvaluated).toHaveLength(1);
  });
});
