# METADATA
# title: User accounts do not have passwords that never expire
# description: >-
#   Looks at enabled user accounts (accountType user or not stated; machine accounts rotate their
#   own passwords and are out of scope) and fails when passwordNeverExpires is true (AD
#   DONT_EXPIRE_PASSWORD), which overrides the domain's and any PSO's maximum age. Service
#   accounts are included on purpose: their static passwords are the ones that stay unchanged
#   for years. Disabled accounts are out of scope. Accounts from Active Directory whose flag was
#   not read (userAccountControl unreadable) fail as unknown; accounts from sources that do not
#   have the flag (cloud users, whose expiry is an account-wide policy) are out of scope.
# custom:
#   id: identity.password_never_expires
#   severity: medium
#   kinds: [identity.user]
#   decides:
#     - passwordNeverExpires
#     - enabled
#     - accountType
#   remediation: >-
#     Clear "Password never expires" on the account (PowerShell: Set-ADUser NAME
#     -PasswordNeverExpires $false) and let the domain or PSO maximum age apply. For service
#     accounts, use a group Managed Service Account (gMSA, New-ADServiceAccount), whose
#     password Windows rotates automatically, or rotate the password from a vault.
package assay.rules.identity.password_never_expires

import data.assay.lib

in_scope contains r.uid if some r in accounts

# Enabled user accounts whose source has the flag; an absent `enabled` is not taken as disabled.
accounts := [r |
	some r in lib.resources(["identity.user"])
	object.get(r.props, "enabled", true) != false
	object.get(r.props, "accountType", "user") == "user"
	has_flag(r)
]

has_flag(r) if object.get(r.props, "passwordNeverExpires", null) != null

has_flag(r) if r.provider == "ad"

deny contains lib.finding(r, message, "passwordNeverExpires", true) if {
	some r in accounts
	r.props.passwordNeverExpires == true
	message := concat("", ["Account \"", lib.fmt_s(r.name), "\" has a password that never expires"])
}

deny contains lib.finding(r, message, "passwordNeverExpires", null) if {
	some r in accounts
	object.get(r.props, "passwordNeverExpires", null) == null
	message := concat("", ["Account \"", lib.fmt_s(r.name), "\": whether its password expires was not read (userAccountControl unknown)"])
}
