// The Terraform kubernetes provider's workloads read as k8s.workload and judged by the same
// Kubernetes rules as manifests: the real HCL reader, mapper and wasm policies.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectIac } from '../../../../src/collectors/iac/index.ts';
import { makeSnapshot, serializeSnapshot, sha256 } from '../../../../src/model/snapshot.ts';
import { validateResources } from '../../../../src/model/validate.ts';
import { evaluateSnapshots } from '../../../../src/pipeline/evaluate.ts';

const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../fixtures/terraform/kubernetes-provider',
);

describe('kubernetes_* workloads in Terraform', async () => {
  const { source, resources } = await collectIac([root], { root });
  const snapshot = makeSnapshot('0.0.0-test', [source], resources);
  const results = await evaluateSnapshots([{ snapshot, sha256: sha256(serializeSnapshot(snapshot)), file: 'k8s' }], {
    frameworks: ['soc2'],
  });
  const WEB = 'terraform:main.tf:kubernetes_deployment_v1.web';
  const BATCH = 'terraform:main.tf:kubernetes_pod.batch';

  it('maps a deployment and a pod, blocks turned into the manifest shape', () => {
    expect(validateResources(resources)).toEqual([]);
    const web = resources.find((r) => r.uid === WEB);
    expect(web).toMatchObject({ kind: 'k8s.workload', provider: 'kubernetes' });
    expect(web?.props).toMatchObject({
      workloadKind: 'Deployment',
      hostNetwork: true,
      containers: [{ name: 'web', image: 'nginx:latest', privileged: true, limits: { cpu: '500m', memory: '256Mi' } }],
    });
    const batch = resources.find((r) => r.uid === BATCH);
    expect(batch?.props).toMatchObject({
      workloadKind: 'Pod',
      containers: [{ name: 'worker', runAsNonRoot: true, runAsUser: 1000, readOnlyRootFilesystem: true }],
    });
    // A namespace holds no pods: recorded as not mapped, not dropped silently.
    expect(source.gaps).toContainEqual(
      expect.objectContaining({ reason: 'unsupported', message: expect.stringContaining('kubernetes_namespace_v1') }),
    );
  });

  it('fails the privileged deployment and passes the hardened pod under the Kubernetes rules', () => {
    const failed = (ruleId: string) => results.evidence.find((e) => e.ruleId === ruleId)?.failed ?? [];
    const passed = (ruleId: string) => results.evidence.find((e) => e.ruleId === ruleId)?.passed ?? [];
    expect(failed('k8s.no_privileged_containers')).toEqual([WEB]);
    expect(passed('k8s.no_privileged_containers')).toEqual([BATCH]);
  });
});
