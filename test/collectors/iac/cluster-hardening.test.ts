// Control-plane hardening of managed Kubernetes clusters (EKS, AKS) from Terraform, CloudFormation,
// ARM and the terraform-aws-modules/eks registry module, judged by the real wasm policies: what a
// source turns off or leaves at an insecure default fails, what it turns on passes, and what
// depends on a value without one is not evaluated.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectIac } from '../../../src/collectors/iac/index.ts';
import { makeSnapshot, serializeSnapshot, sha256 } from '../../../src/model/snapshot.ts';
import { validateResources } from '../../../src/model/validate.ts';
import { evaluateSnapshots } from '../../../src/pipeline/evaluate.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/cluster-hardening');
const EKS = 'terraform:terraform/eks.tf:aws_eks_cluster.';
const AKS = 'terraform:terraform/aks.tf:azurerm_kubernetes_cluster.';
const CFN = 'cloudformation:cloudformation/eks.yaml:';
const ARM = 'arm:arm/aks.json:Microsoft.ContainerService/managedClusters/';
const MOD = 'terraform:terraform-module/main.tf:module.';

/** Evidence lists come sorted by uid; the expectations below are written grouped by source. */
const sorted = (e: Record<string, string[]>) =>
  Object.fromEntries(Object.entries(e).map(([k, v]) => [k, [...v].sort()]));

async function scan(dir: string) {
  const { source, resources } = await collectIac([dir], { root: dir });
  const snapshot = makeSnapshot('0.0.0-test', [source], resources);
  const results = await evaluateSnapshots([{ snapshot, sha256: sha256(serializeSnapshot(snapshot)), file: 's' }], {
    frameworks: ['soc2'],
  });
  const evidence = (ruleId: string) => {
    const e = results.evidence.find((x) => x.ruleId === ruleId);
    return { failed: e?.failed, passed: e?.passed, notEvaluated: e?.notEvaluated };
  };
  return { source, resources, results, evidence, byUid: (uid: string) => resources.find((r) => r.uid === uid) };
}

