# METADATA
# title: Password policies prevent reuse of the last 4 passwords
# description: >-
#   Fails when a password policy remembers fewer than the last 4 passwords (historySize < 4), as
#   PCI DSS v4.0.1 requirement 8.3.7 asks. Absent historySize fails: no reuse prevention is
#   declared, and AWS and Linux prevent none by default. Without history a user can "change" an
#   exposed password back to itself.
# custom:
#   id: identity.password_history
#   severity: medium
#   kinds: [identity.password_policy]
#   decides:
#     - historySize
#   remediation: >-
#     Remember at least the last 4 passwords (CIS benchmarks suggest 24). Terraform
#     aws_iam_account_password_policy: password_reuse_prevention = 4 or more. Active Directory:
#     "Enforce password history" in the Default Domain Policy, or msDS-PasswordHistoryLength on
#     the PSO. Linux: remember=4 on pam_pwhistory (or pam_unix). Windows: secpol "Enforce
#     password history".
package assay.rules.identity.password_history

import data.assay.lib

# Deliberate difference from KICS: "Password Without Reuse Prevention" expects 24 (the CIS AWS
# benchmark); this rule follows PCI DSS v4.0.1 8.3.7, which requires 4.

min_history := 4

in_scope contains r.uid if some r in lib.resources(["identity.password_policy"])

deny contains lib.finding(r, message, "historySize", r.props.historySize) if {
	some r in lib.resources(["identity.password_policy"])
	r.props.historySize < min_history
	message := concat("", [
		"Password policy \"", lib.fmt_s(r.name), "\" remembers ", lib.fmt_d(r.props.historySize),
		" previous passwords (minimum required: ", lib.fmt_d(min_history), ")",
	])
}

deny contains lib.finding(r, message, "historySize", null) if {
	some r in lib.resources(["identity.password_policy"])
	object.get(r.props, "historySize", null) == null
	message := concat("", [
		"Password policy \"", lib.fmt_s(r.name),
		"\" declares no password history (minimum required: ", lib.fmt_d(min_history), ")",
	])
}
