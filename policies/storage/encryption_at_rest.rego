# METADATA
# title: Storage buckets encrypt data at rest
# description: >-
#   Checks that every storage bucket (S3 bucket, Azure storage account) encrypts the objects it
#   stores at rest, so that data on the provider's disks and in backups is unreadable without the
#   key. Judged by effect: an explicit `encryption.enabled: false` fails; an AWS bucket whose source
#   declares no encryption passes with AWS's default stated as defaulted (S3 has applied SSE-S3 to
#   every new bucket since January 2023 and it cannot be switched off), as an Azure storage account
#   passes (Azure Storage encrypts all data at rest). Whether a customer-managed key is used is the
#   separate, lower-severity rule storage.encryption_customer_key. A bucket of another provider
#   whose source states nothing fails.
# custom:
#   id: storage.encryption_at_rest
#   severity: high
#   kinds: [storage.bucket]
#   decides:
#     - encryption.enabled
#   remediation: >-
#     Terraform (aws): add an `aws_s3_bucket_server_side_encryption_configuration` with
#     `sse_algorithm = "aws:kms"` (or "AES256") for the bucket. CloudFormation: set
#     `BucketEncryption.ServerSideEncryptionConfiguration` on the `AWS::S3::Bucket`.
#     Terraform (azurerm) and ARM: do not disable the storage account's encryption services
#     (`encryption.services.blob.enabled` must stay true); use a customer-managed key where required.
package assay.rules.storage.encryption_at_rest

import data.assay.lib

buckets := lib.resources(["storage.bucket"])

in_scope contains r.uid if some r in buckets

deny contains lib.finding_on_prop(r, msg, "encryption.enabled", false) if {
	some r in buckets
	r.props.encryption.enabled == false
	msg := concat("", ["Bucket \"", lib.fmt_s(r.name), "\" has encryption at rest disabled"])
}

deny contains lib.finding(r, msg, "encryption.enabled", null) if {
	some r in buckets
	not declares_encryption(r)
	not r.provider in {"azure", "aws"}
	msg := concat("", ["Bucket \"", lib.fmt_s(r.name), "\" declares no server-side encryption"])
}

# The source states whether the bucket is encrypted.
declares_encryption(r) if is_boolean(r.props.encryption.enabled)