describe('cluster hardening', async () => {
  const { source, resources, results, evidence, byUid } = await scan(root);

  it('reads every cluster as a valid resource; only the module calls are gaps (their code was not read)', () => {
    expect(validateResources(resources)).toEqual([]);
    expect(resources.filter((r) => r.kind === 'k8s.cluster')).toHaveLength(20);
    expect(source.gaps.map((g) => `${g.file}:${g.line}`)).toEqual([
      'terraform-module/main.tf:6',
      'terraform-module/main.tf:19',
      'terraform-module/main.tf:29',
    ]);
  });

  it('EKS: no log type and no encryption_config are the EKS defaults, marked as defaulted', () => {
    expect(byUid(`${EKS}bare`)).toMatchObject({
      props: { logTypes: [], auditLogging: false, secretsCustomerKey: false },
      defaulted: expect.arrayContaining(['auditLogging', 'logTypes', 'secretsCustomerKey']),
    });
    expect(byUid(`${EKS}hardened`)?.propLines).toMatchObject({ auditLogging: 23, secretsCustomerKey: 25 });
    expect(byUid(`${CFN}Hardened`)?.propLines).toMatchObject({ auditLogging: 32, secretsCustomerKey: 38 });
  });

  it('EKS: "audit" among the known items of a partly unknown list decides; a variable list or a condition stays unknown', () => {
    const partly = byUid(`${EKS}partly_known`);
    expect(partly?.props).toMatchObject({ auditLogging: true });
    expect(partly?.unknown).toEqual(['logTypes']);
    expect(byUid(`${EKS}from_variables`)?.unknownReasons?.auditLogging).toContain('var.log_types');
    expect(byUid(`${CFN}FromParameters`)?.unknownReasons?.auditLogging).toContain('condition IsProd');
  });

  it('AKS (Terraform): provider defaults where nothing is written, the 2.x blocks, and the audit log from a diagnostic setting', () => {
    expect(byUid(`${AKS}bare`)?.props).toMatchObject({
      rbac: true,
      networkPolicy: 'none',
      policyEnforcement: false,
      monitoring: false,
      secretsCustomerKey: false,
      auditLogging: false,
    });
    expect(byUid(`${AKS}hardened`)?.props).toMatchObject({
      rbac: true,
      networkPolicy: 'calico',
      policyEnforcement: true,
      monitoring: true,
      secretsCustomerKey: true,
      auditLogging: true,
    });
    expect(byUid(`${AKS}legacy`)?.props).toMatchObject({ rbac: true, monitoring: true, policyEnforcement: false });
    // The Cilium data plane enforces network policies without network_policy being written.
    expect(byUid(`${AKS}rbac_off`)?.props).toMatchObject({ rbac: false, networkPolicy: 'cilium' });
    expect(byUid(`${AKS}unknown_policy`)?.unknownReasons?.networkPolicy).toContain('var.network_policy');
  });

  it('AKS (ARM): enableRBAC without a value or a documented default is unknown; diagnostic settings are not read', () => {
    expect(byUid(`${ARM}hardened`)?.props).toMatchObject({
      rbac: true,
      networkPolicy: 'azure',
      policyEnforcement: true,
      monitoring: true,
      secretsCustomerKey: true,
    });
    expect(byUid(`${ARM}bare`)?.unknown).toEqual(['auditLogging', 'rbac']);
    expect(byUid(`${ARM}insights`)?.props).toMatchObject({
      monitoring: true,
      networkPolicy: 'cilium',
      policyEnforcement: false,
    });
    expect(byUid(`${ARM}insights`)?.unknownReasons?.rbac).toContain("parameters('enableRbac')");
  });

  it('terraform-aws-modules/eks: the module defaults (v21, v20) become the cluster it creates', () => {
    expect(byUid(`${MOD}eks.aws_eks_cluster.this`)?.props).toMatchObject({
      publicEndpoint: true,
      publicAccessCidrs: ['0.0.0.0/0'],
      logTypes: ['audit', 'api', 'authenticator'],
      auditLogging: true,
      secretsCustomerKey: true,
    });
    expect(byUid(`${MOD}eks_no_logs.aws_eks_cluster.this`)?.props).toMatchObject({
      publicEndpoint: false,
      auditLogging: false,
      secretsCustomerKey: false,
    });
    // v20: an empty cluster_encryption_config turns encryption off (the module tests its length).
    expect(byUid(`${MOD}eks_v20.aws_eks_cluster.this`)?.props).toMatchObject({ secretsCustomerKey: false });
    expect(byUid(`${MOD}eks_v20.aws_eks_cluster.this`)?.unknown).toEqual(['auditLogging', 'logTypes']);
  });

  it('k8s.cluster_audit_logging', () => {
    expect(evidence('k8s.cluster_audit_logging')).toEqual(
      sorted({
        failed: [
          `${CFN}ApiOnly`,
          `${CFN}Bare`,
          `${AKS}bare`,
          `${AKS}legacy`,
          `${AKS}rbac_off`,
          `${AKS}unknown_policy`,
          `${EKS}bare`,
          `${EKS}no_audit`,
          `${MOD}eks_no_logs.aws_eks_cluster.this`,
        ],
        passed: [
          `${CFN}Hardened`,
          `${AKS}hardened`,
          `${EKS}hardened`,
          `${EKS}partly_known`,
          `${MOD}eks.aws_eks_cluster.this`,
        ],
        notEvaluated: [
          `${ARM}bare`,
          `${ARM}hardened`,
          `${ARM}insights`,
          `${CFN}FromParameters`,
          `${EKS}from_variables`,
          `${MOD}eks_v20.aws_eks_cluster.this`,
        ],
      }),
    );
    const finding = results.findings.find(
      (f) => f.ruleId === 'k8s.cluster_audit_logging' && f.resource.uid === `${EKS}no_audit`,
    );
    expect(finding?.message).toBe(
      'Cluster "no_audit" does not keep its API server\'s audit log (control-plane log types api, authenticator, without audit)',
    );
  });

  it('k8s.cluster_secrets_encryption: a key by reference counts; encryption_config without a key does not', () => {
    expect(evidence('k8s.cluster_secrets_encryption')).toEqual(
      sorted({
        failed: [
          `${ARM}bare`,
          `${ARM}insights`,
          `${CFN}ApiOnly`,
          `${CFN}Bare`,
          `${AKS}bare`,
          `${AKS}legacy`,
          `${AKS}rbac_off`,
          `${AKS}unknown_policy`,
          `${EKS}bare`,
          `${EKS}no_audit`,
          `${EKS}partly_known`,
          `${MOD}eks_no_logs.aws_eks_cluster.this`,
          `${MOD}eks_v20.aws_eks_cluster.this`,
        ],
        passed: [
          `${ARM}hardened`,
          `${CFN}FromParameters`,
          `${CFN}Hardened`,
          `${AKS}hardened`,
          `${EKS}from_variables`,
          `${EKS}hardened`,
          `${MOD}eks.aws_eks_cluster.this`,
        ],
        notEvaluated: [],
      }),
    );
  });

  it('AKS-only rules: RBAC, network policy, Azure Policy add-on, Container insights', () => {
    expect(evidence('k8s.cluster_rbac_enabled')).toEqual(
      sorted({
        failed: [`${AKS}rbac_off`],
        passed: [`${ARM}hardened`, `${AKS}bare`, `${AKS}hardened`, `${AKS}legacy`, `${AKS}unknown_policy`],
        notEvaluated: [`${ARM}bare`, `${ARM}insights`],
      }),
    );
    expect(evidence('k8s.cluster_network_policy')).toEqual(
      sorted({
        failed: [`${ARM}bare`, `${AKS}bare`, `${AKS}legacy`],
        passed: [`${ARM}hardened`, `${ARM}insights`, `${AKS}hardened`, `${AKS}rbac_off`],
        notEvaluated: [`${AKS}unknown_policy`],
      }),
    );
    expect(evidence('k8s.cluster_policy_enforcement').passed).toEqual([`${ARM}hardened`, `${AKS}hardened`]);
    expect(evidence('k8s.cluster_monitoring')).toEqual(
      sorted({
        failed: [`${ARM}bare`, `${AKS}bare`, `${AKS}rbac_off`, `${AKS}unknown_policy`],
        passed: [`${ARM}hardened`, `${ARM}insights`, `${AKS}hardened`, `${AKS}legacy`],
        notEvaluated: [],
      }),
    );
  });
});

