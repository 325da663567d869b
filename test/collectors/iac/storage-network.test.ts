// Storage accounts open to all networks, from Terraform (inline network_rules, the separate
// azurerm_storage_account_network_rules, public_network_access_enabled) and ARM (networkAcls,
// publicNetworkAccess), judged by the real storage.network_access_restricted policy.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Results } from '../../../src/model/results.ts';
import { scanAndEvaluate } from './evaluate-folder.ts';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/storage-network');
const RULE = 'storage.network_access_restricted';

const scan = (folder: string) => scanAndEvaluate(path.join(fixtures, folder), ['pci-dss', 'iso27001', 'soc2']);

/** Each account's outcome under the rule, by resource name. */
function outcomes(results: Results, names: Map<string, string>): Record<string, string> {
  const evidence = results.evidence.find((e) => e.ruleId === RULE);
  if (!evidence) throw new Error(`no evidence for ${RULE}`);
  const out: Record<string, string> = {};
  for (const state of ['passed', 'failed', 'notEvaluated'] as const)
    for (const uid of evidence[state]) out[names.get(uid) ?? uid] = state;
  return out;
}

describe('storage accounts open to all networks', () => {
  it('Terraform: the default (no network_rules) fails and says so; Deny inline or separate, or public access off, passes; a variable or a misspelt value is not evaluated', async () => {
    const { resources, results } = await scan('terraform');
    const names = new Map(resources.map((r) => [r.uid, r.name]));
    expect(outcomes(results, names)).toEqual({
      open: 'failed',
      inline_deny: 'passed',
      separate: 'passed',
      private: 'passed',
      variable: 'notEvaluated',
      misspelt: 'notEvaluated',
    });
    const finding = results.findings.find((f) => f.ruleId === RULE);
    expect(finding?.message).toBe(
      'Storage account "open" accepts connections from all networks: public network access is on and the network rules\' default action is Allow (no network rules are declared, so Azure allows every network)',
    );
    expect(finding?.evidence).toMatchObject({ property: 'networkAccess.defaultAction', defaulted: true });
  });

  it('ARM: networkAcls.defaultAction Allow fails; Deny or publicNetworkAccess Disabled passes; a parameter or a value Azure does not define is not evaluated', async () => {
    const { resources, results } = await scan('arm');
    const names = new Map(resources.map((r) => [r.uid, r.name]));
    expect(outcomes(results, names)).toEqual({
      stallow: 'failed',
      stdeny: 'passed',
      stdisabled: 'passed',
      stparam: 'notEvaluated',
      stodd: 'notEvaluated',
    });
  });

  it('maps to PCI DSS 1.3.1 and 1.4.4, ISO 27001 8.20 and 8.22, SOC 2 CC6.6', async () => {
    const { results } = await scan('arm');
    const controls = results.frameworks.flatMap((f) =>
      f.controls.filter((c) => c.rules.some((r) => r.ruleId === RULE)).map((c) => `${f.id} ${c.id}`),
    );
    expect(controls.sort()).toEqual(['iso27001 8.20', 'iso27001 8.22', 'pci-dss 1.3.1', 'pci-dss 1.4.4', 'soc2 CC6.6']);
  });
});
