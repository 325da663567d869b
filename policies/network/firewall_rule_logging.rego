# METADATA
# title: Device firewall rules that permit traffic log it
# description: >-
#   Fails for every enabled, reachable allow rule of a device rulebase whose `logging` is false:
#   Cisco ACL entries without the `log`/`log-input` keyword, iptables rules not preceded by a LOG
#   rule with the same match, nftables rules without a `log` statement, PAN-OS rules with
#   `log-end` and `log-start` set to no. Without a record of permitted connections an incident
#   cannot be traced through the firewall. Rules whose logging the source does not state (no
#   `logging` field) are not judged; deny rules are not required to log.
#   Rulebases in no use (an ACL bound to no interface, a chain nothing jumps to) are not judged.
# custom:
#   id: network.firewall_rule_logging
#   severity: low
#   kinds: [network.firewall]
#   decides:
#     - firstMatch
#     - attachedTo
#     - binding
#     - rules[].action
#     - rules[].logging
#     - rules[].enabled
#     - rules[].shadowedBy
#   remediation: >-
#     Log the traffic each permit rule admits: add `log` to the Cisco ACL entry, a `-j LOG` rule
#     with the same match before the iptables ACCEPT (or `log` in the nftables rule), and set
#     `log-end yes` on the PAN-OS security rule, with the logs sent to central log storage.
package assay.rules.network.firewall_rule_logging

import data.assay.lib

in_scope contains r.uid if {
	some r in lib.resources(["network.firewall"])
	lib.firewall_device(r)
}

deny contains lib.finding_for_item(r, message, concat("", ["rules.", lib.fmt_d(i), ".logging"]), false, fr) if {
	some r in lib.resources(["network.firewall"])
	lib.firewall_device(r)
	some i, fr in r.props.rules
	fr.action == "allow"
	fr.logging == false
	lib.firewall_rule_active(fr)
	message := concat("", [
		"Firewall \"", lib.fmt_s(r.name), "\" ", lib.fmt_s(lib.firewall_device_rule_label(fr, i)),
		" permits traffic without logging it",
	])
}