describe('cluster hardening: malformed and partial input', () => {
  it('odd shapes are read as far as they go: unknown, never a pass, and the scan goes on', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'assay-cluster-hardening-'));
    writeFileSync(
      path.join(dir, 'main.tf'),
      [
        'variable "blocks" {}',
        'resource "aws_eks_cluster" "dynamic" {',
        '  name = "dynamic"',
        '  dynamic "encryption_config" {',
        '    for_each = var.blocks',
        '    content {',
        '      resources = ["secrets"]',
        '    }',
        '  }',
        '  enabled_cluster_log_types = "audit"',
        '  vpc_config {}',
        '}',
        'resource "azurerm_kubernetes_cluster" "odd" {',
        '  name = "odd"',
        '  role_based_access_control_enabled = "maybe"',
        '  network_profile {',
        '    network_plugin = "kubenet"',
        '    network_policy = ""',
        '  }',
        '  oms_agent {}',
        '}',
      ].join('\n'),
    );
    writeFileSync(
      path.join(dir, 'broken.tf'),
      'resource "azurerm_kubernetes_cluster" "broken" {\n  network_profile {\n',
    );
    writeFileSync(
      path.join(dir, 'eks.yaml'),
      [
        'Resources:',
        '  Odd:',
        '    Type: AWS::EKS::Cluster',
        '    Properties:',
        '      Logging: "audit"',
        '      EncryptionConfig: { Resources: [secrets] }',
      ].join('\n'),
    );
    const { source, resources, evidence, byUid } = await scan(dir);
    expect(source.gaps.some((g) => g.file === 'broken.tf' && g.reason === 'parse-error')).toBe(true);
    expect(validateResources(resources)).toEqual([]);
    const odd = byUid('terraform:main.tf:azurerm_kubernetes_cluster.odd');
    expect(odd?.unknown).toEqual(expect.arrayContaining(['rbac']));
    expect(odd?.props).toMatchObject({ networkPolicy: '', monitoring: false });
    expect(byUid('cloudformation:eks.yaml:Odd')?.unknown).toEqual(['auditLogging', 'logTypes', 'secretsCustomerKey']);
    expect(evidence('k8s.cluster_audit_logging').passed).toEqual([]);
    expect(evidence('k8s.cluster_secrets_encryption').passed).toEqual([]);
    expect(evidence('k8s.cluster_rbac_enabled').passed).toEqual([]);
  });
});
