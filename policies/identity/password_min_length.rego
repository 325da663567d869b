# METADATA
# title: Password policies require at least 12 characters
# description: >-
#   Fails when a password policy (AWS account policy, AD domain policy or fine-grained PSO, Linux
#   pwquality/login.defs, Windows security policy) sets a minimum length below 12 characters, as
#   PCI DSS v4.0.1 requirement 8.3.6 asks. Absent minLength fails: no minimum is declared, and the
#   defaults (AWS 8, AD 7, Linux 8 or less) are all below 12. Short passwords fall quickly to
#   guessing and offline cracking.
# custom:
#   id: identity.password_min_length
#   severity: medium
#   kinds: [identity.password_policy]
#   decides:
#     - minLength
#   remediation: >-
#     Set the minimum length to 12 or more. Terraform aws_iam_account_password_policy:
#     minimum_password_length = 12 (CLI: aws iam update-account-password-policy
#     --minimum-password-length 12). Active Directory: Default Domain Policy "Minimum password
#     length" 12, or msDS-MinimumPasswordLength on the PSO (values above 14 need the
#     "Relax minimum password length limits" setting). Linux: minlen = 12 in
#     /etc/security/pwquality.conf. Windows: secpol "Minimum password length".
package assay.rules.identity.password_min_length

import data.assay.lib

# Deliberate difference from KICS: "IAM Password Without Minimum Length" expects 14 (the CIS
# AWS benchmark); this rule follows PCI DSS v4.0.1 8.3.6, which requires 12.

min_length := 12

in_scope contains r.uid if some r in lib.resources(["identity.password_policy"])

deny contains lib.finding(r, message, "minLength", r.props.minLength) if {
	some r in lib.resources(["identity.password_policy"])
	r.props.minLength < min_length
	message := concat("", [
		"Password policy \"", lib.fmt_s(r.name), "\" allows passwords of ",
		lib.fmt_d(r.props.minLength), " characters (minimum required: ", lib.fmt_d(min_length), ")",
	])
}

deny contains lib.finding(r, message, "minLength", null) if {
	some r in lib.resources(["identity.password_policy"])
	object.get(r.props, "minLength", null) == null
	message := concat("", [
		"Password policy \"", lib.fmt_s(r.name),
		"\" declares no minimum password length (minimum required: ", lib.fmt_d(min_length), ")",
	])
}
