package assay.rules.identity.password_history_test

import data.assay.rules.identity.password_history as rule

pp(name, props) := {"uid": concat(":", ["pp", name]), "kind": "identity.password_policy", "provider": "ad", "name": name, "props": props}

batch(policies) := {"kinds": {"identity.password_policy": policies}}

test_short_history_fails if {
	rule.deny == {{
		"uid": "pp:domain",
		"message": "Password policy \"domain\" remembers 3 previous passwords (minimum required: 4)",
		"evidence": {"property": "historySize", "value": 3, "defaulted": false},
	}} with input as batch([pp("domain", {"historySize": 3})])
}

test_zero_fails_four_and_more_pass if {
	policies := [pp("none", {"historySize": 0}), pp("four", {"historySize": 4}), pp("cis", {"historySize": 24})]
	{f.uid | some f in rule.deny} == {"pp:none"} with input as batch(policies)
	rule.in_scope == {"pp:none", "pp:four", "pp:cis"} with input as batch(policies)
}

test_absent_history_fails if {
	rule.deny == {{
		"uid": "pp:account",
		"message": "Password policy \"account\" declares no password history (minimum required: 4)",
		"evidence": {"property": "historySize", "value": null, "defaulted": false},
	}} with input as batch([pp("account", {"minLength": 14})])
}

test_defaulted_history_is_reported if {
	p := object.union(pp("host", {"historySize": 0}), {"defaulted": ["historySize"]})
	some f in rule.deny with input as batch([p])
	f.evidence.defaulted
}
