# METADATA
# title: Audit trails cover every region
# description: >-
#   Checks that audit trails record activity in every region, so actions in a region nobody
#   watches still leave evidence. `multiRegion: false` fails, and so does a trail that leaves
#   out global service events (IAM, STS: who changed access) with `globalServiceEvents: false`. An absent value fails for AWS
#   trails, with a message saying none is declared (CloudTrail trails are single-region unless
#   `is_multi_region_trail` is set). Trails of other providers are in scope only when the source
#   states their coverage, since the Azure activity log is subscription-wide by design.
# custom:
#   id: logging.trail_multi_region
#   severity: medium
#   kinds: [logging.trail]
#   decides:
#     - multiRegion
#     - globalServiceEvents
#   remediation: >-
#     Terraform (aws): `is_multi_region_trail = true` and `include_global_service_events = true`
#     on `aws_cloudtrail`. CloudFormation: `IsMultiRegionTrail: true` and
#     `IncludeGlobalServiceEvents: true` on `AWS::CloudTrail::Trail`. Azure: export the
#     subscription activity log with a diagnostic setting; with the legacy log profile
#     (`azurerm_monitor_log_profile`), list every location plus "global".
package assay.rules.logging.trail_multi_region

import data.assay.lib

trails := lib.resources(["logging.trail"])

in_scope contains r.uid if {
	some r in trails
	applies(r)
}

deny contains lib.finding_on_prop(r, msg, "multiRegion", false) if {
	some r in trails
	r.props.multiRegion == false
	msg := concat("", ["Trail \"", lib.fmt_s(r.name), "\" records only its home region"])
}

deny contains lib.finding(r, msg, "multiRegion", null) if {
	some r in trails
	r.provider == "aws"
	not declares_coverage(r)
	msg := concat("", ["Trail \"", lib.fmt_s(r.name), "\" declares no multi-region coverage, so it records only its home region"])
}

deny contains lib.finding_on_prop(r, msg, "globalServiceEvents", false) if {
	some r in trails
	r.props.globalServiceEvents == false
	msg := concat("", ["Trail \"", lib.fmt_s(r.name), "\" does not record global service events (IAM, STS)"])
}

declares_coverage(r) if is_boolean(r.props.multiRegion)

applies(r) if r.provider == "aws"

applies(r) if declares_coverage(r)
