# METADATA
# title: Audit trails are logging
# description: >-
#   Checks that audit trails (AWS CloudTrail trails, Azure activity log profiles and diagnostic
#   settings) are recording, so administrative actions leave evidence. `enabled: false` fails
#   (CloudTrail `enable_logging = false` / `IsLogging: false`), and so does
#   `managementEvents: false`, since a trail that skips management events does not record who
#   changed what. Absent values pass: a declared trail logs management events unless told not to
#   (Terraform's `enable_logging` and `include_management_events` default to true).
# custom:
#   id: logging.trail_enabled
#   severity: high
#   kinds: [logging.trail]
#   decides:
#     - enabled
#     - managementEvents
#   remediation: >-
#     Terraform (aws): `enable_logging = true` on `aws_cloudtrail` and keep
#     `include_management_events = true` in `event_selector`s. CloudFormation: `IsLogging: true`
#     and `IncludeManagementEvents: true`. Terraform (azurerm): `enabled = true` on the log
#     categories of `azurerm_monitor_diagnostic_setting` for the subscription's activity log.
#     ARM: a `Microsoft.Insights/diagnosticSettings` resource with the Administrative category enabled.
package assay.rules.logging.trail_enabled

import data.assay.lib

trails := lib.resources(["logging.trail"])

in_scope contains r.uid if some r in trails

deny contains lib.finding_on_prop(r, msg, "enabled", false) if {
	some r in trails
	r.props.enabled == false
	msg := concat("", ["Trail \"", lib.fmt_s(r.name), "\" has logging turned off"])
}

deny contains lib.finding_on_prop(r, msg, "managementEvents", false) if {
	some r in trails
	r.props.managementEvents == false
	msg := concat("", ["Trail \"", lib.fmt_s(r.name), "\" records no management events"])
}
