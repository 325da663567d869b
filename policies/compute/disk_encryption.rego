# Deliberate difference from KICS: KICS flags an Azure managed disk without
# `encryptionSettingsCollection` (Azure Disk Encryption inside the guest). Managed disks are always
# encrypted at rest by Azure Storage service-side encryption, which cannot be switched off, so a
# disk whose source states nothing passes here; a disk whose encryption is stated as disabled fails.

# METADATA
# title: Disks encrypt data at rest
# description: >-
#   Checks that block storage volumes (EBS volumes, Azure managed disks) encrypt the data they
#   hold, so snapshots, detached volumes and the provider's media do not expose it.
#   `encryption.enabled: false` fails. When the source states nothing, an AWS volume fails with a
#   message saying no encryption is declared (EBS volumes are unencrypted unless encryption is
#   requested or the account's encryption-by-default is on, which collectors record as a defaulted
#   value); an Azure managed disk passes, since service-side encryption always applies.
# custom:
#   id: compute.disk_encryption
#   severity: high
#   kinds: [compute.disk]
#   decides:
#     - encryption.enabled
#   remediation: >-
#     Terraform (aws): `encrypted = true` (and `kms_key_id` for a customer-managed key) on
#     `aws_ebs_volume` and on `root_block_device`/`ebs_block_device` of `aws_instance`, or
#     `aws_ebs_encryption_by_default { enabled = true }`. CloudFormation: `Encrypted: true` on
#     `AWS::EC2::Volume` and in `BlockDeviceMappings`. Terraform (azurerm): keep service-side
#     encryption and use `disk_encryption_set_id` for a customer-managed key. ARM: do not set
#     `encryptionSettingsCollection.enabled` to false; set `encryption.diskEncryptionSetId`.
package assay.rules.compute.disk_encryption

import data.assay.lib

disks := lib.resources(["compute.disk"])

in_scope contains r.uid if some r in disks

deny contains lib.finding_on_prop(r, msg, "encryption.enabled", false) if {
	some r in disks
	r.props.encryption.enabled == false
	msg := concat("", ["Disk \"", lib.fmt_s(r.name), "\" has encryption at rest disabled"])
}

deny contains lib.finding(r, msg, "encryption.enabled", null) if {
	some r in disks
	not declares_encryption(r)
	r.provider != "azure"
	msg := concat("", ["Disk \"", lib.fmt_s(r.name), "\" declares no encryption at rest"])
}

# The source states whether the disk is encrypted.
declares_encryption(r) if is_boolean(r.props.encryption.enabled)
