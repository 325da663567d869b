package assay.rules.identity.inactive_accounts_test

import data.assay.rules.identity.inactive_accounts as rule

ad_user(name, props) := {
	"uid": concat(":", ["ad:assay.test", name]),
	"kind": "identity.user",
	"provider": "ad",
	"nativeType": "user",
	"name": name,
	"location": {"domain": "assay.test"},
	"props": object.union({"accountType": "user", "enabled": true}, props),
}

batch(users) := {"kinds": {"identity.user": users}}

test_account_unused_for_91_days_fails if {
	rule.deny == {{
		"uid": "ad:assay.test:stale",
		"message": "Account \"stale\" last logged on 91 days ago (maximum allowed: 90)",
		"evidence": {"property": "daysSinceLastLogon", "value": 91, "defaulted": false},
	}} with input as batch([ad_user("stale", {"daysSinceLastLogon": 91, "neverLoggedOn": false, "accountAgeDays": 400})])
}

test_never_used_old_account_fails if {
	rule.deny == {{
		"uid": "ad:assay.test:unused",
		"message": "Account \"unused\" has never logged on and was created 120 days ago (maximum allowed: 90)",
		"evidence": {"property": "accountAgeDays", "value": 120, "defaulted": false},
	}} with input as batch([ad_user("unused", {"neverLoggedOn": true, "accountAgeDays": 120})])
}

test_recent_accounts_pass_and_disabled_or_computers_are_out_of_scope if {
	users := [
		ad_user("active", {"daysSinceLastLogon": 90, "neverLoggedOn": false}),
		ad_user("new-hire", {"neverLoggedOn": true, "accountAgeDays": 10}),
		ad_user("left", {"enabled": false, "daysSinceLastLogon": 400}),
		ad_user("WS01$", {"accountType": "computer", "daysSinceLastLogon": 400}),
	]
	rule.in_scope == {"ad:assay.test:active", "ad:assay.test:new-hire"} with input as batch(users)
	rule.deny == set() with input as batch(users)
}

test_unknown_last_logon_fails if {
	rule.deny == {{
		"uid": "ad:assay.test:bob",
		"message": "Account \"bob\": when it last logged on is not known",
		"evidence": {"property": "daysSinceLastLogon", "value": null, "defaulted": false},
	}} with input as batch([ad_user("bob", {"accountAgeDays": 300})])
}

test_unknown_age_of_never_used_account_fails if {
	rule.deny == {{
		"uid": "ad:assay.test:carol",
		"message": "Account \"carol\" has never logged on and its creation date is not known",
		"evidence": {"property": "accountAgeDays", "value": null, "defaulted": false},
	}} with input as batch([ad_user("carol", {"neverLoggedOn": true})])
}

test_cloud_users_with_sign_in_data_are_checked_and_iac_users_are_not if {
	cloud := {"uid": "arn:aws:iam::1:user/ci", "kind": "identity.user", "provider": "aws", "name": "ci", "props": {"daysSinceLastLogon": 200}}
	iac := {"uid": "aws_iam_user.deploy", "kind": "identity.user", "provider": "aws", "name": "deploy", "props": {"consoleAccess": true}}
	rule.in_scope == {"arn:aws:iam::1:user/ci"} with input as batch([cloud, iac])
	{f.uid | some f in rule.deny} == {"arn:aws:iam::1:user/ci"} with input as batch([cloud, iac])
}
