package assay.rules.storage.access_logging_enabled_test

import data.assay.rules.storage.access_logging_enabled as rule

bucket(name, props) := {
	"uid": concat(":", ["tf", name]), "kind": "storage.bucket", "provider": "aws",
	"nativeType": "aws_s3_bucket", "name": name, "location": {"file": "main.tf", "line": 1}, "props": props,
}

batch(resources) := {"kinds": {"storage.bucket": resources}}

test_logging_bucket_passes if {
	inp := batch([bucket("l", {"accessLogging": {"enabled": true, "target": "log-bucket"}})])
	rule.deny == set() with input as inp
	rule.in_scope == {"tf:l"} with input as inp
}

test_disabled_logging_fails if {
	b := object.union(bucket("off", {"accessLogging": {"enabled": false}}), {"propLines": {"accessLogging.enabled": 4}})
	rule.deny == {{
		"uid": "tf:off",
		"message": "Bucket \"off\" has access logging disabled",
		"evidence": {"property": "accessLogging.enabled", "value": false, "defaulted": false},
		"line": 4,
	}} with input as batch([b])
}

test_absent_logging_fails if {
	rule.deny == {{
		"uid": "tf:none",
		"message": "Bucket \"none\" declares no access logging",
		"evidence": {"property": "accessLogging.enabled", "value": null, "defaulted": false},
	}} with input as batch([bucket("none", {"versioning": {"enabled": true}})])
}

test_azure_account_without_diagnostics_fails if {
	b := object.union(bucket("acct", {}), {"provider": "azure", "defaulted": ["accessLogging.enabled"], "props": {"accessLogging": {"enabled": false}}})
	[f.evidence.defaulted | some f in rule.deny] == [true] with input as batch([b])
}
