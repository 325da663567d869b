# METADATA
# title: Databases encrypt stored data
# description: >-
#   Checks that database instances encrypt their storage, backups and snapshots.
#   `encryption.enabled: false` fails (RDS `storage_encrypted = false`, Azure SQL transparent data
#   encryption switched off). When the source states nothing, an AWS instance fails with a message
#   saying no storage encryption is declared (RDS storage is unencrypted unless requested); an
#   Azure database passes, since Azure SQL enables transparent data encryption by default and the
#   Azure Database services always encrypt storage.
#   An instance that belongs to a cluster (`clusterId`) and states nothing itself is not
#   failed for the absence: the cluster holds that setting and is judged on its own.
# custom:
#   id: database.encryption_at_rest
#   severity: high
#   kinds: [database.instance]
#   decides:
#     - encryption.enabled
#     - clusterId
#   remediation: >-
#     Terraform (aws): `storage_encrypted = true` (and `kms_key_id`) on `aws_db_instance` or
#     `aws_rds_cluster`; an existing instance must be restored from an encrypted snapshot copy.
#     CloudFormation: `StorageEncrypted: true` on `AWS::RDS::DBInstance`/`AWS::RDS::DBCluster`.
#     Terraform (azurerm): do not set `transparent_data_encryption_enabled = false` on
#     `azurerm_mssql_database`. ARM: a `transparentDataEncryption` child with `state: "Enabled"`.
package assay.rules.database.encryption_at_rest

import data.assay.lib

databases := lib.resources(["database.instance"])

in_scope contains r.uid if some r in databases

deny contains lib.finding_on_prop(r, msg, "encryption.enabled", false) if {
	some r in databases
	r.props.encryption.enabled == false
	msg := concat("", ["Database \"", lib.fmt_s(r.name), "\" has storage encryption disabled"])
}

deny contains lib.finding(r, msg, "encryption.enabled", null) if {
	some r in databases
	not declares_encryption(r)
	r.provider != "azure"
	not r.props.clusterId # a cluster member's value is the cluster's, judged there
	not "encryption.enabled" in object.get(r, "unknown", []) # stated but unknown (a replica of an unresolved source)
	msg := concat("", ["Database \"", lib.fmt_s(r.name), "\" declares no storage encryption"])
}

# The source states whether storage is encrypted.
declares_encryption(r) if is_boolean(r.props.encryption.enabled)
