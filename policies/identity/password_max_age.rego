# METADATA
# title: Password policies expire passwords within 90 days
# description: >-
#   Fails when a password policy lets passwords live longer than 90 days (maxAgeDays > 90), never
#   expires them (maxAgeDays 0), or declares no maximum age (absent: AWS, and Linux with its
#   99999-day default, never expire passwords), following PCI DSS v4.0.1 requirement 8.3.9. PCI
#   DSS accepts instead a dynamic analysis of account security posture or MFA on every access;
#   where that is in place, record a waiver rather than change the policy.
# custom:
#   id: identity.password_max_age
#   severity: medium
#   kinds: [identity.password_policy]
#   decides:
#     - maxAgeDays
#   remediation: >-
#     Set a maximum password age of 90 days or less. Terraform aws_iam_account_password_policy:
#     max_password_age = 90. Active Directory: "Maximum password age" in the Default Domain
#     Policy, or msDS-MaximumPasswordAge on the PSO. Linux: PASS_MAX_DAYS 90 in /etc/login.defs
#     (and chage -M 90 for existing users). Windows: secpol "Maximum password age".
package assay.rules.identity.password_max_age

import data.assay.lib

max_age := 90

in_scope contains r.uid if some r in lib.resources(["identity.password_policy"])

deny contains lib.finding(r, message, "maxAgeDays", r.props.maxAgeDays) if {
	some r in lib.resources(["identity.password_policy"])
	r.props.maxAgeDays > max_age
	message := concat("", [
		"Password policy \"", lib.fmt_s(r.name), "\" keeps passwords for ",
		lib.fmt_d(r.props.maxAgeDays), " days (maximum allowed: ", lib.fmt_d(max_age), ")",
	])
}

deny contains lib.finding(r, message, "maxAgeDays", 0) if {
	some r in lib.resources(["identity.password_policy"])
	r.props.maxAgeDays == 0
	message := concat("", [
		"Password policy \"", lib.fmt_s(r.name), "\" never expires passwords (maximum allowed: ",
		lib.fmt_d(max_age), " days)",
	])
}

deny contains lib.finding(r, message, "maxAgeDays", null) if {
	some r in lib.resources(["identity.password_policy"])
	object.get(r.props, "maxAgeDays", null) == null
	message := concat("", [
		"Password policy \"", lib.fmt_s(r.name),
		"\" declares no maximum password age, so passwords never expire (maximum allowed: ",
		lib.fmt_d(max_age), " days)",
	])
}
