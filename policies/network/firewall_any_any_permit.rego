# METADATA
# title: Device firewalls have no rule that permits any traffic from anywhere to anywhere
# description: >-
#   Fails for every enabled allow rule of a device rulebase (iptables/nftables chain, Cisco ACL,
#   PAN-OS security rulebase) that matches every packet: protocol all (ip, any), any source and
#   any destination, and no other condition (interface, connection state, user, application).
#   Such a rule lets through everything that earlier rules did not stop, so the rulebase only
#   blocks what it lists instead of allowing only what is needed. A rule shadowed by an earlier
#   rule is reported by network.firewall_shadowed_rule instead. Cloud security groups and NSGs
#   are covered by network.unrestricted_ingress.
#   Rulebases in no use (an ACL bound to no interface, a chain nothing jumps to) are not judged.
# custom:
#   id: network.firewall_any_any_permit
#   severity: high
#   kinds: [network.firewall]
#   decides:
#     - firstMatch
#     - attachedTo
#     - binding
#     - rules[].action
#     - rules[].protocol
#     - rules[].sources
#     - rules[].destinations
#     - rules[].conditions
#     - rules[].unresolved
#     - rules[].enabled
#     - rules[].shadowedBy
#   remediation: >-
#     Replace the permit-everything rule with rules for the protocols, ports and networks the
#     traffic needs, and end the rulebase with an explicit deny. Cisco: remove `permit ip any any`
#     from the ACL; iptables: remove `-A CHAIN -j ACCEPT` and set the chain policy to DROP; PAN-OS:
#     narrow the rule's source, destination, application and service.
package assay.rules.network.firewall_any_any_permit

import data.assay.lib

in_scope contains r.uid if {
	some r in lib.resources(["network.firewall"])
	lib.firewall_device(r)
}

deny contains lib.finding_for_item(r, message, concat("", ["rules.", lib.fmt_d(i)]), fr.action, fr) if {
	some r in lib.resources(["network.firewall"])
	lib.firewall_device(r)
	some i, fr in r.props.rules
	fr.action == "allow"
	lib.firewall_rule_active(fr)
	lib.firewall_matches_everything(fr)
	message := concat("", [
		"Firewall \"", lib.fmt_s(r.name), "\" ", lib.fmt_s(lib.firewall_device_rule_label(fr, i)),
		" permits every protocol from any source (", lib.fmt_s(concat(", ", fr.sources)),
		") to any destination (", lib.fmt_s(concat(", ", object.get(fr, "destinations", ["any"]))),
		"): everything earlier rules did not stop is let through",
	])
}
