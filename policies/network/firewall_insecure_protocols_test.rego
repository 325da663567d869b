package assay.rules.network.firewall_insecure_protocols_test

import data.assay.rules.network.firewall_insecure_protocols as rule

acl(rules) := {"kinds": {"network.firewall": [{
	"uid": "fw:acl", "kind": "network.firewall", "provider": "linux", "name": "filter/INPUT",
	"props": {"firstMatch": true, "attachedTo": ["interface Gi0/0 in"], "direction": "ingress", "rules": rules},
}]}}

allow(protocol, ports) := {
	"direction": "ingress", "action": "allow", "protocol": protocol, "ports": ports,
	"sources": ["10.0.0.0/8"], "priority": 1,
}

test_ftp_and_telnet_fail_in_one_finding if {
	findings := rule.deny with input as acl([allow("tcp", [{"from": 21, "to": 21}, {"from": 23, "to": 23}])])
	{f.message | some f in findings} == {"Firewall \"filter/INPUT\" rule 1 permits clear-text FTP (tcp/21), Telnet (tcp/23)"}
}

test_tftp_over_udp_fails if {
	findings := rule.deny with input as acl([allow("udp", [{"from": 69, "to": 69}])])
	count(findings) == 1
}

test_telnet_port_over_udp_passes if count(rule.deny) == 0 with input as acl([allow("udp", [{"from": 23, "to": 23}])])

test_ssh_passes if count(rule.deny) == 0 with input as acl([allow("tcp", [{"from": 22, "to": 22}])])

test_all_ports_left_to_other_rules if count(rule.deny) == 0 with input as acl([allow("tcp", [{"from": 0, "to": 65535}])])

test_deny_passes if {
	r := object.union(allow("tcp", [{"from": 23, "to": 23}]), {"action": "deny"})
	count(rule.deny) == 0 with input as acl([r])
}

test_device_rulebases_are_in_scope if rule.in_scope == {"fw:acl"} with input as acl([])

management(rules) := {"kinds": {"network.firewall": [{
	"uid": "fw:mgmt", "kind": "network.firewall", "provider": "cisco", "name": "management access",
	"nativeType": "cisco-ios management access",
	"props": {"firstMatch": true, "attachedTo": ["device management"], "direction": "ingress", "rules": rules},
}]}}

test_http_administration_fails_on_management_access if {
	findings := rule.deny with input as management([allow("tcp", [{"from": 80, "to": 80}])])
	{f.message | some f in findings} == {"Firewall \"management access\" rule 1 permits clear-text HTTP administration (tcp/80)"}
}

test_http_passes_on_a_data_plane_rulebase if count(rule.deny) == 0 with input as acl([allow("tcp", [{"from": 80, "to": 80}])])
