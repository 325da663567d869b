# METADATA
# title: Users with console access use multi-factor authentication
# description: >-
#   Looks at users who can sign in interactively: consoleAccess true, and the root user of a
#   cloud account (isRoot true), which always has a password. Disabled users (enabled false) and
#   users whose console access is false or not stated (e.g. directory accounts, where MFA is not
#   an attribute of the user) are out of scope. Fails when mfaEnabled is false, or absent: no
#   MFA device is declared for the user. A password alone is defeated by phishing and reuse;
#   PCI DSS 8.4 requires MFA for access to the cardholder data environment and all
#   administrative access.
# custom:
#   id: identity.user_mfa_enabled
#   severity: high
#   kinds: [identity.user]
#   decides:
#     - mfaEnabled
#     - consoleAccess
#     - isRoot
#     - enabled
#   remediation: >-
#     Register an MFA device (virtual authenticator, FIDO2 key) for each console user and the
#     root account, or move people to IAM Identity Center / Microsoft Entra ID with MFA enforced
#     by policy. In Terraform, pair aws_iam_user_login_profile with aws_iam_virtual_mfa_device
#     (or remove the login profile for users who only need keys), and deny actions without
#     aws:MultiFactorAuthPresent. Entra ID: require MFA with a Conditional Access policy.
package assay.rules.identity.user_mfa_enabled

import data.assay.lib

# Deliberate difference from KICS: "IAM User Policy Without MFA" looks for policies that test
# aws:MultiFactorAuthPresent; this rule checks the user's MFA state itself (as resolved by the
# collector), which is what PCI DSS 8.4 asks.

in_scope contains r.uid if some r in console_users

console_users := [r |
	some r in lib.resources(["identity.user"])
	object.get(r.props, "enabled", true) != false
	can_sign_in(r.props)
]

can_sign_in(props) if props.consoleAccess == true

can_sign_in(props) if props.isRoot == true

deny contains lib.finding(r, message, "mfaEnabled", false) if {
	some r in console_users
	r.props.mfaEnabled == false
	message := concat("", ["User \"", lib.fmt_s(r.name), "\" has console access without multi-factor authentication"])
}

deny contains lib.finding(r, message, "mfaEnabled", null) if {
	some r in console_users
	object.get(r.props, "mfaEnabled", null) == null
	message := concat("", ["User \"", lib.fmt_s(r.name), "\" has console access and no MFA device is declared"])
}
