# METADATA
# title: Device firewall rules are reachable (no rule is shadowed by an earlier one)
# description: >-
#   Fails for every rule of a device rulebase (first match wins) that can never match because an
#   earlier enabled rule of the same direction matches every packet it matches: the earlier rule's
#   protocol, source and destination addresses and ports each cover this rule's, and the earlier
#   rule has no condition the model cannot compare (interface, connection state, negation) and no
#   unresolved object. The collector computes this over CIDR containment and port ranges and
#   records the covering rule and its reasoning in the rule's `shadowedBy`; the finding repeats it.
#   A shadowed allow after a deny means traffic someone meant to permit is dropped; a shadowed
#   deny after an allow means traffic someone meant to block passes; either way the rulebase does
#   not do what it says. Disabled rules are not reported.
#   Rulebases in no use (an ACL bound to no interface, a chain nothing jumps to) are not judged.
# custom:
#   id: network.firewall_shadowed_rule
#   severity: medium
#   kinds: [network.firewall]
#   decides:
#     - firstMatch
#     - attachedTo
#     - binding
#     - rules[].shadowedBy
#     - rules[].enabled
#   remediation: >-
#     Reorder the rules so the narrower rule comes before the broader one, or delete the rule that
#     never matches. Review the rulebase after each change (PCI DSS 1.2.7 asks for a review every
#     six months).
package assay.rules.network.firewall_shadowed_rule

import data.assay.lib

in_scope contains r.uid if {
	some r in lib.resources(["network.firewall"])
	lib.firewall_device(r)
}

deny contains lib.finding_for_item(r, message, concat("", ["rules.", lib.fmt_d(i), ".shadowedBy"]), fr.shadowedBy, fr) if {
	some r in lib.resources(["network.firewall"])
	lib.firewall_device(r)
	some i, fr in r.props.rules
	object.get(fr, "enabled", true) != false
	is_object(fr.shadowedBy)
	message := concat("", [
		"Firewall \"", lib.fmt_s(r.name), "\" ", lib.fmt_s(lib.firewall_device_rule_label(fr, i)),
		" ", lib.fmt_s(fr.action), " can never match: ", lib.fmt_s(fr.shadowedBy.reason),
	])
}
