package assay.rules.storage.encryption_at_rest_test

import data.assay.rules.storage.encryption_at_rest as rule

bucket(name, provider, props) := {
	"uid": concat(":", ["tf", name]), "kind": "storage.bucket", "provider": provider,
	"nativeType": "aws_s3_bucket", "name": name, "location": {"file": "main.tf", "line": 1}, "props": props,
}

batch(resources) := {"kinds": {"storage.bucket": resources}}

test_encrypted_bucket_passes if {
	inp := batch([bucket("data", "aws", {"encryption": {"enabled": true, "algorithm": "aws:kms", "kmsKeyId": "k"}})])
	rule.deny == set() with input as inp
	rule.in_scope == {"tf:data"} with input as inp
}

test_disabled_encryption_fails_on_its_line if {
	b := object.union(bucket("data", "aws", {"encryption": {"enabled": false}}), {"propLines": {"encryption.enabled": 7}})
	rule.deny == {{
		"uid": "tf:data",
		"message": "Bucket \"data\" has encryption at rest disabled",
		"evidence": {"property": "encryption.enabled", "value": false, "defaulted": false},
		"line": 7,
	}} with input as batch([b])
}

test_defaulted_disabled_encryption_is_flagged_as_defaulted if {
	b := object.union(bucket("old", "aws", {"encryption": {"enabled": false}}), {"defaulted": ["encryption.enabled"]})
	some f in rule.deny with input as batch([b])
	f.evidence.defaulted == true
}

test_absent_encryption_passes_on_aws_by_effect if {
	inp := batch([bucket("plain", "aws", {})])
	rule.deny == set() with input as inp
	rule.in_scope == {"tf:plain"} with input as inp
}

test_absent_encryption_fails_for_another_provider if {
	rule.deny == {{
		"uid": "tf:plain",
		"message": "Bucket \"plain\" declares no server-side encryption",
		"evidence": {"property": "encryption.enabled", "value": null, "defaulted": false},
	}} with input as batch([bucket("plain", "iac", {})])
}

test_absent_encryption_passes_on_azure if {
	inp := batch([bucket("acct", "azure", {})])
	rule.deny == set() with input as inp
	rule.in_scope == {"tf:acct"} with input as inp
}

test_disabled_encryption_fails_on_azure if {
	uids := {f.uid | some f in rule.deny} with input as batch([bucket("acct", "azure", {"encryption": {"enabled": false}})])
	uids == {"tf:acct"}
}

test_other_kinds_and_empty_batch_ignored if {
	rule.in_scope == set() with input as {"kinds": {"compute.disk": [bucket("d", "aws", {})]}}
	rule.deny == set() with input as {"kinds": {}}
}

test_aws_default_encryption_passes_by_effect if {
	b := object.union(bucket("legacy", "aws", {"encryption": {"enabled": true, "algorithm": "AES256"}}), {"defaulted": ["encryption.enabled"]})
	rule.deny == set() with input as batch([b])
}

test_azure_platform_default_encryption_passes if {
	b := object.union(bucket("acct", "azure", {"encryption": {"enabled": true}}), {"defaulted": ["encryption.enabled"]})
	rule.deny == set() with input as batch([b])
}
