# METADATA
# title: Accounts require a password
# description: >-
#   Looks at enabled user and computer accounts and fails when passwordNotRequired is true (AD
#   PASSWD_NOTREQD): such an account may have an empty password whatever the password policy
#   says, so it can be signed in to with no authentication factor at all. Disabled accounts are
#   out of scope. Accounts from Active Directory whose flag was not read (userAccountControl
#   unreadable) fail as unknown; accounts from sources that do not have the flag are out of
#   scope.
# custom:
#   id: identity.password_not_required
#   severity: high
#   kinds: [identity.user]
#   decides:
#     - passwordNotRequired
#     - enabled
#   remediation: >-
#     Set a strong password on the account, then clear the flag (PowerShell: Set-ADUser NAME
#     -PasswordNotRequired $false; for a computer, Set-ADComputer). Find them with
#     Get-ADUser -Filter 'PasswordNotRequired -eq $true'. Accounts created by scripts or
#     provisioning tools often carry the flag: fix the tool too.
package assay.rules.identity.password_not_required

import data.assay.lib

in_scope contains r.uid if some r in accounts

accounts := [r |
	some r in lib.resources(["identity.user"])
	object.get(r.props, "enabled", true) != false
	has_flag(r)
]

has_flag(r) if object.get(r.props, "passwordNotRequired", null) != null

has_flag(r) if r.provider == "ad"

deny contains lib.finding(r, message, "passwordNotRequired", true) if {
	some r in accounts
	r.props.passwordNotRequired == true
	message := concat("", ["Account \"", lib.fmt_s(r.name), "\" is allowed to have no password (password not required)"])
}

deny contains lib.finding(r, message, "passwordNotRequired", null) if {
	some r in accounts
	object.get(r.props, "passwordNotRequired", null) == null
	message := concat("", ["Account \"", lib.fmt_s(r.name), "\": whether it requires a password was not read (userAccountControl unknown)"])
}
