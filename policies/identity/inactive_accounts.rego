# METADATA
# title: User accounts inactive for more than 90 days are disabled
# description: >-
#   Looks at enabled user accounts (accountType user or not stated; machine accounts are out of
#   scope) whose source records sign-in activity (daysSinceLastLogon, neverLoggedOn or
#   lastLogon), and all enabled Active Directory user accounts. Fails when the last logon is
#   more than 90 days ago, or when the account never logged on and was created more than 90 days
#   ago, as PCI DSS v4.0.1 requirement 8.2.6 asks. When the days since the last logon, or the age
#   of a never-used account, are not known, the account fails as unknown. Disabled accounts are
#   out of scope. AD's lastLogonTimestamp is replicated only every 9 to 14 days, so an account
#   reported at 91 to 104 days may have signed in a little more recently. Users declared in
#   infrastructure-as-code have no sign-in history and are out of scope.
# custom:
#   id: identity.inactive_accounts
#   severity: medium
#   kinds: [identity.user]
#   decides:
#     - daysSinceLastLogon
#     - neverLoggedOn
#     - accountAgeDays
#     - enabled
#     - accountType
#   remediation: >-
#     Disable (then, after review, delete) accounts unused for 90 days. Active Directory:
#     Search-ADAccount -AccountInactive -TimeSpan 90.00:00:00 -UsersOnly | Disable-ADAccount,
#     after confirming with the owners; automate it in the joiner-mover-leaver process. AWS:
#     remove the console password and deactivate the access keys of IAM users unused for 90 days.
package assay.rules.identity.inactive_accounts

import data.assay.lib

max_inactive_days := 90

in_scope contains r.uid if some r in accounts

accounts := [r |
	some r in lib.resources(["identity.user"])
	object.get(r.props, "enabled", true) != false
	object.get(r.props, "accountType", "user") == "user"
	records_sign_in(r)
]

records_sign_in(r) if r.provider == "ad"

records_sign_in(r) if {
	some prop in ["daysSinceLastLogon", "neverLoggedOn", "lastLogon"]
	object.get(r.props, prop, null) != null
}

never_logged_on(r) if r.props.neverLoggedOn == true

deny contains lib.finding(r, message, "daysSinceLastLogon", r.props.daysSinceLastLogon) if {
	some r in accounts
	not never_logged_on(r)
	r.props.daysSinceLastLogon > max_inactive_days
	message := concat("", [
		"Account \"", lib.fmt_s(r.name), "\" last logged on ",
		lib.fmt_d(r.props.daysSinceLastLogon), " days ago (maximum allowed: ",
		lib.fmt_d(max_inactive_days), ")",
	])
}

deny contains lib.finding(r, message, "daysSinceLastLogon", null) if {
	some r in accounts
	not never_logged_on(r)
	object.get(r.props, "daysSinceLastLogon", null) == null
	message := concat("", ["Account \"", lib.fmt_s(r.name), "\": when it last logged on is not known"])
}

deny contains lib.finding(r, message, "accountAgeDays", r.props.accountAgeDays) if {
	some r in accounts
	never_logged_on(r)
	r.props.accountAgeDays > max_inactive_days
	message := concat("", [
		"Account \"", lib.fmt_s(r.name), "\" has never logged on and was created ",
		lib.fmt_d(r.props.accountAgeDays), " days ago (maximum allowed: ",
		lib.fmt_d(max_inactive_days), ")",
	])
}

deny contains lib.finding(r, message, "accountAgeDays", null) if {
	some r in accounts
	never_logged_on(r)
	object.get(r.props, "accountAgeDays", null) == null
	message := concat("", ["Account \"", lib.fmt_s(r.name), "\" has never logged on and its creation date is not known"])
}
