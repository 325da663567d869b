# Deliberate difference from KICS: KICS flags a CloudWatch log group with no retention or
# `retention_in_days = 0`; both mean the logs never expire, which keeps them for more than a year,
# so they pass here. KICS's Azure flow-log query asks for 90 days; this rule asks for 365 for
# every log, as PCI DSS 10.5.1 does.

# METADATA
# title: Logs are kept for at least 365 days
# description: >-
#   Checks that log groups, audit trails and flow logs keep their records for at least a year, so
#   an incident found late can still be investigated and an auditor can sample the whole period.
#   A `retentionDays` from 1 to 364 fails; 0 means kept indefinitely and passes. An AWS trail's
#   retention is that of its bucket: when the bucket was read, the collector states it as the
#   shortest expiration of the enabled lifecycle rules reaching the trail's log files (0 when none
#   does). Absent values: an AWS log group passes (CloudWatch Logs never expires logs unless a
#   retention is set); an AWS trail whose bucket was not read, and an AWS flow log, are not in
#   scope, because their retention is set on their destination (a log group or a bucket's
#   lifecycle rules), not on them; for other providers a missing retention fails, with a message
#   saying none is declared.
# custom:
#   id: logging.retention_one_year
#   severity: medium
#   kinds: [logging.log_group, logging.trail, network.flow_log]
#   decides:
#     - retentionDays
#   remediation: >-
#     Terraform (aws): `retention_in_days = 365` or more (or leave it unset to never expire) on
#     `aws_cloudwatch_log_group`; lifecycle rules of at least 365 days on trail and flow-log
#     buckets. CloudFormation: `RetentionInDays: 365` or more on `AWS::Logs::LogGroup`. Terraform
#     (azurerm): `retention_policy { enabled = true, days = 365 }` on
#     `azurerm_network_watcher_flow_log` and `azurerm_monitor_log_profile`,
#     `retention_in_days = 365` on `azurerm_log_analytics_workspace`. ARM: `retentionPolicy.days`
#     of 365 or more, `retentionInDays` on workspaces.
package assay.rules.logging.retention_one_year

import data.assay.lib

minimum_days := 365

noun := {"logging.log_group": "Log group", "logging.trail": "Trail", "network.flow_log": "Flow log"}

logs := lib.resources(["logging.log_group", "logging.trail", "network.flow_log"])

in_scope contains r.uid if {
	some r in logs
	applies(r)
}

deny contains lib.finding_on_prop(r, msg, "retentionDays", days) if {
	some r in logs
	days := r.props.retentionDays
	days > 0
	days < minimum_days
	msg := concat("", [
		lib.fmt_s(noun[r.kind]), " \"", lib.fmt_s(r.name), "\" keeps logs for only ",
		lib.fmt_s(lib.day_count(days)), " (fewer than 365 days)",
	])
}

deny contains lib.finding(r, msg, "retentionDays", null) if {
	some r in logs
	r.provider != "aws"
	not declares_retention(r)
	msg := concat("", [lib.fmt_s(noun[r.kind]), " \"", lib.fmt_s(r.name), "\" declares no retention period"])
}

declares_retention(r) if is_number(r.props.retentionDays)

applies(r) if declares_retention(r)

applies(r) if r.provider != "aws"

applies(r) if r.kind == "logging.log_group"
