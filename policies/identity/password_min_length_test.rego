package assay.rules.identity.password_min_length_test

import data.assay.rules.identity.password_min_length as rule

pp(name, props) := {"uid": concat(":", ["pp", name]), "kind": "identity.password_policy", "provider": "aws", "name": name, "props": props}

batch(policies) := {"kinds": {"identity.password_policy": policies}}

test_short_minimum_fails if {
	rule.deny == {{
		"uid": "pp:account",
		"message": "Password policy \"account\" allows passwords of 8 characters (minimum required: 12)",
		"evidence": {"property": "minLength", "value": 8, "defaulted": false},
	}} with input as batch([pp("account", {"minLength": 8})])
}

test_eleven_fails_twelve_and_more_pass if {
	policies := [pp("eleven", {"minLength": 11}), pp("twelve", {"minLength": 12}), pp("fourteen", {"minLength": 14})]
	{f.uid | some f in rule.deny} == {"pp:eleven"} with input as batch(policies)
	rule.in_scope == {"pp:eleven", "pp:twelve", "pp:fourteen"} with input as batch(policies)
}

test_absent_minimum_fails if {
	rule.deny == {{
		"uid": "pp:domain",
		"message": "Password policy \"domain\" declares no minimum password length (minimum required: 12)",
		"evidence": {"property": "minLength", "value": null, "defaulted": false},
	}} with input as batch([pp("domain", {"scope": "domain", "historySize": 24})])
}

test_defaulted_minimum_is_reported if {
	p := object.union(pp("account", {"minLength": 6}), {"defaulted": ["minLength"]})
	some f in rule.deny with input as batch([p])
	f.evidence == {"property": "minLength", "value": 6, "defaulted": true}
}
