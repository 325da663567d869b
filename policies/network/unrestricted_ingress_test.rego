package assay.rules.network.unrestricted_ingress_test

import data.assay.rules.network.unrestricted_ingress as rule

fw(name, rules) := {"uid": concat(":", ["fw", name]), "kind": "network.firewall", "provider": "aws", "name": name, "props": {"rules": rules}}

batch(firewalls) := {"kinds": {"network.firewall": firewalls}}

allow(protocol, ports, sources) := {"direction": "ingress", "action": "allow", "protocol": protocol, "ports": ports, "sources": sources}

messages(findings) := {f.message | some f in findings}

all_ports := [{"from": 0, "to": 65535}]

test_all_protocols_from_internet_fails if {
	r := object.union(allow("all", all_ports, ["0.0.0.0/0"]), {"name": "everything", "line": 4})
	rule.deny == {{
		"uid": "fw:web",
		"message": "Firewall \"web\" rule \"everything\" allows every protocol and port from 0.0.0.0/0",
		"evidence": {"property": "rules.0.ports", "value": all_ports, "defaulted": false},
		"line": 4,
	}} with input as batch([fw("web", [r])])
	rule.in_scope == {"fw:web"} with input as batch([fw("web", [r])])
}

test_all_tcp_ports_from_ipv6_fails if {
	messages(rule.deny) == {"Firewall \"web\" rule #1 allows every tcp port from ::/0"} with input as batch([fw("web", [allow("tcp", [{"from": 1, "to": 65535}], ["::/0"])])])
}

test_aws_minus_one_without_ports_fails if {
	r := {"direction": "ingress", "action": "allow", "protocol": "-1", "sources": ["0.0.0.0/0"]}
	rule.deny == {{
		"uid": "fw:sg",
		"message": "Firewall \"sg\" rule #1 allows every protocol and port from 0.0.0.0/0",
		"evidence": {"property": "rules.0.ports", "value": [], "defaulted": false},
	}} with input as batch([fw("sg", [r])])
}

test_azure_star_from_internet_tag_fails if {
	r := object.union(allow("*", all_ports, ["Internet"]), {"priority": 4096})
	messages(rule.deny) == {"Firewall \"nsg\" rule 4096 allows every protocol and port from Internet"} with input as batch([fw("nsg", [r])])
}

test_partial_ranges_private_sources_and_icmp_pass if {
	rules := [
		allow("tcp", [{"from": 443, "to": 443}], ["0.0.0.0/0"]),
		allow("tcp", [{"from": 1024, "to": 65535}], ["0.0.0.0/0"]),
		allow("all", all_ports, ["10.0.0.0/8"]),
		allow("icmp", all_ports, ["0.0.0.0/0"]),
		object.union(allow("all", all_ports, ["0.0.0.0/0"]), {"direction": "egress"}),
		object.union(allow("all", all_ports, ["0.0.0.0/0"]), {"action": "deny"}),
	]
	rule.deny == set() with input as batch([fw("web", rules)])
	rule.in_scope == {"fw:web"} with input as batch([fw("web", rules)])
}

test_earlier_deny_all_shadows if {
	deny_all := {"direction": "ingress", "action": "deny", "protocol": "*", "ports": all_ports, "sources": ["*"], "priority": 100}
	open := object.union(allow("tcp", all_ports, ["Internet"]), {"priority": 200})
	rule.deny == set() with input as batch([fw("nsg", [deny_all, open])])
}

test_earlier_partial_deny_does_not_shadow if {
	deny_ssh := {"direction": "ingress", "action": "deny", "protocol": "*", "ports": [{"from": 22, "to": 22}], "sources": ["*"], "priority": 100}
	deny_tcp := {"direction": "ingress", "action": "deny", "protocol": "tcp", "ports": all_ports, "sources": ["*"], "priority": 100}
	open := object.union(allow("*", all_ports, ["Internet"]), {"priority": 200})
	count(rule.deny) == 1 with input as batch([fw("nsg", [deny_ssh, deny_tcp, open])])
}

test_defaulted_flag_is_reported if {
	r := object.union(fw("sg", [allow("all", all_ports, ["0.0.0.0/0"])]), {"defaulted": ["rules.0.ports"]})
	some f in rule.deny with input as batch([r])
	f.evidence.defaulted
}

# Device rules: disabled, shadowed, reply-only and loopback-only rules let nothing new in.
test_device_rules_that_admit_nothing_new_pass if {
	open := allow("all", [], ["0.0.0.0/0"])
	count(rule.deny) == 1 with input as batch([fw("chain", [open])])
	count(rule.deny) == 0 with input as batch([fw("chain", [object.union(open, {"enabled": false})])])
	count(rule.deny) == 0 with input as batch([fw("chain", [object.union(open, {"shadowedBy": {"priority": 1, "reason": "r"}})])])
	count(rule.deny) == 0 with input as batch([fw("chain", [object.union(open, {"conditions": ["ctstate RELATED,ESTABLISHED"]})])])
	count(rule.deny) == 0 with input as batch([fw("chain", [object.union(open, {"conditions": ["in-interface lo"]})])])
	count(rule.deny) == 1 with input as batch([fw("chain", [object.union(open, {"conditions": ["ctstate NEW"]})])])
	count(rule.deny) == 1 with input as batch([fw("chain", [object.union(open, {"conditions": ["in-interface eth0"]})])])
}

test_device_acl_bound_nowhere_is_not_judged if {
	open := allow("all", [], ["0.0.0.0/0"])
	acl := {"uid": "fw:acl", "kind": "network.firewall", "provider": "cisco", "name": "MATCH_ALL", "props": {"firstMatch": true, "attachedTo": [], "rules": [open]}}
	count(rule.deny) == 0 with input as batch([acl])
	count(rule.in_scope) == 0 with input as batch([acl])
	bound := object.union(acl, {"props": {"firstMatch": true, "attachedTo": ["interface Gi0/0 in"], "rules": [open]}})
	count(rule.deny) == 1 with input as batch([bound])
}
