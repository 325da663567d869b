# METADATA
# title: Only root has user id 0
# description: >-
#   Looks at local accounts of Linux hosts (those with a numeric uid) and fails on every account
#   other than root whose uid is 0: it has every privilege of root under another name, which hides
#   who holds full control and escapes reviews of root access.
# custom:
#   id: host.uid0_accounts
#   severity: critical
#   kinds: [identity.user]
#   decides:
#     - uid
#   remediation: >-
#     Give the account its own uid (usermod -u NEW NAME) or remove it (userdel NAME); grant
#     administrators root rights through sudo instead.
package assay.rules.host.uid0_accounts

import data.assay.lib

accounts := [r |
	some r in lib.resources(["identity.user"])
	r.provider == "linux"
	is_number(r.props.uid)
]

in_scope contains r.uid if some r in accounts

deny contains lib.finding(r, message, "uid", 0) if {
	some r in accounts
	r.props.uid == 0
	r.name != "root"
	message := concat("", ["Account \"", lib.fmt_s(r.name), "\" has user id 0: it is a second root"])
}
