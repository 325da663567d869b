package assay.rules.database.encryption_at_rest_test

import data.assay.rules.database.encryption_at_rest as rule

db(name, provider, props) := {
	"uid": concat(":", ["db", name]), "kind": "database.instance", "provider": provider,
	"nativeType": "aws_db_instance", "name": name, "location": {"file": "main.tf", "line": 2}, "props": props,
}

batch(dbs) := {"kinds": {"database.instance": dbs}}

test_encrypted_passes if {
	inp := batch([db("enc", "aws", {"encryption": {"enabled": true, "kmsKeyId": "alias/rds"}})])
	rule.deny == set() with input as inp
	rule.in_scope == {"db:enc"} with input as inp
}

test_unencrypted_fails_on_its_line if {
	d := object.union(db("plain", "aws", {"encryption": {"enabled": false}}), {"propLines": {"encryption": 6}})
	rule.deny == {{
		"uid": "db:plain",
		"message": "Database \"plain\" has storage encryption disabled",
		"evidence": {"property": "encryption.enabled", "value": false, "defaulted": false},
		"line": 6,
	}} with input as batch([d])
}

test_absent_on_aws_fails if {
	rule.deny == {{
		"uid": "db:bare",
		"message": "Database \"bare\" declares no storage encryption",
		"evidence": {"property": "encryption.enabled", "value": null, "defaulted": false},
	}} with input as batch([db("bare", "aws", {"engine": "postgres"})])
}

test_defaulted_false_marked if {
	d := object.union(db("cfn", "aws", {"encryption": {"enabled": false}}), {"defaulted": ["encryption.enabled"]})
	[f.evidence.defaulted | some f in rule.deny] == [true] with input as batch([d])
}

test_azure if {
	inp := batch([db("tde", "azure", {}), db("tde-off", "azure", {"encryption": {"enabled": false}})])
	rule.in_scope == {"db:tde", "db:tde-off"} with input as inp
	{f.uid | some f in rule.deny} == {"db:tde-off"} with input as inp
}

test_cluster_member_without_own_encryption_setting_passes if {
	rule.deny == set() with input as batch([db("member", "aws", {"clusterId": "c"})])
}
