# METADATA
# title: Storage buckets encrypt with a customer-managed key
# description: >-
#   Checks that every AWS S3 bucket encrypts its objects with a KMS key the customer manages
#   (SSE-KMS or DSSE-KMS naming a key), so that who may decrypt the data is decided by the key's
#   policy, can be audited in CloudTrail and can be revoked. Where a policy wants it, this is a
#   requirement beyond encryption at rest (storage.encryption_at_rest), which AWS's SSE-S3 default
#   already meets: a bucket with SSE-S3 (AES256, stated or the default) or with SSE-KMS under the
#   AWS-managed key `aws/s3` (no key named) fails here. A key given by reference counts as named.
# custom:
#   id: storage.encryption_customer_key
#   severity: low
#   kinds: [storage.bucket]
#   decides:
#     - encryption.algorithm
#     - encryption.kmsKeyId
#   remediation: >-
#     Terraform (aws): in the bucket's `aws_s3_bucket_server_side_encryption_configuration` set
#     `sse_algorithm = "aws:kms"` and `kms_master_key_id` to a customer-managed `aws_kms_key`.
#     CloudFormation: set `BucketEncryption` with `SSEAlgorithm: aws:kms` and `KMSMasterKeyID`.
package assay.rules.storage.encryption_customer_key

import data.assay.lib

kms_algorithms := {"aws:kms", "aws:kms:dsse"}

buckets := [r | some r in lib.resources(["storage.bucket"]); r.provider == "aws"]

in_scope contains r.uid if some r in buckets

deny contains lib.finding(r, msg, "encryption.algorithm", object.get(r.props, ["encryption", "algorithm"], null)) if {
	some r in buckets
	not customer_key(r)
	msg := concat("", ["Bucket \"", lib.fmt_s(r.name), "\" is not encrypted with a customer-managed KMS key (", lib.fmt_s(how(r)), ")"])
}

customer_key(r) if {
	r.props.encryption.algorithm in kms_algorithms
	key := r.props.encryption.kmsKeyId
	key != ""
	not endswith(key, "alias/aws/s3")
}

how(r) := "SSE-S3 by AWS's default" if {
	"encryption.algorithm" in object.get(r, "defaulted", [])
} else := "SSE-KMS with the AWS-managed key" if {
	r.props.encryption.algorithm in kms_algorithms
} else := lib.fmt_s(r.props.encryption.algorithm) if {
	is_string(r.props.encryption.algorithm)
} else := "no key stated"
