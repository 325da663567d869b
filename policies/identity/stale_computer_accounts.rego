# METADATA
# title: Computer accounts unused for more than 90 days are disabled
# description: >-
#   Looks at enabled computer accounts (accountType computer) that are not domain controllers
#   (isDomainController true excludes; not stated counts as not a domain controller) and fails
#   when the last logon is more than 90 days ago, or when the account never logged on and was
#   created more than 90 days ago. A domain member that is switched on changes its machine
#   password every 30 days and refreshes lastLogonTimestamp, which AD replicates with a lag of 9
#   to 14 days, so a computer unseen for 90 days has almost certainly been retired, reimaged or
#   lost; its account still authenticates to the domain for whoever holds the machine password.
#   When the days since the last logon, or the age of a never-used account, are not known, the
#   account fails as unknown. Disabled accounts are out of scope, and so are domain controllers:
#   retiring one is a demotion and metadata clean-up, not an account clean-up. Computers
#   declared without sign-in history (neither from Active Directory nor with daysSinceLastLogon,
#   neverLoggedOn or lastLogon) are out of scope.
# custom:
#   id: identity.stale_computer_accounts
#   severity: medium
#   kinds: [identity.user]
#   decides:
#     - daysSinceLastLogon
#     - neverLoggedOn
#     - accountAgeDays
#     - enabled
#     - accountType
#     - isDomainController
#   remediation: >-
#     Confirm with the asset inventory that the computer is gone, then disable its account and
#     move it to a holding OU; delete it after a grace period. Active Directory:
#     Search-ADAccount -AccountInactive -TimeSpan 90.00:00:00 -ComputersOnly lists them, and
#     Disable-ADAccount disables them. Make removing the computer account a step of the
#     process that retires or reimages a device.
package assay.rules.identity.stale_computer_accounts

import data.assay.lib

max_inactive_days := 90

in_scope contains r.uid if some r in computers

computers := [r |
	some r in lib.resources(["identity.user"])
	object.get(r.props, "accountType", null) == "computer"
	object.get(r.props, "enabled", true) != false
	object.get(r.props, "isDomainController", false) != true
	records_sign_in(r)
]

records_sign_in(r) if r.provider == "ad"

records_sign_in(r) if {
	some prop in ["daysSinceLastLogon", "neverLoggedOn", "lastLogon"]
	object.get(r.props, prop, null) != null
}

never_logged_on(r) if r.props.neverLoggedOn == true

deny contains lib.finding(r, message, "daysSinceLastLogon", r.props.daysSinceLastLogon) if {
	some r in computers
	not never_logged_on(r)
	r.props.daysSinceLastLogon > max_inactive_days
	message := concat("", [
		"Computer \"", lib.fmt_s(r.name), "\" last logged on ",
		lib.fmt_d(r.props.daysSinceLastLogon), " days ago (maximum allowed: ",
		lib.fmt_d(max_inactive_days), ")",
	])
}

deny contains lib.finding(r, message, "daysSinceLastLogon", null) if {
	some r in computers
	not never_logged_on(r)
	object.get(r.props, "daysSinceLastLogon", null) == null
	message := concat("", ["Computer \"", lib.fmt_s(r.name), "\": when it last logged on is not known"])
}

deny contains lib.finding(r, message, "accountAgeDays", r.props.accountAgeDays) if {
	some r in computers
	never_logged_on(r)
	r.props.accountAgeDays > max_inactive_days
	message := concat("", [
		"Computer \"", lib.fmt_s(r.name), "\" has never logged on and was created ",
		lib.fmt_d(r.props.accountAgeDays), " days ago (maximum allowed: ",
		lib.fmt_d(max_inactive_days), ")",
	])
}

deny contains lib.finding(r, message, "accountAgeDays", null) if {
	some r in computers
	never_logged_on(r)
	object.get(r.props, "accountAgeDays", null) == null
	message := concat("", ["Computer \"", lib.fmt_s(r.name), "\" has never logged on and its creation date is not known"])
}
