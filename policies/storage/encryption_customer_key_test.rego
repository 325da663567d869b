package assay.rules.storage.encryption_customer_key_test

import data.assay.rules.storage.encryption_customer_key as rule

bucket(name, provider, props) := {
	"uid": concat(":", ["tf", name]), "kind": "storage.bucket", "provider": provider,
	"nativeType": "aws_s3_bucket", "name": name, "location": {"file": "main.tf", "line": 1}, "props": props,
}

batch(resources) := {"kinds": {"storage.bucket": resources}}

test_kms_with_a_named_key_passes if {
	inp := batch([bucket("data", "aws", {"encryption": {"enabled": true, "algorithm": "aws:kms", "kmsKeyId": "aws_kms_key.s3.arn"}})])
	rule.deny == set() with input as inp
	rule.in_scope == {"tf:data"} with input as inp
}

test_default_sse_s3_fails_saying_so if {
	b := object.union(bucket("plain", "aws", {"encryption": {"enabled": true, "algorithm": "AES256"}}), {"defaulted": ["encryption.enabled", "encryption.algorithm"]})
	rule.deny == {{
		"uid": "tf:plain",
		"message": "Bucket \"plain\" is not encrypted with a customer-managed KMS key (SSE-S3 by AWS's default)",
		"evidence": {"property": "encryption.algorithm", "value": "AES256", "defaulted": true},
	}} with input as batch([b])
}

test_aws_managed_key_fails if {
	uids := {f.uid | some f in rule.deny} with input as batch([
		bucket("managed", "aws", {"encryption": {"enabled": true, "algorithm": "aws:kms"}}),
		bucket("alias", "aws", {"encryption": {"enabled": true, "algorithm": "aws:kms", "kmsKeyId": "alias/aws/s3"}}),
	])
	uids == {"tf:managed", "tf:alias"}
}

test_other_providers_not_in_scope if {
	inp := batch([bucket("acct", "azure", {})])
	rule.in_scope == set() with input as inp
	rule.deny == set() with input as inp
}

test_stated_sse_s3_and_absent_encryption_say_what_they_are if {
	msgs := {f.message | some f in rule.deny} with input as batch([
		bucket("stated", "aws", {"encryption": {"enabled": true, "algorithm": "AES256"}}),
		bucket("absent", "aws", {}),
	])
	msgs == {
		"Bucket \"stated\" is not encrypted with a customer-managed KMS key (AES256)",
		"Bucket \"absent\" is not encrypted with a customer-managed KMS key (no key stated)",
	}
}
