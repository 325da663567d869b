# METADATA
# title: Device firewalls deny inbound traffic that no rule allows
# description: >-
#   Fails for an ingress device rulebase (an iptables/nftables base chain on the input, forward or
#   prerouting hook, an ACL bound inbound, a security rulebase) when traffic no rule names is
#   let through: either an enabled, reachable rule permits every packet (protocol all, any source,
#   any destination, no condition), so everything earlier rules did not deny passes; or no rule
#   denies every packet and the default action is accept or not stated (an unknown default never
#   passes). Cisco ACLs end with the documented implicit deny and PAN-OS rulebases with the
#   interzone default deny, so they fail only through a permit-everything rule. User chains
#   (iptables/nftables chains reached by a jump) return to their caller and are not judged.
#   Rulebases in no use (an ACL bound to no interface, a chain nothing jumps to) are not judged.
# custom:
#   id: network.firewall_default_deny
#   severity: high
#   kinds: [network.firewall]
#   decides:
#     - firstMatch
#     - attachedTo
#     - binding
#     - direction
#     - defaultIngressAction
#     - rules[].action
#     - rules[].protocol
#     - rules[].sources
#     - rules[].destinations
#     - rules[].conditions
#     - rules[].unresolved
#     - rules[].enabled
#     - rules[].shadowedBy
#   remediation: >-
#     End the rulebase with a deny of everything, or set the default: iptables `-P INPUT DROP`
#     (and FORWARD on a router), nftables `policy drop;` on the base chain; remove a final
#     `permit ip any any` from a Cisco ACL and an allow-all rule from a PAN-OS rulebase.
package assay.rules.network.firewall_default_deny

import data.assay.lib

judged := [r |
	some r in lib.resources(["network.firewall"])
	lib.firewall_device(r)
	r.props.direction == "ingress"
	not user_chain(r)
]

user_chain(r) if {
	some b in object.get(r.props, "binding", [])
	b.chain
	not b.hook
}

in_scope contains r.uid if some r in judged

catch_all(r, action) := [i |
	some i, fr in r.props.rules
	fr.action == action
	lib.firewall_rule_active(fr)
	lib.firewall_matches_everything(fr)
]

deny contains lib.finding_for_item(r, message, concat("", ["rules.", lib.fmt_d(i)]), fr.action, fr) if {
	some r in judged
	i := catch_all(r, "allow")[0]
	fr := r.props.rules[i]
	message := concat("", [
		"Firewall \"", lib.fmt_s(r.name), "\" has no default deny: ",
		lib.fmt_s(lib.firewall_device_rule_label(fr, i)),
		" permits every packet that earlier rules did not deny",
	])
}

deny contains lib.finding(r, message, "defaultIngressAction", default_action) if {
	some r in judged
	count(catch_all(r, "allow")) == 0
	count(catch_all(r, "deny")) == 0
	default_action := object.get(r.props, "defaultIngressAction", null)
	default_action != "deny"
	message := concat("", [
		"Firewall \"", lib.fmt_s(r.name),
		"\" has no default deny: no rule denies every packet and its default action is ",
		lib.fmt_s(default_label(default_action)),
	])
}

default_label(null) := "not stated"

default_label(a) := "accept" if a == "allow"
