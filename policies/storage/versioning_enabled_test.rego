package assay.rules.storage.versioning_enabled_test

import data.assay.rules.storage.versioning_enabled as rule

bucket(name, props) := {
	"uid": concat(":", ["cfn", name]), "kind": "storage.bucket", "provider": "aws",
	"nativeType": "AWS::S3::Bucket", "name": name, "location": {"file": "stack.yaml", "line": 3}, "props": props,
}

batch(resources) := {"kinds": {"storage.bucket": resources}}

test_versioned_bucket_passes if {
	inp := batch([bucket("v", {"versioning": {"enabled": true, "mfaDelete": false}})])
	rule.deny == set() with input as inp
	rule.in_scope == {"cfn:v"} with input as inp
}

test_suspended_versioning_fails_on_its_line if {
	b := object.union(bucket("s", {"versioning": {"enabled": false}}), {"propLines": {"versioning": 9}})
	rule.deny == {{
		"uid": "cfn:s",
		"message": "Bucket \"s\" has versioning disabled",
		"evidence": {"property": "versioning.enabled", "value": false, "defaulted": false},
		"line": 9,
	}} with input as batch([b])
}

test_absent_versioning_fails if {
	rule.deny == {{
		"uid": "cfn:n",
		"message": "Bucket \"n\" declares no versioning, so previous object versions are not kept",
		"evidence": {"property": "versioning.enabled", "value": null, "defaulted": false},
	}} with input as batch([bucket("n", {})])
}

test_defaulted_versioning_marked if {
	b := object.union(bucket("d", {"versioning": {"enabled": false}}), {"defaulted": ["versioning.enabled"]})
	[f.evidence.defaulted | some f in rule.deny] == [true] with input as batch([b])
}

test_mixed_batch if {
	inp := batch([bucket("a", {"versioning": {"enabled": true}}), bucket("b", {}), bucket("c", {"versioning": {"enabled": false}})])
	rule.in_scope == {"cfn:a", "cfn:b", "cfn:c"} with input as inp
	{f.uid | some f in rule.deny} == {"cfn:b", "cfn:c"} with input as inp
}
