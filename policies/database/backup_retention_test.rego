package assay.rules.database.backup_retention_test

import data.assay.rules.database.backup_retention as rule

db(name, provider, props) := {
	"uid": concat(":", ["db", name]), "kind": "database.instance", "provider": provider,
	"nativeType": "AWS::RDS::DBInstance", "name": name, "location": {"file": "stack.yaml", "line": 2}, "props": props,
}

batch(dbs) := {"kinds": {"database.instance": dbs}}

messages(inp) := m if {
	m := {f.message | some f in rule.deny} with input as inp
}

test_seven_days_or_more_pass if {
	inp := batch([db("seven", "aws", {"backupRetentionDays": 7}), db("month", "aws", {"backupRetentionDays": 35})])
	rule.deny == set() with input as inp
	rule.in_scope == {"db:seven", "db:month"} with input as inp
}

test_disabled_backups_fail_on_their_line if {
	d := object.union(db("nobackup", "aws", {"backupRetentionDays": 0}), {"propLines": {"backupRetentionDays": 12}})
	rule.deny == {{
		"uid": "db:nobackup",
		"message": "Database \"nobackup\" has automated backups disabled (retention 0 days)",
		"evidence": {"property": "backupRetentionDays", "value": 0, "defaulted": false},
		"line": 12,
	}} with input as batch([d])
}

test_short_retention_fails if {
	rule.deny == {{
		"uid": "db:short",
		"message": "Database \"short\" keeps automated backups for only 6 days (fewer than 7 days)",
		"evidence": {"property": "backupRetentionDays", "value": 6, "defaulted": false},
	}} with input as batch([db("short", "aws", {"backupRetentionDays": 6})])
	messages(batch([db("one", "azure", {"backupRetentionDays": 1})])) == {"Database \"one\" keeps automated backups for only 1 day (fewer than 7 days)"}
}

test_absent_retention if {
	inp := batch([db("rds", "aws", {}), db("sql", "azure", {})])
	rule.in_scope == {"db:rds", "db:sql"} with input as inp
	rule.deny == {{
		"uid": "db:rds",
		"message": "Database \"rds\" declares no backup retention period, so automated backups are kept for 1 day only",
		"evidence": {"property": "backupRetentionDays", "value": null, "defaulted": false},
	}} with input as inp
}

test_defaulted_retention_marked if {
	d := object.union(db("cfn", "aws", {"backupRetentionDays": 1}), {"defaulted": ["backupRetentionDays"]})
	[f.evidence.defaulted | some f in rule.deny] == [true] with input as batch([d])
}

test_cluster_member_without_own_retention_passes if {
	inp := batch([db("member", "aws", {"clusterId": "cloudformation:stack.json:Cluster"})])
	rule.deny == set() with input as inp
	rule.in_scope == {"db:member"} with input as inp
}

test_cluster_member_with_short_stated_retention_fails if {
	count(rule.deny) == 1 with input as batch([db("member", "aws", {"clusterId": "c", "backupRetentionDays": 1})])
}

test_read_replica_left_to_its_source_unless_it_keeps_backups if {
	inp := batch([
		db("replica", "aws", {"replicaOf": "terraform:main.tf:aws_db_instance.source", "backupRetentionDays": 0}),
		db("cfn-replica", "aws", {"replicaOf": "cloudformation:stack.yaml:Source"}),
		object.union(
			db("tf-replica", "aws", {"replicaOf": "aws_db_instance.source.identifier", "backupRetentionDays": 1}),
			{"defaulted": ["backupRetentionDays"]},
		),
		db("dr-copy", "aws", {"replicaOf": "arn:aws:rds:eu-west-1:111122223333:db:orders", "backupRetentionDays": 6}),
		db("source", "aws", {"backupRetentionDays": 1}),
	])
	rule.in_scope == {"db:source", "db:dr-copy"} with input as inp
	{f.uid | some f in rule.deny} == {"db:source", "db:dr-copy"} with input as inp
}
