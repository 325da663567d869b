package assay.rules.identity.password_max_age_test

import data.assay.rules.identity.password_max_age as rule

pp(name, props) := {"uid": concat(":", ["pp", name]), "kind": "identity.password_policy", "provider": "linux", "name": name, "props": props}

batch(policies) := {"kinds": {"identity.password_policy": policies}}

test_long_max_age_fails if {
	rule.deny == {{
		"uid": "pp:login.defs",
		"message": "Password policy \"login.defs\" keeps passwords for 99999 days (maximum allowed: 90)",
		"evidence": {"property": "maxAgeDays", "value": 99999, "defaulted": false},
	}} with input as batch([pp("login.defs", {"maxAgeDays": 99999})])
}

test_zero_means_never_expires_and_fails if {
	rule.deny == {{
		"uid": "pp:account",
		"message": "Password policy \"account\" never expires passwords (maximum allowed: 90 days)",
		"evidence": {"property": "maxAgeDays", "value": 0, "defaulted": false},
	}} with input as batch([pp("account", {"maxAgeDays": 0})])
}

test_ninety_one_fails_ninety_and_less_pass if {
	policies := [pp("p91", {"maxAgeDays": 91}), pp("p90", {"maxAgeDays": 90}), pp("p30", {"maxAgeDays": 30})]
	{f.uid | some f in rule.deny} == {"pp:p91"} with input as batch(policies)
	rule.in_scope == {"pp:p91", "pp:p90", "pp:p30"} with input as batch(policies)
}

test_absent_max_age_fails if {
	rule.deny == {{
		"uid": "pp:account",
		"message": "Password policy \"account\" declares no maximum password age, so passwords never expire (maximum allowed: 90 days)",
		"evidence": {"property": "maxAgeDays", "value": null, "defaulted": false},
	}} with input as batch([pp("account", {"minLength": 14})])
}

test_defaulted_max_age_is_reported if {
	p := object.union(pp("account", {"maxAgeDays": 0}), {"defaulted": ["maxAgeDays"]})
	some f in rule.deny with input as batch([p])
	f.evidence.defaulted
}
