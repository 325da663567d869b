// Issue 15: a property a Terraform plan marks unknown (after_unknown) is the kit's Unknown marker,
// so every rule deciding on it reports the resource as not evaluated, with the reason: never passed,
// and never failed for the absence of a value the plan only leaves open. The real collector, the
// real wasm bundle and the results pipeline.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectIac } from '../../src/collectors/iac/index.ts';
import type { Results } from '../../src/model/results.ts';
import { makeSnapshot, serializeSnapshot, sha256 } from '../../src/model/snapshot.ts';
import { evaluateSnapshots } from '../../src/pipeline/evaluate.ts';

const PLAN = {
  format_version: '1.2',
  planned_values: {
    root_module: {
      resources: [
        {
          address: 'aws_db_instance.db',
          mode: 'managed',
          type: 'aws_db_instance',
          name: 'db',
          values: { engine: 'postgres', backup_retention_period: 7 },
        },
        { address: 'aws_kms_key.k', mode: 'managed', type: 'aws_kms_key', name: 'k', values: {} },
        {
          address: 'aws_ebs_volume.v',
          mode: 'managed',
          type: 'aws_ebs_volume',
          name: 'v',
          values: { availability_zone: 'eu-west-1a', encrypted: true },
        },
      ],
    },
  },
  resource_changes: [
    {
      address: 'aws_db_instance.db',
      change: { actions: ['create'], after_unknown: { storage_encrypted: true, publicly_accessible: true, id: true } },
    },
    { address: 'aws_kms_key.k', change: { actions: ['create'], after_unknown: { enable_key_rotation: true } } },
    { address: 'aws_ebs_volume.v', change: { actions: ['create'], after_unknown: { id: true } } },
  ],
  configuration: {
    root_module: {
      resources: [
        { address: 'aws_db_instance.db', expressions: { storage_encrypted: { references: ['var.encrypt'] } } },
      ],
    },
  },
};

async function scanPlan(): Promise<Results> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'assay-plan-'));
  writeFileSync(path.join(dir, 'plan.json'), JSON.stringify(PLAN, null, 2));
  const { source, resources } = await collectIac([dir], { root: dir });
  const snapshot = makeSnapshot('0.0.0-test', [source], resources);
  return evaluateSnapshots([{ snapshot, sha256: sha256(serializeSnapshot(snapshot)), file: 'plan' }]);
}

const uid = (address: string) => `terraform-plan:plan.json:${address}`;

describe('a plan attribute known only after apply', () => {
  it('is not evaluated by every rule deciding on it, with the reason, and is neither passed nor failed', async () => {
    const results = await scanPlan();
    const expectations: [string, string, string][] = [
      ['database.encryption_at_rest', 'aws_db_instance.db', 'storage_encrypted depends on var.encrypt'],
      ['database.not_publicly_accessible', 'aws_db_instance.db', 'publicly_accessible'],
      ['crypto.key_rotation', 'aws_kms_key.k', 'enable_key_rotation'],
    ];
    for (const [ruleId, address, reason] of expectations) {
      const evidence = results.evidence.find((e) => e.ruleId === ruleId)!;
      expect(evidence.passed, ruleId).not.toContain(uid(address));
      expect(evidence.failed, ruleId).not.toContain(uid(address));
      expect(evidence.notEvaluated, ruleId).toContain(uid(address));
      expect(evidence.notEvaluatedReasons[uid(address)]?.join('\n'), ruleId).toContain(reason);
      expect(results.findings.filter((f) => f.ruleId === ruleId)).toEqual([]);
      const counts = results.rules.find((r) => r.id === ruleId)!;
      expect(counts.notEvaluated, ruleId).toBe(1);
      expect(counts.passed + counts.failed + counts.notEvaluated).toBe(counts.inScope);
    }
  });

  it('leaves known attributes of the same resources evaluated as before', async () => {
    const results = await scanPlan();
    const retention = results.evidence.find((e) => e.ruleId === 'database.backup_retention')!;
    expect(retention.passed).toContain(uid('aws_db_instance.db'));
    const disk = results.evidence.find((e) => e.ruleId === 'compute.disk_encryption')!;
    expect(disk.passed).toContain(uid('aws_ebs_volume.v'));
  });
});
