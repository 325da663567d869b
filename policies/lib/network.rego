# Helpers for rules that read firewall rules (network.firewall) and for findings on one item of a
# resource (a firewall rule, a container). Functions only; names are specific to avoid clashes
# with other files of package assay.lib.
package assay.lib

# Peers that stand for any address: Azure service tags and the bare "any" address.
internet_source_tags := {"*", "any", "internet", "0.0.0.0"}

# Protocol values that mean every protocol. The model writes "all"; "*", "-1" and "any" (as Azure,
# AWS and devices write it) are accepted too, so an unnormalized value does not hide an open rule.
every_protocol := {"all", "*", "-1", "any"}

# A source admits the whole internet: a tag above or any CIDR with prefix length 0, IPv4 or
# IPv6 ("0.0.0.0/0", "::/0", and oddities such as "1.0.0.0/0" that still mean every address).
is_internet_source(src) if lower(trim_space(src)) in internet_source_tags

is_internet_source(src) if endswith(trim_space(src), "/0")

# The internet sources of a firewall rule, joined for messages (e.g. "0.0.0.0/0, ::/0").
firewall_internet_sources(fr) := concat(", ", [s | some s in object.get(fr, "sources", []); is_internet_source(s)])

firewall_protocol_covers(fr, _) if lower(fr.protocol) in every_protocol

firewall_protocol_covers(fr, protocol) if lower(fr.protocol) == protocol

# A rule covers a port when one of its ranges contains it; a rule for every protocol that
# states no ports covers them all.
firewall_covers_port(fr, port) if {
	some range in fr.ports
	range.from <= port
	port <= range.to
}

firewall_covers_port(fr, _) if {
	count(object.get(fr, "ports", [])) == 0
	lower(fr.protocol) in every_protocol
}

# Every port: one range from 0 or 1 up to 65535 (port 0 is reserved, so 1-65535 is all of them).
firewall_covers_all_ports(fr) if {
	some range in fr.ports
	range.from <= 1
	range.to >= 65535
}

firewall_covers_all_ports(fr) if {
	count(object.get(fr, "ports", [])) == 0
	lower(fr.protocol) in every_protocol
}

# An ingress rule that allows traffic from at least one internet source. Device rules that are
# disabled, shadowed by an earlier rule (which is reported instead), or that only admit replies to
# connections the host opened or loopback traffic, let nothing new in.
firewall_allows_internet(fr) if {
	fr.direction == "ingress"
	fr.action == "allow"
	firewall_internet_sources(fr) != ""
	firewall_rule_active(fr)
	not firewall_replies_or_loopback_only(fr)
}

# Device rulebases (ACLs, chains, security rulebases): ordered, first match wins, and in use:
# bound to a hook, interface or zone, or reached by a jump. An ACL bound nowhere filters no
# traffic (it may select routes), so the device rules do not judge it.
firewall_device(r) if {
	r.props.firstMatch == true
	firewall_bound(r)
}

# Every network.firewall resource but device rulebases in no use: what the exposure rules judge.
# An array, built once per batch: a set would hash each whole resource to insert it.
firewalls_in_use := [r |
	some r in resources(["network.firewall"])
	not firewall_unused_device(r)
]

firewall_unused_device(r) if {
	r.props.firstMatch == true
	not firewall_bound(r)
}

firewall_bound(r) if count(object.get(r.props, "attachedTo", [])) > 0

firewall_bound(r) if {
	some b in object.get(r.props, "binding", [])
	b.hook
}

# A rule that can match: not disabled and not shadowed by an earlier rule.
firewall_rule_active(fr) if {
	object.get(fr, "enabled", true) != false
	not fr.shadowedBy
}

# Conditions (iptables/nftables words) that confine a rule to replies or to the loopback interface.
firewall_replies_or_loopback_only(fr) if {
	some c in object.get(fr, "conditions", [])
	regex.match(`(?i)^(ctstate|state) `, c)
	not regex.match(`(?i)new|untracked|invalid`, c)
}

firewall_replies_or_loopback_only(fr) if {
	some c in object.get(fr, "conditions", [])
	c == "in-interface lo"
}

# Every peer of the list stands for any address (and the list is not empty).
firewall_any_peers(peers) if {
	count(peers) > 0
	every p in peers {
		is_internet_source(p)
	}
}

