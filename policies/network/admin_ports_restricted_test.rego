package assay.rules.network.admin_ports_restricted_test

import data.assay.rules.network.admin_ports_restricted as rule

fw(name, rules) := {
	"uid": concat(":", ["fw", name]),
	"kind": "network.firewall",
	"provider": "aws",
	"name": name,
	"props": {"rules": rules},
}

batch(firewalls) := {"kinds": {"network.firewall": firewalls}}

tcp_in(port_from, port_to, sources) := {
	"direction": "ingress", "action": "allow", "protocol": "tcp",
	"ports": [{"from": port_from, "to": port_to}], "sources": sources,
}

messages(findings) := {f.message | some f in findings}

test_ssh_from_ipv4_internet_fails if {
	r := object.union(tcp_in(22, 22, ["10.0.0.0/8", "0.0.0.0/0"]), {"name": "ssh", "line": 12})
	findings := rule.deny with input as batch([fw("web", [r])])
	findings == {{
		"uid": "fw:web",
		"message": "Firewall \"web\" rule \"ssh\" allows SSH (tcp/22) from 0.0.0.0/0",
		"evidence": {"property": "rules.0.sources", "value": ["10.0.0.0/8", "0.0.0.0/0"], "defaulted": false},
		"line": 12,
	}}
	rule.in_scope == {"fw:web"} with input as batch([fw("web", [r])])
}

test_rdp_from_ipv6_internet_in_a_range_fails if {
	r := tcp_in(3000, 4000, ["::/0"])
	messages(rule.deny) == {"Firewall \"web\" rule #2 allows RDP (tcp/3389) from ::/0"} with input as batch([fw("web", [tcp_in(443, 443, ["0.0.0.0/0"]), r])])
}

test_port_range_containing_both_ports_fails_twice if {
	r := tcp_in(1, 65535, ["0.0.0.0/0", "::/0"])
	messages(rule.deny) == {
		"Firewall \"db\" rule #1 allows SSH (tcp/22), Telnet (tcp/23), RDP (tcp/3389), VNC (tcp/5900), WinRM (tcp/5985), WinRM over HTTPS (tcp/5986) from 0.0.0.0/0, ::/0",
	} with input as batch([fw("db", [r])])
}

test_protocol_all_without_ports_fails if {
	r := {"direction": "ingress", "action": "allow", "protocol": "all", "ports": [], "sources": ["0.0.0.0/0"]}
	count(rule.deny) == 1 with input as batch([fw("any", [r])])
}

test_every_internet_tag_fails if {
	tags := ["*", "Internet", "internet", "Any", "0.0.0.0", "::/0", " 0.0.0.0/0 ", "1.0.0.0/0"]
	fails := {tag |
		some tag in tags
		r := {"direction": "ingress", "action": "allow", "protocol": "*", "ports": [{"from": 22, "to": 22}], "sources": [tag], "priority": 100}
		messages(rule.deny) == {sprintf("Firewall \"nsg\" rule 100 allows SSH (tcp/22) from %s", [tag])} with input as batch([fw("nsg", [r])])
	}
	count(fails) == count(tags)
}

test_restricted_sources_pass if {
	rules := [
		tcp_in(22, 22, ["10.0.0.0/8", "VirtualNetwork"]),
		tcp_in(3389, 3389, ["203.0.113.0/24"]),
		tcp_in(0, 65535, ["192.168.0.0/16"]),
	]
	count(rule.deny) == 0 with input as batch([fw("private", rules)])
	rule.in_scope == {"fw:private"} with input as batch([fw("private", rules)])
}

test_udp_egress_and_deny_rules_pass if {
	rules := [
		{"direction": "ingress", "action": "allow", "protocol": "udp", "ports": [{"from": 22, "to": 3389}], "sources": ["0.0.0.0/0"]},
		object.union(tcp_in(22, 22, ["0.0.0.0/0"]), {"direction": "egress"}),
		object.union(tcp_in(22, 22, ["0.0.0.0/0"]), {"action": "deny"}),
		tcp_in(24, 3388, ["0.0.0.0/0"]),
		{"direction": "ingress", "action": "allow", "protocol": "icmp", "ports": [], "sources": ["0.0.0.0/0"]},
	]
	count(rule.deny) == 0 with input as batch([fw("edge", rules)])
}

test_firewall_without_rules_is_in_scope_and_passes if {
	r := {"uid": "fw:empty", "kind": "network.firewall", "provider": "azure", "name": "empty", "props": {}}
	rule.in_scope == {"fw:empty"} with input as batch([r])
	count(rule.deny) == 0 with input as batch([r])
}

