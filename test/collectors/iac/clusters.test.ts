// Managed Kubernetes API endpoints (EKS, AKS) and public snapshots, from Terraform, CloudFormation
// and ARM, judged by the real wasm policies: what is open fails, what is restricted passes, and
// what depends on a value without one is not evaluated.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectIac } from '../../../src/collectors/iac/index.ts';
import { makeSnapshot, serializeSnapshot, sha256 } from '../../../src/model/snapshot.ts';
import { validateResources } from '../../../src/model/validate.ts';
import { evaluateSnapshots } from '../../../src/pipeline/evaluate.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/clusters');
const TF = 'terraform:terraform/main.tf:';
const CFN = 'cloudformation:cloudformation/eks.yaml:';
const ARM = 'arm:arm/aks.json:Microsoft.ContainerService/managedClusters/';

describe('cluster API endpoints and snapshots', async () => {
  const { source, resources } = await collectIac([root], { root });
  const snapshot = makeSnapshot('0.0.0-test', [source], resources);
  const results = await evaluateSnapshots([{ snapshot, sha256: sha256(serializeSnapshot(snapshot)), file: 's' }], {
    frameworks: ['soc2'],
  });
  const evidence = (ruleId: string) => {
    const e = results.evidence.find((x) => x.ruleId === ruleId);
    return { failed: e?.failed, passed: e?.passed, notEvaluated: e?.notEvaluated };
  };
  const props = (uid: string) => resources.find((r) => r.uid === uid);

  it('reads every cluster and snapshot as a valid resource, without gaps', () => {
    expect(validateResources(resources)).toEqual([]);
    expect(source.gaps).toEqual([]);
    expect(resources.filter((r) => r.kind === 'k8s.cluster')).toHaveLength(19);
    expect(resources.filter((r) => r.kind === 'storage.snapshot')).toHaveLength(7);
  });

  it('applies the EKS defaults where vpc_config says nothing, marked as defaulted', () => {
    expect(props(`${TF}aws_eks_cluster.default_open`)).toMatchObject({
      props: { publicEndpoint: true, privateEndpoint: false, publicAccessCidrs: ['0.0.0.0/0'] },
      defaulted: [
        'publicEndpoint',
        'privateEndpoint',
        'publicAccessCidrs',
        'auditLogging',
        'logTypes',
        'secretsCustomerKey',
      ],
      propLines: { publicAccessCidrs: 13 },
    });
    expect(props(`${CFN}Restricted`)?.propLines).toMatchObject({ publicEndpoint: 19, publicAccessCidrs: 20 });
  });

  it('keeps the known CIDRs of a partly unknown list, and marks the list unknown', () => {
    const partly = props(`${TF}aws_eks_cluster.partly_known`);
    expect(partly?.props).toMatchObject({ publicAccessCidrs: ['0.0.0.0/0'] });
    expect(partly?.unknown).toEqual(['publicAccessCidrs']);
    expect(partly?.unknownReasons?.publicAccessCidrs).toContain('var.cidrs');
  });

  it('reads AKS private clusters, authorized ranges (both spellings) and public network access', () => {
    expect(props(`${TF}azurerm_kubernetes_cluster.private`)?.props).toMatchObject({
      publicEndpoint: false,
      privateEndpoint: true,
    });
    expect(props(`${TF}azurerm_kubernetes_cluster.legacy`)?.props).toMatchObject({
      publicAccessCidrs: ['198.51.100.7/32'],
    });
    expect(props(`${ARM}closed`)?.props).toMatchObject({ publicEndpoint: false, privateEndpoint: true });
    expect(props(`${ARM}closed`)?.propLines?.publicEndpoint).toBe(44);
  });

  it('k8s.api_endpoint_not_public: open fails, restricted or private passes, unknown is not evaluated', () => {
    expect(evidence('k8s.api_endpoint_not_public')).toEqual({
      failed: [
        `${ARM}open`,
        `${CFN}DefaultOpen`,
        `${TF}aws_eks_cluster.default_open`,
        `${TF}aws_eks_cluster.partly_known`,
        `${TF}azurerm_kubernetes_cluster.empty_ranges`,
        `${TF}azurerm_kubernetes_cluster.open`,
      ],
      passed: [
        `${ARM}authorized`,
        `${ARM}closed`,
        `${ARM}private`,
        `${CFN}Private`,
        `${CFN}Restricted`,
        `${TF}aws_eks_cluster.private`,
        `${TF}aws_eks_cluster.restricted`,
        `${TF}azurerm_kubernetes_cluster.authorized`,
        `${TF}azurerm_kubernetes_cluster.legacy`,
        `${TF}azurerm_kubernetes_cluster.private`,
      ],
      notEvaluated: [`${ARM}from-parameter`, `${CFN}FromParameter`, `${TF}aws_eks_cluster.from_variable`],
    });
    const finding = results.findings.find((f) => f.resource.uid === `${TF}aws_eks_cluster.default_open`);
    expect(finding?.message).toBe('Cluster "default_open" has a public API endpoint open to every address (0.0.0.0/0)');
    expect(finding?.evidence?.defaulted).toBe(true);
  });

  it('links permissions to their snapshot or image; a permission of an image not scanned is its own resource', () => {
    expect(props(`${TF}aws_ebs_snapshot.disk`)?.props).toEqual({
      snapshotOf: 'disk',
      public: false,
      sharedWith: ['123456789012'],
    });
    expect(props(`${TF}aws_ami.image`)?.propLines?.public).toBe(144);
    expect(props(`${TF}aws_ami_launch_permission.elsewhere`)?.props).toMatchObject({
      snapshotOf: 'image',
      public: true,
    });
  });

  it('storage.snapshot_not_public: shared with "all" fails, named accounts pass, unknown is not evaluated', () => {
    expect(evidence('storage.snapshot_not_public')).toEqual({
      failed: [`${TF}aws_ami.image`, `${TF}aws_ami_launch_permission.elsewhere`, `${TF}aws_db_snapshot.public`],
      passed: [`${TF}aws_db_snapshot.plain`, `${TF}aws_db_snapshot.shared`, `${TF}aws_ebs_snapshot.disk`],
      notEvaluated: [`${TF}aws_db_cluster_snapshot.from_variable`],
    });
    const messages = results.findings.filter((f) => f.ruleId === 'storage.snapshot_not_public').map((f) => f.message);
    expect(messages).toContain('Image "image" is public: any account can launch it');
    expect(messages).toContain('Snapshot "public" is public: any account can restore it');
  });

  it('a setting of the wrong type is unknown, never a default or a pass', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'assay-clusters-'));
    writeFileSync(
      path.join(dir, 'main.tf'),
      [
        'resource "aws_eks_cluster" "odd" {',
        '  vpc_config {',
        '    endpoint_public_access = "maybe"',
        '    public_access_cidrs    = "10.0.0.0/8"',
        '  }',
        '}',
        'resource "aws_db_snapshot" "odd" {',
        '  shared_accounts = "all"',
        '}',
      ].join('\n'),
    );
    const { resources: odd } = await collectIac([dir], { root: dir });
    const cluster = odd.find((r) => r.kind === 'k8s.cluster');
    // (Log types and encryption are not written: EKS's defaults, see cluster-hardening.test.ts.)
    expect(cluster?.props).toEqual({
      privateEndpoint: false,
      logTypes: [],
      auditLogging: false,
      secretsCustomerKey: false,
    });
    expect(cluster?.unknown).toEqual(['publicAccessCidrs', 'publicEndpoint']);
    const snap = odd.find((r) => r.kind === 'storage.snapshot');
    expect(snap?.props).toEqual({ snapshotOf: 'database' });
    expect(snap?.unknown).toEqual(['public']);
  });
});
