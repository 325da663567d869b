# Deliberate difference from KICS: KICS flags an S3 public access block whose guards are off or
# missing even when nothing is public. This rule reports exposure that is in effect: a public ACL
# that `ignorePublicAcls` does not neutralise, a public bucket policy that
# `restrictPublicBuckets` does not neutralise (`blockPublicAcls`/`blockPublicPolicy` only refuse
# new grants, they do not undo existing ones), an Azure account allowing anonymous access, and
# containers that grant it.

# METADATA
# title: Storage buckets and containers are not publicly accessible
# description: >-
#   Checks that no bucket or blob container can be read anonymously from the internet. A bucket
#   fails when its ACL grants access to everyone and public ACLs are not ignored, when its bucket
#   policy allows any principal and public buckets are not restricted, or (Azure) when the storage
#   account allows anonymous blob access. A container fails when its anonymous access level is
#   `blob` or `container`. Absent values are not failures: nothing in the source makes the
#   resource public.
# custom:
#   id: storage.public_access_blocked
#   severity: critical
#   kinds: [storage.bucket, storage.container]
#   decides:
#     - publicAccess.aclPublic
#     - publicAccess.ignorePublicAcls
#     - publicAccess.policyPublic
#     - publicAccess.restrictPublicBuckets
#     - publicAccess.anonymousAccessAllowed
#     - anonymousAccess
#   remediation: >-
#     Terraform (aws): remove public ACLs (`acl = "private"`) and `"Principal": "*"` statements,
#     and add `aws_s3_bucket_public_access_block` with all four settings true. CloudFormation: set
#     `PublicAccessBlockConfiguration` (BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy,
#     RestrictPublicBuckets) to true and remove `AccessControl: PublicRead`. Terraform (azurerm):
#     `allow_nested_items_to_be_public = false` on the storage account and
#     `container_access_type = "private"`. ARM: `allowBlobPublicAccess: false` and
#     `publicAccess: "None"` on blob containers.
package assay.rules.storage.public_access_blocked

import data.assay.lib

buckets := lib.resources(["storage.bucket"])

containers := lib.resources(["storage.container"])

in_scope contains r.uid if some r in buckets

in_scope contains r.uid if some r in containers

deny contains lib.finding_on_prop(r, msg, "publicAccess.aclPublic", true) if {
	some r in buckets
	r.props.publicAccess.aclPublic == true
	not r.props.publicAccess.ignorePublicAcls == true
	msg := concat("", ["Bucket \"", lib.fmt_s(r.name), "\" grants public access through its ACL, and public ACLs are not ignored"])
}

deny contains lib.finding_on_prop(r, msg, "publicAccess.policyPublic", true) if {
	some r in buckets
	r.props.publicAccess.policyPublic == true
	not r.props.publicAccess.restrictPublicBuckets == true
	msg := concat("", [
		"Bucket \"", lib.fmt_s(r.name),
		"\" has a bucket policy that allows public access, and public buckets are not restricted",
	])
}

deny contains lib.finding_on_prop(r, msg, "publicAccess.anonymousAccessAllowed", true) if {
	some r in buckets
	r.props.publicAccess.anonymousAccessAllowed == true
	msg := concat("", ["Bucket \"", lib.fmt_s(r.name), "\" allows anonymous public access to its containers"])
}

deny contains lib.finding_on_prop(r, msg, "anonymousAccess", level) if {
	some r in containers
	level := r.props.anonymousAccess
	level in {"blob", "container"}
	msg := concat("", ["Container \"", lib.fmt_s(r.name), "\" allows anonymous read access (level \"", lib.fmt_s(level), "\")"])
}
