# METADATA
# title: Storage buckets keep previous object versions
# description: >-
#   Checks that every storage bucket keeps previous versions of its objects, so overwritten or
#   deleted data (by mistake or by ransomware) can be recovered. `versioning.enabled: false`
#   fails. Absent versioning also fails, with a message saying none is declared: S3 buckets and
#   Azure blob storage keep no previous versions unless versioning is switched on.
# custom:
#   id: storage.versioning_enabled
#   severity: medium
#   kinds: [storage.bucket]
#   decides:
#     - versioning.enabled
#   remediation: >-
#     Terraform (aws): add `aws_s3_bucket_versioning` with `versioning_configuration { status =
#     "Enabled" }`. CloudFormation: `VersioningConfiguration: { Status: Enabled }`. Terraform
#     (azurerm): `blob_properties { versioning_enabled = true }`. ARM: a
#     `blobServices/default` resource with `isVersioningEnabled: true`.
package assay.rules.storage.versioning_enabled

import data.assay.lib

buckets := lib.resources(["storage.bucket"])

in_scope contains r.uid if some r in buckets

deny contains lib.finding_on_prop(r, msg, "versioning.enabled", false) if {
	some r in buckets
	r.props.versioning.enabled == false
	msg := concat("", ["Bucket \"", lib.fmt_s(r.name), "\" has versioning disabled"])
}

deny contains lib.finding(r, msg, "versioning.enabled", null) if {
	some r in buckets
	not declares_versioning(r)
	msg := concat("", ["Bucket \"", lib.fmt_s(r.name), "\" declares no versioning, so previous object versions are not kept"])
}

# The source states whether versioning is on.
declares_versioning(r) if is_boolean(r.props.versioning.enabled)
