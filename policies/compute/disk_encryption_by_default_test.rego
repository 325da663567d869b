package assay.rules.compute.disk_encryption_by_default_test

import data.assay.rules.compute.disk_encryption_by_default as rule

setting(region, props) := {
	"uid": sprintf("aws:1:%s:ec2:ebs-encryption-by-default", [region]), "kind": "compute.disk_encryption_default",
	"provider": "aws", "nativeType": "AWS::EC2::EbsEncryptionByDefault",
	"name": sprintf("account 1 region %s", [region]), "location": {"account": "1", "region": region}, "props": props,
}

batch(items) := {"kinds": {"compute.disk_encryption_default": items}}

test_enabled_passes if {
	inp := batch([setting("eu-west-1", {"enabled": true, "kmsKeyId": "alias/aws/ebs"})])
	rule.deny == set() with input as inp
	rule.in_scope == {"aws:1:eu-west-1:ec2:ebs-encryption-by-default"} with input as inp
}

test_disabled_fails_per_region if {
	inp := batch([setting("eu-west-1", {"enabled": false}), setting("us-east-1", {"enabled": true})])
	rule.deny == {{
		"uid": "aws:1:eu-west-1:ec2:ebs-encryption-by-default",
		"message": "EBS encryption by default is off in account 1 region eu-west-1: new volumes are not encrypted unless asked",
		"evidence": {"property": "enabled", "value": false, "defaulted": false},
	}} with input as inp
}

test_other_kinds_out_of_scope if {
	rule.in_scope == set() with input as {"kinds": {"compute.disk": [{"uid": "d", "props": {}}]}}
}
