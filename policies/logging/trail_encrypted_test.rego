package assay.rules.logging.trail_encrypted_test

import data.assay.rules.logging.trail_encrypted as rule

trail(name, provider, props) := {
	"uid": concat(":", ["trail", name]), "kind": "logging.trail", "provider": provider,
	"nativeType": "aws_cloudtrail", "name": name, "location": {"file": "trail.tf", "line": 1}, "props": props,
}

batch(trails) := {"kinds": {"logging.trail": trails}}

test_cmk_encrypted_trail_passes if {
	inp := batch([trail("t", "aws", {"encryption": {"enabled": true, "kmsKeyId": "arn:aws:kms:eu-west-1:111122223333:key/abc"}})])
	rule.deny == set() with input as inp
	rule.in_scope == {"trail:t"} with input as inp
}

test_encryption_disabled_fails_on_its_line if {
	t := object.union(trail("t", "aws", {"encryption": {"enabled": false}}), {"propLines": {"encryption.enabled": 8}})
	rule.deny == {{
		"uid": "trail:t",
		"message": "Trail \"t\" has log encryption disabled",
		"evidence": {"property": "encryption.enabled", "value": false, "defaulted": false},
		"line": 8,
	}} with input as batch([t])
}

test_service_key_only_fails if {
	inp := batch([
		trail("sse", "aws", {"encryption": {"enabled": true}}),
		trail("empty", "aws", {"encryption": {"enabled": true, "kmsKeyId": ""}}),
	])
	{f.message | some f in rule.deny} == {
		"Trail \"sse\" encrypts its logs without a customer-managed key",
		"Trail \"empty\" encrypts its logs without a customer-managed key",
	} with input as inp
	{f.evidence.property | some f in rule.deny} == {"encryption.kmsKeyId"} with input as inp
}

test_absent_on_aws_fails if {
	rule.deny == {{
		"uid": "trail:t",
		"message": "Trail \"t\" declares no log encryption with a customer-managed key",
		"evidence": {"property": "encryption.enabled", "value": null, "defaulted": false},
	}} with input as batch([trail("t", "aws", {"enabled": true})])
}

test_defaulted_sse_marked if {
	t := object.union(trail("t", "aws", {"encryption": {"enabled": false}}), {"defaulted": ["encryption.enabled"]})
	[f.evidence.defaulted | some f in rule.deny] == [true] with input as batch([t])
}

test_azure_only_when_stated if {
	inp := batch([trail("activity", "azure", {}), trail("stated", "azure", {"encryption": {"enabled": true}})])
	rule.in_scope == {"trail:stated"} with input as inp
	{f.uid | some f in rule.deny} == {"trail:stated"} with input as inp
}
