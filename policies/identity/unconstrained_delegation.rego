# METADATA
# title: Only domain controllers are trusted for unconstrained delegation
# description: >-
#   Looks at enabled user and computer accounts that are not domain controllers
#   (isDomainController true excludes; not stated counts as not a domain controller) and fails
#   when trustedForDelegation is true (AD TRUSTED_FOR_DELEGATION). Every user who authenticates
#   to such a host leaves a forwardable ticket-granting ticket there, so whoever controls the
#   host can act as those users, domain admins included, anywhere in the forest. Domain
#   controllers need the flag. Disabled accounts are out of scope. Accounts from Active
#   Directory whose flag was not read (userAccountControl unreadable) fail as unknown; accounts
#   from sources without Kerberos delegation are out of scope.
# custom:
#   id: identity.unconstrained_delegation
#   severity: high
#   kinds: [identity.user]
#   decides:
#     - trustedForDelegation
#     - isDomainController
#     - enabled
#   remediation: >-
#     Replace unconstrained delegation with constrained delegation to the specific services the
#     host needs (msDS-AllowedToDelegateTo) or resource-based constrained delegation, then clear
#     "Trust this computer for delegation to any service" (PowerShell: Set-ADComputer NAME
#     -TrustedForDelegation $false). Mark privileged users "Account is sensitive and cannot be
#     delegated" or add them to Protected Users.
package assay.rules.identity.unconstrained_delegation

import data.assay.lib

in_scope contains r.uid if some r in accounts

accounts := [r |
	some r in lib.resources(["identity.user"])
	object.get(r.props, "enabled", true) != false
	object.get(r.props, "isDomainController", false) != true
	has_flag(r)
]

has_flag(r) if object.get(r.props, "trustedForDelegation", null) != null

has_flag(r) if r.provider == "ad"

deny contains lib.finding(r, message, "trustedForDelegation", true) if {
	some r in accounts
	r.props.trustedForDelegation == true
	message := concat("", [
		lib.fmt_s(account_label(r)), " \"", lib.fmt_s(r.name),
		"\" is trusted for unconstrained delegation and is not a domain controller",
	])
}

deny contains lib.finding(r, message, "trustedForDelegation", null) if {
	some r in accounts
	object.get(r.props, "trustedForDelegation", null) == null
	message := concat("", [
		lib.fmt_s(account_label(r)), " \"", lib.fmt_s(r.name),
		"\": whether it is trusted for delegation was not read (userAccountControl unknown)",
	])
}

account_label(r) := "Computer" if r.props.accountType == "computer"

else := "Account"