# A rule whose match is every packet: every protocol, any source, any destination, nothing else.
firewall_matches_everything(fr) if {
	lower(fr.protocol) in every_protocol
	firewall_any_peers(fr.sources)
	firewall_any_peers(object.get(fr, "destinations", ["any"]))
	count(object.get(fr, "conditions", [])) == 0
	count(object.get(fr, "unresolved", [])) == 0
}

# How a finding names a device rule: its position (first match wins) and name or text.
firewall_device_rule_label(fr, i) := concat("", ["rule ", fmt_d(object.get(fr, "priority", i + 1)), " \"", fmt_s(fr.name), "\""]) if {
	is_string(fr.name)
} else := concat("", ["rule ", fmt_d(object.get(fr, "priority", i + 1)), " (", fmt_s(fr.text), ")"]) if {
	is_string(fr.text)
} else := concat("", ["rule ", fmt_d(object.get(fr, "priority", i + 1))])

# Deny rules evaluated before `allow` (lower priority number, as in Azure NSGs and network ACLs)
# that block the same protocol for every internet source and destination `allow` admits.
# Only this simple case is honoured: a deny for a narrower source or destination does not count.
firewall_earlier_denies(rules, allow, protocol) := [d |
	some d in rules
	d.direction == "ingress"
	d.action == "deny"
	d.priority < allow.priority
	firewall_protocol_covers(d, protocol)
	firewall_deny_covers_sources(d, allow)
	firewall_deny_covers_destinations(d, allow)
]

firewall_deny_covers_sources(d, allow) if {
	uncovered := [s |
		some s in allow.sources
		is_internet_source(s)
		not firewall_deny_covers_source(d, s)
	]
	count(uncovered) == 0
}

firewall_deny_covers_source(d, _) if {
	some s in d.sources
	lower(s) in {"*", "any"}
}

firewall_deny_covers_source(d, src) if {
	some s in d.sources
	lower(trim_space(s)) == lower(trim_space(src))
}

firewall_deny_covers_destinations(d, _) if count(object.get(d, "destinations", [])) == 0

firewall_deny_covers_destinations(d, _) if {
	some s in d.destinations
	lower(s) in {"*", "any"}
}

firewall_deny_covers_destinations(d, allow) if d.destinations == object.get(allow, "destinations", [])

# The rule `fr`, which lets traffic in from the internet (firewall_allows_internet, tested once
# by the caller however many ports it asks about), lets `protocol`/`port` in and no earlier deny
# blocks it.
firewall_opens_port(rules, fr, protocol, port) if {
	firewall_covers_port(fr, port)
	firewall_protocol_covers(fr, protocol)
	not firewall_port_shadowed(rules, fr, protocol, port)
}

firewall_port_shadowed(rules, fr, protocol, port) if {
	some d in firewall_earlier_denies(rules, fr, protocol)
	firewall_covers_port(d, port)
}

# The rule `fr` lets every port of its protocol in from the internet and no earlier deny blocks it.
firewall_exposes_all_ports(rules, fr) if {
	firewall_allows_internet(fr)
	firewall_covers_all_ports(fr)
	not firewall_all_ports_shadowed(rules, fr)
}

firewall_all_ports_shadowed(rules, fr) if {
	some d in firewall_earlier_denies(rules, fr, lower(fr.protocol))
	firewall_covers_all_ports(d)
}

# How a finding names a firewall rule: its name, else its number where rules are numbered (a
# network ACL's rule number, a device rule's position), else its position in the list.
firewall_rule_label(fr, i) := concat("", ["rule \"", fmt_s(fr.name), "\""]) if {
	is_string(fr.name)
} else := concat("", ["rule ", fmt_d(fr.priority)]) if {
	is_number(fr.priority)
} else := concat("", ["rule #", fmt_d(i + 1)])

# A finding on one item of a resource (firewall rule, container, secret), at the most precise
# line known: the property's own line from propLines, else the item's line, else the resource's.
finding_for_item(r, message, property, value, item) := finding_at(r, message, property, value, line) if {
	line := object.get(r, ["propLines", property], null)
	is_number(line)
} else := finding_at(r, message, property, value, item.line) if {
	is_number(item.line)
} else := finding(r, message, property, value)
