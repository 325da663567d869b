package assay.rules.network.firewall_shadowed_rule_test

import data.assay.rules.network.firewall_shadowed_rule as rule

acl(rules) := {"kinds": {"network.firewall": [{
	"uid": "fw:acl", "kind": "network.firewall", "provider": "cisco", "name": "IN",
	"props": {"firstMatch": true, "attachedTo": ["interface Gi0/0 in"], "direction": "ingress", "rules": rules},
}]}}

shadowed := {
	"direction": "ingress", "action": "allow", "protocol": "icmp", "ports": [],
	"sources": ["0.0.0.0/0"], "priority": 2, "line": 7, "text": "permit icmp any any",
	"shadowedBy": {"priority": 1, "reason": "rule 1 matches every packet rule 2 matches"},
}

test_shadowed_rule_fails_with_the_reasoning if {
	findings := rule.deny with input as acl([shadowed])
	[f] := [f | some f in findings]
	f.message == "Firewall \"IN\" rule 2 (permit icmp any any) allow can never match: rule 1 matches every packet rule 2 matches"
	f.line == 7
	f.evidence.property == "rules.0.shadowedBy"
}

test_reachable_rule_passes if count(rule.deny) == 0 with input as acl([object.remove(shadowed, ["shadowedBy"])])

test_disabled_rule_passes if count(rule.deny) == 0 with input as acl([object.union(shadowed, {"enabled": false})])

test_device_rulebases_are_in_scope if rule.in_scope == {"fw:acl"} with input as acl([shadowed])