# Azure NSG: a deny from the internet on 22 evaluated first (priority 100) shadows the allow (200).
test_earlier_deny_shadows_allow if {
	deny_ssh := {"direction": "ingress", "action": "deny", "protocol": "*", "ports": [{"from": 22, "to": 22}], "sources": ["*"], "destinations": ["*"], "priority": 100}
	allow := {"direction": "ingress", "action": "allow", "protocol": "tcp", "ports": [{"from": 21, "to": 22}], "sources": ["Internet"], "priority": 200}
	count(rule.deny) == 0 with input as batch([fw("nsg", [allow, deny_ssh])])
}

test_later_or_narrower_deny_does_not_shadow if {
	allow := {"direction": "ingress", "action": "allow", "protocol": "tcp", "ports": [{"from": 22, "to": 22}], "sources": ["Internet"], "destinations": ["10.0.0.4"], "priority": 200}
	later := {"direction": "ingress", "action": "deny", "protocol": "tcp", "ports": [{"from": 22, "to": 22}], "sources": ["*"], "priority": 300}
	other_source := {"direction": "ingress", "action": "deny", "protocol": "tcp", "ports": [{"from": 22, "to": 22}], "sources": ["0.0.0.0/0"], "priority": 100}
	other_dest := {"direction": "ingress", "action": "deny", "protocol": "tcp", "ports": [{"from": 22, "to": 22}], "sources": ["internet"], "destinations": ["10.0.0.5"], "priority": 100}
	udp_only := {"direction": "ingress", "action": "deny", "protocol": "udp", "ports": [{"from": 22, "to": 22}], "sources": ["*"], "priority": 100}
	count(rule.deny) == 1 with input as batch([fw("nsg", [allow, later, other_source, other_dest, udp_only])])
}

test_deny_with_same_source_and_destination_shadows if {
	allow := {"direction": "ingress", "action": "allow", "protocol": "tcp", "ports": [{"from": 22, "to": 22}], "sources": ["Internet"], "destinations": ["10.0.0.4"], "priority": 200}
	deny_it := {"direction": "ingress", "action": "deny", "protocol": "tcp", "ports": [{"from": 22, "to": 22}], "sources": ["internet"], "destinations": ["10.0.0.4"], "priority": 100}
	count(rule.deny) == 0 with input as batch([fw("nsg", [allow, deny_it])])
}

test_defaulted_sources_are_flagged if {
	r := object.union(fw("web", [tcp_in(22, 22, ["0.0.0.0/0"])]), {"defaulted": ["rules.0.sources"]})
	some f in rule.deny with input as batch([r])
	f.evidence.defaulted == true
	not f.line
}

test_telnet_over_tcp_fails_udp_passes if {
	messages(rule.deny) == {"Firewall \"legacy\" rule #1 allows Telnet (tcp/23) from 0.0.0.0/0"} with input as batch([fw("legacy", [tcp_in(23, 23, ["0.0.0.0/0"])])])
	udp := object.union(tcp_in(23, 23, ["0.0.0.0/0"]), {"protocol": "udp"})
	rule.deny == set() with input as batch([fw("legacy", [udp])])
}

# A network ACL (first match by rule number): SSH denied at 90 before 100 allows everything else.
# The egress allow of everything is not ingress. Unnamed rules are named by their number.
test_network_acl_deny_before_allow_and_egress if {
	acl := object.union(fw("acl", []), {"props": {"firstMatch": true, "attachedTo": ["subnet-1"], "defaultIngressAction": "deny", "rules": [
		{"direction": "ingress", "action": "deny", "protocol": "tcp", "ports": [{"from": 22, "to": 22}], "sources": ["0.0.0.0/0"], "priority": 90},
		{"direction": "ingress", "action": "allow", "protocol": "all", "ports": [{"from": 0, "to": 65535}], "sources": ["0.0.0.0/0"], "priority": 100},
		{"direction": "egress", "action": "allow", "protocol": "all", "ports": [{"from": 0, "to": 65535}], "sources": [], "destinations": ["0.0.0.0/0"], "priority": 100},
	]}})
	messages(rule.deny) == {"Firewall \"acl\" rule 100 allows Telnet (tcp/23), RDP (tcp/3389), VNC (tcp/5900), WinRM (tcp/5985), WinRM over HTTPS (tcp/5986) from 0.0.0.0/0"} with input as batch([acl])
}
