# METADATA
# title: Kubernetes secrets are encrypted with a customer-managed key
# description: >-
#   Checks that a managed Kubernetes cluster envelope-encrypts its Kubernetes secrets with a key
#   the customer manages, so that who may decrypt them is decided by the key's policy, can be
#   audited and revoked. EKS: an encryption configuration covering "secrets" with a KMS key
#   (`encryption_config`, `EncryptionConfig`). AKS: KMS etcd encryption with a Key Vault key
#   (`key_management_service`, `securityProfile.azureKeyVaultKms`). Both services already encrypt
#   the etcd store at rest with keys they manage (EKS clusters on Kubernetes 1.28 and later also
#   envelope-encrypt all API data with an AWS-owned key), so this is the customer-managed-key
#   requirement on top of that. A key given by reference counts.
# custom:
#   id: k8s.cluster_secrets_encryption
#   severity: medium
#   kinds: [k8s.cluster]
#   decides:
#     - secretsCustomerKey
#   remediation: >-
#     Terraform (aws): `encryption_config { resources = ["secrets"] provider { key_arn =
#     aws_kms_key.eks.arn } }` on the `aws_eks_cluster` (terraform-aws-modules/eks does this by
#     default). CloudFormation: `EncryptionConfig: [{ Resources: [secrets], Provider: { KeyArn: ...
#     } }]`. Terraform (azurerm): `key_management_service { key_vault_key_id = ... }`. ARM:
#     `securityProfile: { azureKeyVaultKms: { enabled: true, keyId: ... } }`.
package assay.rules.k8s.cluster_secrets_encryption

import data.assay.lib

clusters := lib.resources(["k8s.cluster"])

in_scope contains r.uid if some r in clusters

deny contains lib.finding_on_prop(r, msg, "secretsCustomerKey", false) if {
	some r in clusters
	r.props.secretsCustomerKey == false
	msg := concat("", ["Cluster \"", lib.fmt_s(r.name), "\" does not encrypt Kubernetes secrets with a customer-managed key"])
}

deny contains lib.finding(r, msg, "secretsCustomerKey", null) if {
	some r in clusters
	not states(r)
	msg := concat("", ["Cluster \"", lib.fmt_s(r.name), "\" does not state how its Kubernetes secrets are encrypted"])
}

states(r) if is_boolean(r.props.secretsCustomerKey)
