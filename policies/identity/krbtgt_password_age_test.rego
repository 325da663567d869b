package assay.rules.identity.krbtgt_password_age_test

import data.assay.rules.identity.krbtgt_password_age as rule

ad_user(name, props) := {
	"uid": concat(":", ["ad:assay.test", name]),
	"kind": "identity.user",
	"provider": "ad",
	"nativeType": "user",
	"name": name,
	"location": {"domain": "assay.test"},
	"props": object.union({"accountType": "user", "enabled": false}, props),
}

batch(users) := {"kinds": {"identity.user": users}}

test_old_krbtgt_password_fails if {
	rule.deny == {{
		"uid": "ad:assay.test:krbtgt",
		"message": "The krbtgt password was last changed 181 days ago (maximum allowed: 180)",
		"evidence": {"property": "passwordAgeDays", "value": 181, "defaulted": false},
	}} with input as batch([ad_user("krbtgt", {"passwordAgeDays": 181})])
}

test_rodc_krbtgt_accounts_are_checked if {
	users := [ad_user("krbtgt_12345", {"passwordAgeDays": 900}), ad_user("krbtgt", {"passwordAgeDays": 180})]
	rule.in_scope == {"ad:assay.test:krbtgt_12345", "ad:assay.test:krbtgt"} with input as batch(users)
	{f.uid | some f in rule.deny} == {"ad:assay.test:krbtgt_12345"} with input as batch(users)
}

test_other_accounts_are_out_of_scope if {
	users := [
		ad_user("alice", {"passwordAgeDays": 900}),
		ad_user("krbtgt_backup", {"passwordAgeDays": 900}),
		{"uid": "linux:krbtgt", "kind": "identity.user", "provider": "linux", "name": "krbtgt", "props": {"passwordAgeDays": 900}},
	]
	rule.in_scope == set() with input as batch(users)
}

test_unknown_age_fails if {
	rule.deny == {{
		"uid": "ad:assay.test:krbtgt",
		"message": "The krbtgt password age is not known (maximum allowed: 180 days)",
		"evidence": {"property": "passwordAgeDays", "value": null, "defaulted": false},
	}} with input as batch([ad_user("krbtgt", {})])
}
