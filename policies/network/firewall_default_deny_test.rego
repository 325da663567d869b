package assay.rules.network.firewall_default_deny_test

import data.assay.rules.network.firewall_default_deny as rule

chain(props) := {"kinds": {"network.firewall": [{
	"uid": "fw:input", "kind": "network.firewall", "provider": "linux", "name": "filter/INPUT",
	"props": object.union({"firstMatch": true, "direction": "ingress", "binding": [{"table": "filter", "chain": "INPUT", "hook": "input"}]}, props),
}]}}

ssh := {
	"direction": "ingress", "action": "allow", "protocol": "tcp", "ports": [{"from": 22, "to": 22}],
	"sources": ["10.0.0.0/8"], "destinations": ["0.0.0.0/0"], "priority": 1,
}

everything(action) := {
	"direction": "ingress", "action": action, "protocol": "all", "ports": [],
	"sources": ["0.0.0.0/0"], "destinations": ["0.0.0.0/0"], "priority": 2, "line": 9,
}

messages(findings) := {f.message | some f in findings}

test_default_accept_fails if {
	messages(rule.deny) == {"Firewall \"filter/INPUT\" has no default deny: no rule denies every packet and its default action is accept"} with input as chain({"rules": [ssh], "defaultIngressAction": "allow"})
}

test_unstated_default_fails if {
	messages(rule.deny) == {"Firewall \"filter/INPUT\" has no default deny: no rule denies every packet and its default action is not stated"} with input as chain({"rules": [ssh]})
}

test_default_drop_passes if count(rule.deny) == 0 with input as chain({"rules": [ssh], "defaultIngressAction": "deny"})

test_final_deny_all_passes if count(rule.deny) == 0 with input as chain({"rules": [ssh, everything("deny")], "defaultIngressAction": "allow"})

test_final_permit_all_fails_despite_implicit_deny if {
	findings := rule.deny with input as chain({"rules": [ssh, everything("allow")], "defaultIngressAction": "deny"})
	messages(findings) == {"Firewall \"filter/INPUT\" has no default deny: rule 2 permits every packet that earlier rules did not deny"}
}

test_user_chain_and_egress_are_not_judged if {
	user := {"binding": [{"table": "filter", "chain": "SSH"}], "rules": [ssh]}
	count(rule.in_scope) == 0 with input as chain(user)
	count(rule.in_scope) == 0 with input as chain({"direction": "egress", "rules": []})
}
