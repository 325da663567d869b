# METADATA
# title: Storage buckets encrypt data at rest
# description: >-
#   Checks that every storage bucket (S3 bucket, Azure storage account) declares server-side
#   encryption of the objects it stores, so that data on the provider's disks and in backups is
#   unreadable without the key. An explicit `encryption.enabled: false` fails. When the source
#   declares no encryption at all, an AWS bucket fails with a message saying none is declared,
#   also when a collector filled in AWS's default (SSE-S3 for new objects since January 2023):
#   a default the template does not state is not configuration an auditor can point to, and
#   Terraform and CloudFormation sources must give the same answer. An Azure storage account
#   passes, because Azure Storage encrypts all data at rest and this cannot be switched off.
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

deny contains lib.finding(r, msg, "encryption.enabled", true) if {
	some r in buckets
	r.provider == "aws"
	r.props.encryption.enabled == true
	"encryption.enabled" in object.get(r, "defaulted", [])
	msg := sprintf("Bucket \"%s\" declares no server-side encryption (AWS applies its SSE-S3 default to new objects; declare it to make it part of the configuration)", [r.name])
}

deny contains lib.finding_on_prop(r, msg, "encryption.enabled", false) if {
	some r in buckets
	r.props.encryption.enabled == false
	msg := sprintf("Bucket \"%s\" has encryption at rest disabled", [r.name])
}

deny contains lib.finding(r, msg, "encryption.enabled", null) if {
	some r in buckets
	not declares_encryption(r)
	r.provider != "azure"
	msg := sprintf("Bucket \"%s\" declares no server-side encryption", [r.name])
}

# The source states whether the bucket is encrypted.
declares_encryption(r) if is_boolean(r.props.encryption.enabled)
