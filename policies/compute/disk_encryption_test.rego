package assay.rules.compute.disk_encryption_test

import data.assay.rules.compute.disk_encryption as rule

disk(name, provider, props) := {
	"uid": concat(":", ["disk", name]), "kind": "compute.disk", "provider": provider,
	"nativeType": "aws_ebs_volume", "name": name, "location": {"file": "main.tf", "line": 5}, "props": props,
}

batch(disks) := {"kinds": {"compute.disk": disks}}

test_encrypted_disk_passes if {
	inp := batch([disk("data", "aws", {"encryption": {"enabled": true, "kmsKeyId": "arn:aws:kms:eu-west-1:1:key/x"}, "sizeGb": 100})])
	rule.deny == set() with input as inp
	rule.in_scope == {"disk:data"} with input as inp
}

test_unencrypted_disk_fails_on_its_line if {
	d := object.union(disk("data", "aws", {"encryption": {"enabled": false}}), {"propLines": {"encryption.enabled": 8}})
	rule.deny == {{
		"uid": "disk:data",
		"message": "Disk \"data\" has encryption at rest disabled",
		"evidence": {"property": "encryption.enabled", "value": false, "defaulted": false},
		"line": 8,
	}} with input as batch([d])
}

test_absent_encryption_fails_on_aws if {
	rule.deny == {{
		"uid": "disk:root",
		"message": "Disk \"root\" declares no encryption at rest",
		"evidence": {"property": "encryption.enabled", "value": null, "defaulted": false},
	}} with input as batch([disk("root", "aws", {"sizeGb": 8})])
}

test_account_default_encryption_passes_and_is_defaulted if {
	d := object.union(disk("vol", "aws", {"encryption": {"enabled": true}}), {"defaulted": ["encryption.enabled"]})
	rule.deny == set() with input as batch([d])
}

test_azure_managed_disk if {
	inp := batch([
		disk("sse", "azure", {}),
		disk("ade-off", "azure", {"encryption": {"enabled": false}}),
	])
	rule.in_scope == {"disk:sse", "disk:ade-off"} with input as inp
	{f.uid | some f in rule.deny} == {"disk:ade-off"} with input as inp
}
