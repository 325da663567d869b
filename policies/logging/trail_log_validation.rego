# METADATA
# title: Audit trails validate log file integrity
# description: >-
#   Checks that audit trails write digest files that prove their log files were not changed or
#   deleted after delivery (CloudTrail log file validation), which auditors rely on.
#   `logFileValidation: false` fails. An absent value fails for AWS trails, with a message saying
#   none is declared (CloudTrail does not validate unless asked). Trails of other providers are in
#   scope only when the source states the setting, since Azure has no equivalent trail setting
#   (immutability is configured on the destination storage).
# custom:
#   id: logging.trail_log_validation
#   severity: medium
#   kinds: [logging.trail]
#   decides:
#     - logFileValidation
#   remediation: >-
#     Terraform (aws): `enable_log_file_validation = true` on `aws_cloudtrail`. CloudFormation:
#     `EnableLogFileValidation: true` on `AWS::CloudTrail::Trail`. Azure: send the activity log
#     to a storage account container with an immutability (WORM) policy.
package assay.rules.logging.trail_log_validation

import data.assay.lib

trails := lib.resources(["logging.trail"])

in_scope contains r.uid if {
	some r in trails
	applies(r)
}

deny contains lib.finding_on_prop(r, msg, "logFileValidation", false) if {
	some r in trails
	r.props.logFileValidation == false
	msg := concat("", ["Trail \"", lib.fmt_s(r.name), "\" has log file validation disabled"])
}

deny contains lib.finding(r, msg, "logFileValidation", null) if {
	some r in trails
	r.provider == "aws"
	not declares_validation(r)
	msg := concat("", ["Trail \"", lib.fmt_s(r.name), "\" declares no log file validation"])
}

declares_validation(r) if is_boolean(r.props.logFileValidation)

applies(r) if r.provider == "aws"

applies(r) if declares_validation(r)
