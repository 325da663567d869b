# METADATA
# title: Audit trail logs are encrypted with a customer-managed key
# description: >-
#   Checks that audit trail logs are encrypted with a key the organisation controls (AWS KMS
#   `kms_key_id`), so reading them needs a key permission that can be audited and revoked, not
#   only read access to the bucket. A trail fails when `encryption.enabled` is false, when it is
#   encrypted without a `kmsKeyId` (only the storage service's own key), and, for AWS, when the
#   source declares no encryption (CloudTrail then uses SSE-S3 only). Trails of other providers
#   are in scope only when the source states their encryption, since Azure activity logs inherit
#   the destination account's encryption.
# custom:
#   id: logging.trail_encrypted
#   severity: medium
#   kinds: [logging.trail]
#   decides:
#     - encryption.enabled
#     - encryption.kmsKeyId
#   remediation: >-
#     Terraform (aws): `kms_key_id = aws_kms_key.trail.arn` on `aws_cloudtrail`, with a key
#     policy allowing CloudTrail to encrypt. CloudFormation: `KMSKeyId` on
#     `AWS::CloudTrail::Trail`. Azure: send the activity log to a storage account encrypted with a
#     customer-managed key (`customer_managed_key` block in azurerm, `encryption.keySource:
#     "Microsoft.Keyvault"` in ARM).
package assay.rules.logging.trail_encrypted

import data.assay.lib

trails := lib.resources(["logging.trail"])

in_scope contains r.uid if {
	some r in trails
	applies(r)
}

deny contains lib.finding_on_prop(r, msg, "encryption.enabled", false) if {
	some r in trails
	r.props.encryption.enabled == false
	msg := concat("", ["Trail \"", lib.fmt_s(r.name), "\" has log encryption disabled"])
}

deny contains lib.finding_on_prop(r, msg, "encryption.kmsKeyId", null) if {
	some r in trails
	r.props.encryption.enabled == true
	not names_key(r)
	msg := concat("", ["Trail \"", lib.fmt_s(r.name), "\" encrypts its logs without a customer-managed key"])
}

deny contains lib.finding(r, msg, "encryption.enabled", null) if {
	some r in trails
	r.provider == "aws"
	not declares_encryption(r)
	msg := concat("", ["Trail \"", lib.fmt_s(r.name), "\" declares no log encryption with a customer-managed key"])
}

declares_encryption(r) if is_boolean(r.props.encryption.enabled)

names_key(r) if {
	is_string(r.props.encryption.kmsKeyId)
	r.props.encryption.kmsKeyId != ""
}

applies(r) if r.provider == "aws"

applies(r) if declares_encryption(r)
