# METADATA
# title: The krbtgt account's password was changed within 180 days
# description: >-
#   Looks at Active Directory krbtgt accounts (provider ad, name krbtgt, and krbtgt_<number> of
#   read-only domain controllers) and fails when passwordAgeDays exceeds 180, or is not known.
#   The krbtgt key signs every Kerberos ticket of the domain: whoever obtained it (from a backup,
#   a compromised domain controller or a former administrator) can forge tickets for any
#   account ("golden tickets") until the password has been changed twice. Changing it every 180
#   days bounds that window. No standard sets the interval; assessment tools use anything from
#   40 days to a year, and 180 is a middle that a yearly audit sees enforced twice. The accounts are disabled by design, so the enabled flag is not read.
# custom:
#   id: identity.krbtgt_password_age
#   severity: high
#   kinds: [identity.user]
#   decides:
#     - passwordAgeDays
#   remediation: >-
#     Reset the krbtgt password twice, waiting at least the maximum ticket lifetime (10 hours by
#     default) and full replication between the two resets, for example with Microsoft's
#     New-KrbtgtKeys.ps1 script; then schedule it every 180 days or less. Do it at once after
#     any suspected domain compromise.
package assay.rules.identity.krbtgt_password_age

import data.assay.lib

max_age_days := 180

in_scope contains r.uid if some r in krbtgt_accounts

krbtgt_accounts := [r |
	some r in lib.resources(["identity.user"])
	r.provider == "ad"
	is_krbtgt(lower(r.name))
]

is_krbtgt(name) if name == "krbtgt"

# Each read-only domain controller has its own krbtgt_<number> account.
is_krbtgt(name) if regex.match(`^krbtgt_[0-9]+$`, name)

deny contains lib.finding(r, message, "passwordAgeDays", r.props.passwordAgeDays) if {
	some r in krbtgt_accounts
	r.props.passwordAgeDays > max_age_days
	message := concat("", [
		"The ", lib.fmt_s(r.name), " password was last changed ",
		lib.fmt_d(r.props.passwordAgeDays), " days ago (maximum allowed: ", lib.fmt_d(max_age_days),
		")",
	])
}

deny contains lib.finding(r, message, "passwordAgeDays", null) if {
	some r in krbtgt_accounts
	object.get(r.props, "passwordAgeDays", null) == null
	message := concat("", ["The ", lib.fmt_s(r.name), " password age is not known (maximum allowed: ", lib.fmt_d(max_age_days), " days)"])
}
