# METADATA
# title: User accounts with service principal names have recent passwords and no privileges
# description: >-
#   Looks at enabled user accounts (accountType user or not stated) that have at least one
#   servicePrincipalName. Any domain user can request a service ticket for such an account and
#   crack its password offline (Kerberoasting); machine accounts are out of scope because their
#   random passwords rotate automatically. Fails when the password is more than 365 days old
#   (passwordAgeDays; absent fails as unknown), or when the account is privileged (a member of a
#   privileged group or adminCount 1), where cracking it gives domain control whatever the
#   password's age. The 365-day threshold is the longest interval we consider defensible for PCI
#   DSS 8.6.3 (periodic change of system account passwords, frequency set by the entity's risk
#   analysis): it bounds how long a captured ticket remains worth cracking. Accounts of the krbtgt
#   kind are disabled and left to identity.krbtgt_password_age.
# custom:
#   id: identity.kerberoastable_accounts
#   severity: high
#   kinds: [identity.user]
#   decides:
#     - servicePrincipalNames
#     - passwordAgeDays
#     - privileged
#     - enabled
#     - accountType
#   remediation: >-
#     Move services to group Managed Service Accounts (gMSA), whose 120-character passwords
#     rotate automatically. Otherwise give the account a random password of 25+ characters,
#     change it at least yearly, enable AES and disable RC4 for it (msDS-SupportedEncryptionTypes),
#     and take it out of privileged groups (a service rarely needs Domain Admins). Remove SPNs
#     that no longer serve anything (setspn -D).
package assay.rules.identity.kerberoastable_accounts

import data.assay.lib

max_password_age_days := 365

in_scope contains r.uid if some r in service_accounts

service_accounts := [r |
	some r in lib.resources(["identity.user"])
	object.get(r.props, "enabled", true) != false
	object.get(r.props, "accountType", "user") == "user"
	count(object.get(r.props, "servicePrincipalNames", [])) > 0
]

deny contains lib.finding(r, message, "privileged", true) if {
	some r in service_accounts
	r.props.privileged == true
	message := concat("", [
		"Privileged account \"", lib.fmt_s(r.name), "\" has service principal names (",
		lib.fmt_s(concat(", ", r.props.servicePrincipalNames)),
		"), so its password can be cracked offline by any domain user",
	])
}

deny contains lib.finding(r, message, "passwordAgeDays", r.props.passwordAgeDays) if {
	some r in service_accounts
	not r.props.privileged == true
	r.props.passwordAgeDays > max_password_age_days
	message := concat("", [
		"Account \"", lib.fmt_s(r.name), "\" has service principal names and a password set ",
		lib.fmt_d(r.props.passwordAgeDays), " days ago (maximum allowed: ",
		lib.fmt_d(max_password_age_days), ")",
	])
}

deny contains lib.finding(r, message, "passwordAgeDays", null) if {
	some r in service_accounts
	not r.props.privileged == true
	object.get(r.props, "passwordAgeDays", null) == null
	message := concat("", ["Account \"", lib.fmt_s(r.name), "\" has service principal names and the age of its password is not known"])
}
