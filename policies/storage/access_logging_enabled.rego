# METADATA
# title: Storage buckets log access requests
# description: >-
#   Checks that every storage bucket records the requests made to it (S3 server access logging,
#   Azure storage diagnostic logs), so access to stored data can be investigated.
#   `accessLogging.enabled: false` fails. Absent access logging also fails, with a message saying
#   none is declared: neither provider logs data access by default.
# custom:
#   id: storage.access_logging_enabled
#   severity: medium
#   kinds: [storage.bucket]
#   decides:
#     - accessLogging.enabled
#   remediation: >-
#     Terraform (aws): add `aws_s3_bucket_logging` with a `target_bucket`. CloudFormation:
#     `LoggingConfiguration: { DestinationBucketName: ... }`. Terraform (azurerm): an
#     `azurerm_monitor_diagnostic_setting` on the account's blob service with the StorageRead,
#     StorageWrite and StorageDelete categories. ARM: a
#     `Microsoft.Insights/diagnosticSettings` resource for the blob service with those categories.
package assay.rules.storage.access_logging_enabled

import data.assay.lib

buckets := lib.resources(["storage.bucket"])

in_scope contains r.uid if some r in buckets

deny contains lib.finding_on_prop(r, msg, "accessLogging.enabled", false) if {
	some r in buckets
	r.props.accessLogging.enabled == false
	msg := concat("", ["Bucket \"", lib.fmt_s(r.name), "\" has access logging disabled"])
}

deny contains lib.finding(r, msg, "accessLogging.enabled", null) if {
	some r in buckets
	not declares_access_logging(r)
	msg := concat("", ["Bucket \"", lib.fmt_s(r.name), "\" declares no access logging"])
}

# The source states whether access is logged.
declares_access_logging(r) if is_boolean(r.props.accessLogging.enabled)
