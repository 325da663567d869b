# METADATA
# title: Privileged groups are small, hold no nested groups and no disabled accounts
# description: >-
#   Looks at privileged groups (privileged true: in Active Directory Domain Admins, Enterprise
#   Admins, Schema Admins, Administrators and the Account, Server, Backup and Print Operators,
#   identified by their well-known SIDs). Fails when a group has more than 5 effective members
#   (memberCount, or the effectiveMembers list when no count is given), when other groups are
#   nested in it (nestedGroups), or when disabled accounts are among its effective members
#   (disabledMembers). Five follows the usual advice to keep standing administrators to a
#   handful (Enterprise and Schema Admins empty); Administrators counts the members of Domain
#   and Enterprise Admins as well, so the limit bounds the whole admin population. Nesting hides
#   who holds the privilege and hands control of it to whoever manages the nested group. Note
#   that Administrators contains Domain Admins and Enterprise Admins by default; the model does
#   not yet tell privileged nested groups apart, so that default nesting is reported too and
#   can be waived. A group whose member count is not known fails as unknown; absent
#   nestedGroups and disabledMembers lists count as empty.
# custom:
#   id: identity.privileged_group_hygiene
#   severity: medium
#   kinds: [identity.group]
#   decides:
#     - privileged
#     - memberCount
#     - effectiveMembers
#     - nestedGroups
#     - nestedPrivilegedGroups
#     - disabledMembers
#   remediation: >-
#     Review the membership of each privileged group: remove disabled accounts and people who do
#     not need standing rights (grant them just in time instead, through a PAM tool or a
#     time-limited group membership), add users directly rather than through nested groups, keep
#     Enterprise Admins and Schema Admins empty until needed, and delegate routine tasks with
#     narrower rights instead of the built-in operator groups.
package assay.rules.identity.privileged_group_hygiene

import data.assay.lib

max_members := 5

in_scope contains r.uid if some r in privileged_groups

privileged_groups := [r |
	some r in lib.resources(["identity.group"])
	r.props.privileged == true
]

member_count(r) := r.props.memberCount if {
	is_number(r.props.memberCount)
} else := count(r.props.effectiveMembers)

deny contains lib.finding(r, message, "memberCount", n) if {
	some r in privileged_groups
	n := member_count(r)
	n > max_members
	message := concat("", [
		"Privileged group \"", lib.fmt_s(r.name), "\" has ", lib.fmt_d(n),
		" effective members (maximum allowed: ", lib.fmt_d(max_members), ")",
	])
}

deny contains lib.finding(r, message, "memberCount", null) if {
	some r in privileged_groups
	not member_count(r)
	message := concat("", [
		"Privileged group \"", lib.fmt_s(r.name),
		"\": its effective member count is not known (maximum allowed: ", lib.fmt_d(max_members),
		")",
	])
}

# A privileged group nested in another (Domain Admins in Administrators, by AD's design) adds no
# hidden member: its own members are checked as its own resource. Any other nesting does.
deny contains lib.finding(r, message, "nestedGroups", count(nested)) if {
	some r in privileged_groups
	expected := {g | some g in object.get(r.props, "nestedPrivilegedGroups", [])}
	nested := [g | some g in object.get(r.props, "nestedGroups", []); not expected[g]]
	count(nested) > 0
	message := concat("", [
		"Privileged group \"", lib.fmt_s(r.name), "\" contains ", lib.fmt_d(count(nested)),
		" nested group(s): ", lib.fmt_s(concat(", ", nested)),
	])
}

deny contains lib.finding(r, message, "disabledMembers", count(disabled)) if {
	some r in privileged_groups
	disabled := object.get(r.props, "disabledMembers", [])
	count(disabled) > 0
	message := concat("", [
		"Privileged group \"", lib.fmt_s(r.name), "\" has ", lib.fmt_d(count(disabled)),
		" disabled member(s): ", lib.fmt_s(concat(", ", disabled)),
	])
}
