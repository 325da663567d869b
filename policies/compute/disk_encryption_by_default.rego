# METADATA
# title: New disks are encrypted by default in every region
# description: >-
#   Checks the region setting that makes every new block volume encrypted (EBS encryption by
#   default, read per region with ec2:GetEbsEncryptionByDefault). With it off, a volume created
#   without the `encrypted` flag (by a console user, a launch template, a restore) stores data in
#   clear text. `enabled: false` fails; a region whose setting could not be read has no resource
#   and its gap leaves the rule not evaluated there.
# custom:
#   id: compute.disk_encryption_by_default
#   severity: medium
#   kinds: [compute.disk_encryption_default]
#   decides:
#     - enabled
#   remediation: >-
#     Turn on EBS encryption by default in every region you use: `aws ec2
#     enable-ebs-encryption-by-default --region REGION`, Terraform `aws_ebs_encryption_by_default {
#     enabled = true }` per region provider, or the console's EC2 settings ("Always encrypt new EBS
#     volumes"); choose a customer-managed key with `aws ec2 modify-ebs-default-kms-key-id` if
#     your key policy requires one.
package assay.rules.compute.disk_encryption_by_default

import data.assay.lib

settings := lib.resources(["compute.disk_encryption_default"])

in_scope contains r.uid if some r in settings

deny contains lib.finding(r, msg, "enabled", false) if {
	some r in settings
	r.props.enabled == false
	msg := concat("", ["EBS encryption by default is off in ", lib.fmt_s(r.name), ": new volumes are not encrypted unless asked"])
}
