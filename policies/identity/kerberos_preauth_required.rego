# METADATA
# title: Accounts require Kerberos pre-authentication
# description: >-
#   Looks at enabled user and computer accounts and fails when preAuthNotRequired is true (AD
#   DONT_REQ_PREAUTH). Without pre-authentication anyone on the network can ask the domain
#   controller for a ticket response encrypted with the account's password key and crack it
#   offline (AS-REP roasting), without any credential. Disabled accounts are out of scope.
#   Accounts from Active Directory whose flag was not read (userAccountControl unreadable) fail as
#   unknown; accounts from sources without Kerberos are out of scope.
# custom:
#   id: identity.kerberos_preauth_required
#   severity: high
#   kinds: [identity.user]
#   decides:
#     - preAuthNotRequired
#     - enabled
#   remediation: >-
#     Clear "Do not require Kerberos preauthentication" on the account (PowerShell: Set-ADAccountControl
#     NAME -DoesNotRequirePreAuth $false). If an old application needs it, give the account a long
#     random password (25+ characters), keep it out of privileged groups, and record a waiver.
package assay.rules.identity.kerberos_preauth_required

import data.assay.lib

in_scope contains r.uid if some r in accounts

accounts := [r |
	some r in lib.resources(["identity.user"])
	object.get(r.props, "enabled", true) != false
	has_flag(r)
]

has_flag(r) if object.get(r.props, "preAuthNotRequired", null) != null

has_flag(r) if r.provider == "ad"

deny contains lib.finding(r, message, "preAuthNotRequired", true) if {
	some r in accounts
	r.props.preAuthNotRequired == true
	message := concat("", ["Account \"", lib.fmt_s(r.name), "\" does not require Kerberos pre-authentication (AS-REP roastable)"])
}

deny contains lib.finding(r, message, "preAuthNotRequired", null) if {
	some r in accounts
	object.get(r.props, "preAuthNotRequired", null) == null
	message := concat("", [
		"Account \"", lib.fmt_s(r.name),
		"\": whether it requires Kerberos pre-authentication was not read (userAccountControl unknown)",
	])
}
