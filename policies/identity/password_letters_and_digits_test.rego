package assay.rules.identity.password_letters_and_digits_test

import data.assay.rules.identity.password_letters_and_digits as rule

pp(name, props) := {"uid": concat(":", ["pp", name]), "kind": "identity.password_policy", "provider": "aws", "name": name, "props": props}

batch(policies) := {"kinds": {"identity.password_policy": policies}}

test_digits_and_a_letter_class_pass if {
	policies := [
		pp("lower", {"requireNumbers": true, "requireLowercase": true}),
		pp("upper", {"requireNumbers": true, "requireUppercase": true, "requireLowercase": false}),
	]
	rule.deny == set() with input as batch(policies)
	rule.in_scope == {"pp:lower", "pp:upper"} with input as batch(policies)
}

test_missing_digit_fails if {
	rule.deny == {{
		"uid": "pp:account",
		"message": "Password policy \"account\" does not require a digit",
		"evidence": {"property": "requireNumbers", "value": false, "defaulted": false},
	}} with input as batch([pp("account", {"requireNumbers": false, "requireUppercase": true})])
}

test_digits_only_fails_for_letters if {
	denies := rule.deny with input as batch([pp("digits", {"requireNumbers": true})])
	{f.message | some f in denies} == {"Password policy \"digits\" does not require a letter"}
}

test_unstated_classes_are_out_of_scope if {
	# A complexity switch alone (AD) or nothing at all says nothing about digits.
	policies := [pp("ad", {"complexity": true, "minLength": 14}), pp("empty", {})]
	rule.in_scope == set() with input as batch(policies)
	rule.deny == set() with input as batch(policies)
}
