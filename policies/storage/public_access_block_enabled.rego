# METADATA
# title: S3 Block Public Access is on for every bucket
# description: >-
#   Checks that the four S3 Block Public Access settings (BlockPublicAcls, IgnorePublicAcls,
#   BlockPublicPolicy, RestrictPublicBuckets) are in effect for every S3 bucket, as AWS Security Hub
#   S3.8 and CIS AWS Foundations 2.1.4 require: they keep a bucket from being made public by a
#   later ACL or policy, whether or not it is public today (storage.public_access_blocked judges
#   that). A setting is in effect when the bucket's own configuration or the account's
#   (aws_s3_account_public_access_block, or the AWS Config AccountPublicAccessBlock item) turns it
#   on, as S3 applies the most restrictive of the two; an account-level setting is seen only when
#   the scanned files or the collection hold it. Defaults: a bucket declared without a configuration
#   (Terraform without aws_s3_bucket_public_access_block, CloudFormation without
#   PublicAccessBlockConfiguration) has all four on, as S3 has given every new bucket since April
#   2023, unless it also grants public access, which such a bucket refuses (then they are not
#   known); a setting left out of a stated configuration is off; an AWS Config bucket item without
#   PublicAccessBlockConfiguration has none (all four off). A setting not known (a variable, an
#   intrinsic) is not evaluated, never passed. Only AWS buckets are in scope.
# custom:
#   id: storage.public_access_block_enabled
#   severity: medium
#   kinds: [storage.bucket]
#   decides:
#     - publicAccess.blockPublicAcls
#     - publicAccess.ignorePublicAcls
#     - publicAccess.blockPublicPolicy
#     - publicAccess.restrictPublicBuckets
#   remediation: >-
#     Terraform (aws): give the bucket an `aws_s3_bucket_public_access_block` with
#     `block_public_acls`, `ignore_public_acls`, `block_public_policy` and
#     `restrict_public_buckets` all `true` (or leave the resource out for a new bucket, which S3
#     creates with all four on), or set them account-wide with
#     `aws_s3_account_public_access_block`; with terraform-aws-modules/s3-bucket, keep the
#     module's defaults (all four true since v3.9). CloudFormation: set all four properties of
#     `PublicAccessBlockConfiguration` to `true`. AWS: `aws s3api put-public-access-block` on the
#     bucket, or `aws s3control put-public-access-block` for the account. A bucket that must be
#     public (a website) is better served through CloudFront with origin access control; otherwise
#     record a waiver.
package assay.rules.storage.public_access_block_enabled

import data.assay.lib

# S3's names, in the order S3 lists them.
flags := [
	["blockPublicAcls", "BlockPublicAcls"],
	["ignorePublicAcls", "IgnorePublicAcls"],
	["blockPublicPolicy", "BlockPublicPolicy"],
	["restrictPublicBuckets", "RestrictPublicBuckets"],
]

buckets := [r | some r in lib.resources(["storage.bucket"]); r.provider == "aws"]

in_scope contains r.uid if some r in buckets

# Each bucket with its four settings in the order of `flags` (null where the source states
# none), read once per batch for both deny rules.
bucket_settings := [[r, values] |
	some r in buckets
	values := [setting(r, prop) | some [prop, _] in flags]
]

# One finding per bucket, naming every setting that is off, on the line of the first.
deny contains lib.finding_on_prop(r, msg, concat("", ["publicAccess.", lib.fmt_s(first)]), false) if {
	some [r, values] in bucket_settings
	off := [flags[i][1] | some i, value in values; value == false]
	count(off) > 0
	first := [flags[i][0] | some i, value in values; value == false][0]
	msg := concat("", ["Bucket \"", lib.fmt_s(r.name), "\" has S3 Block Public Access ", lib.fmt_s(concat(", ", off)), " off"])
}

# A setting the source does not state (and no other is off): absent is not on.
deny contains lib.finding(r, msg, concat("", ["publicAccess.", lib.fmt_s(first)]), null) if {
	some [r, values] in bucket_settings
	not false in values
	missing := [flags[i][1] | some i, value in values; not is_boolean(value)]
	count(missing) > 0
	first := [flags[i][0] | some i, value in values; not is_boolean(value)][0]
	msg := concat("", ["Bucket \"", lib.fmt_s(r.name), "\" does not state S3 Block Public Access ", lib.fmt_s(concat(", ", missing))])
}

setting(r, prop) := object.get(r.props, ["publicAccess", prop], null)
