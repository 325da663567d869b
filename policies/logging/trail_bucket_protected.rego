# METADATA
# title: The bucket receiving audit trails is not public and keeps previous versions
# description: >-
#   Checks the S3 bucket each CloudTrail trail delivers its logs to (joined to the trail when the
#   snapshot is built): it fails when the bucket is readable by anyone (a public ACL that public
#   ACLs are not ignored for, or a bucket policy allowing any principal that public buckets are not
#   restricted for), and when versioning is not enabled, so an overwritten or deleted log file
#   cannot be recovered (S3 keeps no previous versions unless versioning is on). A trail whose
#   bucket is not among the scanned resources is not evaluated: its bucket is unknown, never passed.
# custom:
#   id: logging.trail_bucket_protected
#   severity: high
#   kinds: [logging.trail]
#   decides:
#     - bucket.publicAccess.aclPublic
#     - bucket.publicAccess.ignorePublicAcls
#     - bucket.publicAccess.policyPublic
#     - bucket.publicAccess.restrictPublicBuckets
#     - bucket.versioning.enabled
#   remediation: >-
#     On the trail's bucket: Terraform (aws) `aws_s3_bucket_public_access_block` with all four
#     settings true, no public ACL or `"Principal": "*"` statement, and `aws_s3_bucket_versioning`
#     with `status = "Enabled"`. CloudFormation: `PublicAccessBlockConfiguration` all true and
#     `VersioningConfiguration: { Status: Enabled }` on the `AWS::S3::Bucket` the trail's
#     `S3BucketName` names. Consider S3 Object Lock on the bucket to make the logs immutable.
package assay.rules.logging.trail_bucket_protected

import data.assay.lib

trails := [r | some r in lib.resources(["logging.trail"]); r.provider == "aws"]

# Every AWS trail: one whose bucket was not found lists `bucket` as unknown and is not evaluated.
in_scope contains r.uid if some r in trails

deny contains lib.finding(r, msg, "bucket.publicAccess.aclPublic", true) if {
	some r in trails
	access := r.props.bucket.publicAccess
	access.aclPublic == true
	not access.ignorePublicAcls == true
	msg := concat("", [
		"Trail \"", lib.fmt_s(r.name),
		"\" delivers its logs to a bucket whose ACL grants public access (",
		lib.fmt_s(r.props.bucket.uid), ")",
	])
}

deny contains lib.finding(r, msg, "bucket.publicAccess.policyPublic", true) if {
	some r in trails
	access := r.props.bucket.publicAccess
	access.policyPublic == true
	not access.restrictPublicBuckets == true
	msg := concat("", [
		"Trail \"", lib.fmt_s(r.name),
		"\" delivers its logs to a bucket whose policy allows public access (",
		lib.fmt_s(r.props.bucket.uid), ")",
	])
}

deny contains lib.finding(r, msg, "bucket.versioning.enabled", object.get(r.props.bucket, ["versioning", "enabled"], null)) if {
	some r in trails
	is_object(r.props.bucket)
	not r.props.bucket.versioning.enabled == true
	msg := concat("", [
		"Trail \"", lib.fmt_s(r.name),
		"\" delivers its logs to a bucket without versioning, so overwritten or deleted log files cannot be recovered (",
		lib.fmt_s(r.props.bucket.uid), ")",
	])
}
