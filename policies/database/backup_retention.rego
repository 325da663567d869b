# METADATA
# title: Databases keep automated backups for at least 7 days
# description: >-
#   Checks that database instances keep automated backups for at least 7 days, so data can be
#   restored after corruption, deletion or an incident noticed late. `backupRetentionDays` of 0
#   fails as backups disabled; 1 to 6 fails as too short. When the source states nothing, an AWS
#   instance fails (RDS then keeps automated backups for 1 day); an Azure database passes, since
#   Azure SQL and the Azure Database flexible servers keep 7 days of backups by default.
#   An instance that belongs to a cluster (`clusterId`) and states nothing itself is not
#   failed for the absence: the cluster holds that setting and is judged on its own. A read
#   replica (`replicaOf`) whose own backups are off (0) or unstated is left to its source, whose
#   backups hold its data (trivy leaves replicas out too); one that keeps backups of its own (a
#   cross-region recovery copy) is held to the same 7 days.
# custom:
#   id: database.backup_retention
#   severity: medium
#   kinds: [database.instance]
#   decides:
#     - backupRetentionDays
#     - clusterId
#     - replicaOf
#   remediation: >-
#     Terraform (aws): `backup_retention_period = 7` or more on `aws_db_instance` /
#     `aws_rds_cluster`. CloudFormation: `BackupRetentionPeriod: 7` or more. Terraform (azurerm):
#     `backup_retention_days = 7` or more on `azurerm_postgresql_flexible_server` /
#     `azurerm_mysql_flexible_server`, `short_term_retention_policy { retention_days = 7 }` on
#     `azurerm_mssql_database`. ARM: `backup.backupRetentionDays` or a
#     `backupShortTermRetentionPolicies` child with `retentionDays` of 7 or more.
package assay.rules.database.backup_retention

import data.assay.lib

minimum_days := 7

databases := [r | some r in lib.resources(["database.instance"]); not left_to_source(r)]

left_to_source(r) if {
	r.props.replicaOf
	not keeps_own_backups(r)
}

keeps_own_backups(r) if {
	r.props.backupRetentionDays > 0
	not "backupRetentionDays" in object.get(r, "defaulted", [])
}

in_scope contains r.uid if some r in databases

deny contains lib.finding_on_prop(r, msg, "backupRetentionDays", 0) if {
	some r in databases
	r.props.backupRetentionDays == 0
	msg := concat("", ["Database \"", lib.fmt_s(r.name), "\" has automated backups disabled (retention 0 days)"])
}

deny contains lib.finding_on_prop(r, msg, "backupRetentionDays", days) if {
	some r in databases
	days := r.props.backupRetentionDays
	days > 0
	days < minimum_days
	msg := concat("", [
		"Database \"", lib.fmt_s(r.name), "\" keeps automated backups for only ",
		lib.fmt_s(lib.day_count(days)), " (fewer than 7 days)",
	])
}

deny contains lib.finding(r, msg, "backupRetentionDays", null) if {
	some r in databases
	not declares_retention(r)
	r.provider != "azure"
	not r.props.clusterId # a cluster member's value is the cluster's, judged there
	msg := concat("", [
		"Database \"", lib.fmt_s(r.name),
		"\" declares no backup retention period, so automated backups are kept for 1 day only",
	])
}

# The source states how long backups are kept.
declares_retention(r) if is_number(r.props.backupRetentionDays)
