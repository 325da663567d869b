package assay.rules.network.firewall_any_any_permit_test

import data.assay.rules.network.firewall_any_any_permit as rule

acl(rules) := {"kinds": {"network.firewall": [{
	"uid": "fw:acl", "kind": "network.firewall", "provider": "cisco", "name": "OUTSIDE_IN",
	"props": {"firstMatch": true, "attachedTo": ["interface Gi0/0 in"], "direction": "ingress", "rules": rules},
}]}}

any_any(action) := {
	"direction": "ingress", "action": action, "protocol": "all", "ports": [],
	"sources": ["0.0.0.0/0"], "destinations": ["0.0.0.0/0"], "priority": 3, "line": 40,
	"text": "permit ip any any",
}

test_permit_ip_any_any_fails if {
	findings := rule.deny with input as acl([any_any("allow")])
	findings == {{
		"uid": "fw:acl",
		"message": "Firewall \"OUTSIDE_IN\" rule 3 (permit ip any any) permits every protocol from any source (0.0.0.0/0) to any destination (0.0.0.0/0): everything earlier rules did not stop is let through",
		"evidence": {"property": "rules.0", "value": "allow", "defaulted": false},
		"line": 40,
	}}
}

test_deny_any_any_passes if count(rule.deny) == 0 with input as acl([any_any("deny")])

test_narrower_source_passes if {
	r := object.union(any_any("allow"), {"sources": ["10.0.0.0/8"]})
	count(rule.deny) == 0 with input as acl([r])
}

test_condition_narrows_the_rule if {
	r := object.union(any_any("allow"), {"conditions": ["ctstate RELATED,ESTABLISHED"]})
	count(rule.deny) == 0 with input as acl([r])
}

test_disabled_or_shadowed_passes if {
	count(rule.deny) == 0 with input as acl([object.union(any_any("allow"), {"enabled": false})])
	count(rule.deny) == 0 with input as acl([object.union(any_any("allow"), {"shadowedBy": {"priority": 1, "reason": "x"}})])
}

test_security_groups_are_not_in_scope if {
	sg := {"kinds": {"network.firewall": [{
		"uid": "sg", "kind": "network.firewall", "provider": "aws", "name": "sg",
		"props": {"rules": [any_any("allow")]},
	}]}}
	count(rule.deny) == 0 with input as sg
	count(rule.in_scope) == 0 with input as sg
}

test_device_rulebases_are_in_scope if rule.in_scope == {"fw:acl"} with input as acl([])

test_unbound_acls_are_not_judged if {
	unbound := {"kinds": {"network.firewall": [{
		"uid": "fw:acl", "kind": "network.firewall", "provider": "cisco", "name": "MATCH_ALL_BGP",
		"props": {"firstMatch": true, "attachedTo": [], "binding": [], "rules": [any_any("allow")]},
	}]}}
	count(rule.deny) == 0 with input as unbound
	count(rule.in_scope) == 0 with input as unbound
}
