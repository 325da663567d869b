// `assay collect azure --from` with saved Azure Policy output beside the resources: `az policy
// state list` and `az policy state summarize` become the same corroborating evidence the online
// path records, and where Azure Policy and our result disagree the results say so.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { azureCollector } from '../../../src/collectors/azure/collector.ts';
import { policyDocument } from '../../../src/collectors/azure/policy-files.ts';
import { runCollector } from '../../../src/collectors/run.ts';
import { makeSnapshot, sha256 } from '../../../src/model/snapshot.ts';
import { validateSnapshot } from '../../../src/model/validate.ts';
import { evaluateSnapshots } from '../../../src/pipeline/evaluate.ts';
import { renderTable } from '../../../src/reports/table.ts';

const SUB = '11111111-1111-1111-1111-111111111111';
const SERVER = `/subscriptions/${SUB}/resourceGroups/rg-data/providers/Microsoft.Sql/servers/sql-weu`;
const PCI = `/subscriptions/${SUB}/providers/Microsoft.Authorization/policyAssignments/pci-dss-v4`;

/** The SQL estate's saved az output and Azure Policy's saved states in one folder, as an auditor gets them. */
function handedOver(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'assay-azure-policy-'));
  cpSync('test/fixtures/azure/sql/offline', dir, { recursive: true });
  cpSync('test/fixtures/azure/policy', dir, { recursive: true });
  return dir;
}

describe('azure collector offline: saved Azure Policy states', () => {
  it("keeps Azure Policy's states beside the resources they are about, as online", async () => {
    const { source, resources } = await runCollector(azureCollector, { from: handedOver() });
    expect(validateSnapshot(makeSnapshot('test', [source], resources))).toEqual([]);
    const byName = (name: string) => resources.find((r) => r.name === name)!;
    expect(byName('sql-weu/orders').corroboration).toEqual([
      {
        assessor: 'azure-policy',
        rule: 'database.encryption_at_rest',
        check: 'Transparent Data Encryption on SQL databases should be enabled',
        checkId: '17k78e20-9358-41c9-923c-fb736d382a12',
        state: 'NonCompliant',
        passed: false,
        context: `PCI DSS v4 (${PCI})`,
        at: '2026-12-04T21:14:03.123Z',
      },
    ]);
    // The same definition under a custom assignment, evaluated later: kept, named by its assignment.
    expect(byName('sql-weu/legacy').corroboration?.map((c) => c.context)).toEqual([
      `PCI DSS v4 (${PCI})`,
      `assignment sql-baseline (/subscriptions/${SUB}/providers/Microsoft.Authorization/policyAssignments/sql-baseline)`,
    ]);
    expect(byName('sql-weu/legacy').corroboration?.[1]?.at).toBe('2026-12-04T22:00:00.000Z');
    // The summary's counts for the regulatory assignment; the custom one is no initiative.
    expect(source.method).toContain(
      `From 2 files of saved az policy state output, 4 compliance states of definitions our rules match; Azure Policy regulatory-compliance initiatives: subscription ${SUB}: PCI DSS v4 assigned at /subscriptions/${SUB} (2 non-compliant resources)`,
    );
    // The item that is no policy state is a gap naming file and item; it hides none of our resources.
    const gap = source.gaps.find((g) => g.file?.endsWith('policy-states.json'))!;
    expect(gap).toMatchObject({ reason: 'parse-error', kinds: [] });
    expect(gap.message).toMatch(/policy-states\.json item 6: not a policy state/);

    const snapshot = makeSnapshot('test', [source], resources);
    const results = await evaluateSnapshots([{ snapshot, sha256: sha256(JSON.stringify(snapshot)), file: 'a.json' }]);
    const tde = (results.corroboration ?? []).filter((c) => c.ruleId === 'database.encryption_at_rest');
    expect(tde.map((c) => `${c.name} ours=${c.ours} theirs=${c.theirs} ${c.disagrees}`).sort()).toEqual([
      'sql-weu/legacy ours=failed theirs=Compliant true',
      'sql-weu/legacy ours=failed theirs=NonCompliant false',
      'sql-weu/orders ours=passed theirs=NonCompliant true',
      'sql-weu/plain ours=not-evaluated theirs=Compliant false',
    ]);
    expect(renderTable(results, { color: false })).toContain(
      '≠ sql-weu/orders [database.encryption_at_rest]: passed here, azure-policy says NonCompliant',
    );
    expect(resources.find((r) => r.uid === `${SERVER}/databases/orders`)).toBeDefined();
  });

  it('tells policy output from resource output, and malformed from either', () => {
    expect(policyDocument([{ policyAssignmentId: PCI, complianceState: 'Compliant', resourceId: '/x' }])?.kind).toBe(
      'states',
    );
    expect(policyDocument({ value: [{ policyAssignments: [], results: {} }] })?.kind).toBe('summary');
    expect(policyDocument([{ id: '/subscriptions/s/resourceGroups/g/providers/A/b/c', type: 'A/b' }])).toBeUndefined();
    expect(policyDocument([])).toBeUndefined();
    expect(policyDocument({ policyAssignments: 'x', results: {} })).toBeUndefined();
    expect(policyDocument(null)).toBeUndefined();
  });
});
