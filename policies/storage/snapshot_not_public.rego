# METADATA
# title: Snapshots and machine images are not public
# description: >-
#   Checks that no disk or database snapshot and no machine image can be restored or launched by
#   any account. Sharing with "all" (an RDS snapshot's `shared_accounts` or restore attribute, an
#   EBS snapshot's create-volume permission, an AMI's launch permission group) fails: anyone could
#   copy the data it holds. Sharing with named accounts passes. A snapshot whose sharing the source
#   does not state fails with a message saying so; where a grantee is known only at deployment, it
#   is reported as not evaluated.
# custom:
#   id: storage.snapshot_not_public
#   severity: critical
#   kinds: [storage.snapshot]
#   decides:
#     - public
#   remediation: >-
#     Terraform (aws): remove "all" from `shared_accounts` of `aws_db_snapshot` and
#     `aws_db_cluster_snapshot`, and `group = "all"` from `aws_ami_launch_permission`; share with
#     account ids instead. Live: `aws rds modify-db-snapshot-attribute --attribute-name restore
#     --values-to-remove all`, `aws ec2 modify-snapshot-attribute --group-names all
#     --operation-type remove`, and turn on EBS and AMI block public access for the region.
package assay.rules.storage.snapshot_not_public

import data.assay.lib

snapshots := lib.resources(["storage.snapshot"])

in_scope contains r.uid if some r in snapshots

deny contains lib.finding_on_prop(r, msg, "public", true) if {
	some r in snapshots
	r.props.public == true
	msg := concat("", [lib.fmt_s(noun(r)), " \"", lib.fmt_s(r.name), "\" is public: any account can ", lib.fmt_s(verb(r)), " it"])
}

deny contains lib.finding(r, msg, "public", null) if {
	some r in snapshots
	not states_sharing(r)
	msg := concat("", [lib.fmt_s(noun(r)), " \"", lib.fmt_s(r.name), "\" does not state who may ", lib.fmt_s(verb(r)), " it"])
}

# The source states whether the snapshot is public.
states_sharing(r) if is_boolean(r.props.public)

noun(r) := "Image" if r.props.snapshotOf == "image"

else := "Snapshot"

verb(r) := "launch" if r.props.snapshotOf == "image"

else := "restore"
