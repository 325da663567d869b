# METADATA
# title: Accounts do not store passwords with reversible encryption
# description: >-
#   Looks at user and computer accounts, enabled or not, and fails when reversibleEncryption is
#   true (AD ENCRYPTED_TEXT_PWD_ALLOWED): the domain then keeps a decryptable copy of the
#   password, which anyone who can read the directory database or replicate it recovers in
#   clear. Disabled accounts are included because the stored secret stays readable and the
#   account can be re-enabled. Accounts from Active Directory whose flag was not read
#   (userAccountControl unreadable) fail as unknown; accounts from sources without the flag are
#   out of scope. The domain-wide "Store passwords using reversible encryption" setting is not
#   in the model and not checked here.
# custom:
#   id: identity.reversible_password_encryption
#   severity: high
#   kinds: [identity.user]
#   decides:
#     - reversibleEncryption
#   remediation: >-
#     Clear "Store password using reversible encryption" on the account (PowerShell:
#     Set-ADUser NAME -AllowReversiblePasswordEncryption $false), then have the password changed:
#     the decryptable copy is only removed at the next change. Also make sure the Default Domain
#     Policy and PSOs leave reversible encryption disabled.
package assay.rules.identity.reversible_password_encryption

import data.assay.lib

in_scope contains r.uid if some r in accounts

accounts := [r |
	some r in lib.resources(["identity.user"])
	has_flag(r)
]

has_flag(r) if object.get(r.props, "reversibleEncryption", null) != null

has_flag(r) if r.provider == "ad"

deny contains lib.finding(r, message, "reversibleEncryption", true) if {
	some r in accounts
	r.props.reversibleEncryption == true
	message := concat("", ["Account \"", lib.fmt_s(r.name), "\" stores its password with reversible encryption"])
}

deny contains lib.finding(r, message, "reversibleEncryption", null) if {
	some r in accounts
	object.get(r.props, "reversibleEncryption", null) == null
	message := concat("", [
		"Account \"", lib.fmt_s(r.name),
		"\": whether its password is stored with reversible encryption was not read (userAccountControl unknown)",
	])
}
