package assay.rules.crypto.key_rotation_test

import data.assay.rules.crypto.key_rotation as rule

key(name, provider, props) := {
	"uid": concat(":", ["key", name]), "kind": "crypto.key", "provider": provider,
	"nativeType": "aws_kms_key", "name": name, "location": {"file": "kms.tf", "line": 1}, "props": props,
}

batch(keys) := {"kinds": {"crypto.key": keys}}

test_rotating_key_passes if {
	inp := batch([key("k", "aws", {"rotationEnabled": true, "rotationPeriodDays": 365, "keySpec": "SYMMETRIC_DEFAULT", "usage": "ENCRYPT_DECRYPT"})])
	rule.deny == set() with input as inp
	rule.in_scope == {"key:k"} with input as inp
}

test_rotation_disabled_fails_on_its_line if {
	k := object.union(key("k", "aws", {"rotationEnabled": false, "enabled": true}), {"propLines": {"rotationEnabled": 4}})
	rule.deny == {{
		"uid": "key:k",
		"message": "Key \"k\" has automatic rotation disabled",
		"evidence": {"property": "rotationEnabled", "value": false, "defaulted": false},
		"line": 4,
	}} with input as batch([k])
}

test_absent_rotation_fails if {
	rule.deny == {{
		"uid": "key:k",
		"message": "Key \"k\" declares no automatic rotation",
		"evidence": {"property": "rotationEnabled", "value": null, "defaulted": false},
	}} with input as batch([key("k", "aws", {})])
}

test_defaulted_rotation_marked if {
	k := object.union(key("k", "aws", {"rotationEnabled": false}), {"defaulted": ["rotationEnabled"]})
	[f.evidence.defaulted | some f in rule.deny] == [true] with input as batch([k])
}

test_long_rotation_period_fails if {
	rule.deny == {{
		"uid": "key:slow",
		"message": "Key \"slow\" rotates only every 730 days (more than 365 days)",
		"evidence": {"property": "rotationPeriodDays", "value": 730, "defaulted": false},
	}} with input as batch([key("slow", "azure", {"rotationEnabled": true, "rotationPeriodDays": 730})])
}

test_keys_that_cannot_rotate_are_out_of_scope if {
	inp := batch([
		key("rsa", "aws", {"keySpec": "RSA_2048", "usage": "SIGN_VERIFY", "rotationEnabled": false}),
		key("hmac", "aws", {"keySpec": "HMAC_256", "usage": "GENERATE_VERIFY_MAC"}),
		key("sym-sign", "aws", {"usage": "SIGN_VERIFY"}),
		key("disabled", "aws", {"enabled": false, "rotationEnabled": false}),
		key("azure-rsa", "azure", {"keySpec": "RSA", "rotationEnabled": false}),
		key("plain", "aws", {"rotationEnabled": false}),
	])
	rule.in_scope == {"key:azure-rsa", "key:plain"} with input as inp
	{f.uid | some f in rule.deny} == {"key:azure-rsa", "key:plain"} with input as inp
}
