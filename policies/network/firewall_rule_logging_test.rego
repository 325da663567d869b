package assay.rules.network.firewall_rule_logging_test

import data.assay.rules.network.firewall_rule_logging as rule

acl(rules) := {"kinds": {"network.firewall": [{
	"uid": "fw:acl", "kind": "network.firewall", "provider": "cisco", "name": "IN",
	"props": {"firstMatch": true, "attachedTo": ["interface Gi0/0 in"], "direction": "ingress", "rules": rules},
}]}}

permit(logging) := {
	"name": "web", "direction": "ingress", "action": "allow", "protocol": "tcp",
	"ports": [{"from": 443, "to": 443}], "sources": ["0.0.0.0/0"], "priority": 1, "logging": logging,
}

test_permit_without_logging_fails if {
	findings := rule.deny with input as acl([permit(false)])
	{f.message | some f in findings} == {"Firewall \"IN\" rule 1 \"web\" permits traffic without logging it"}
}

test_logged_permit_passes if count(rule.deny) == 0 with input as acl([permit(true)])

test_unstated_logging_is_not_judged if count(rule.deny) == 0 with input as acl([object.remove(permit(false), ["logging"])])

test_deny_without_logging_passes if count(rule.deny) == 0 with input as acl([object.union(permit(false), {"action": "deny"})])

test_device_rulebases_are_in_scope if rule.in_scope == {"fw:acl"} with input as acl([permit(true)])
