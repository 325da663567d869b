package assay.rules.identity.password_not_required_test

import data.assay.rules.identity.password_not_required as rule

ad_account(name, type, props) := {
	"uid": concat(":", ["ad:assay.test", name]),
	"kind": "identity.user",
	"provider": "ad",
	"nativeType": type,
	"name": name,
	"location": {"domain": "assay.test"},
	"props": object.union({"accountType": type, "enabled": true}, props),
}

batch(users) := {"kinds": {"identity.user": users}}

test_user_without_required_password_fails if {
	rule.deny == {{
		"uid": "ad:assay.test:kiosk",
		"message": "Account \"kiosk\" is allowed to have no password (password not required)",
		"evidence": {"property": "passwordNotRequired", "value": true, "defaulted": false},
	}} with input as batch([ad_account("kiosk", "user", {"passwordNotRequired": true})])
}

test_computer_accounts_are_checked_too if {
	{f.uid | some f in rule.deny} == {"ad:assay.test:PRESTAGED$"} with input as batch([ad_account("PRESTAGED$", "computer", {"passwordNotRequired": true})])
}

test_required_passwords_pass_and_disabled_accounts_are_out_of_scope if {
	users := [
		ad_account("alice", "user", {"passwordNotRequired": false}),
		ad_account("old", "user", {"enabled": false, "passwordNotRequired": true}),
	]
	rule.in_scope == {"ad:assay.test:alice"} with input as batch(users)
	rule.deny == set() with input as batch(users)
}

test_unread_flag_on_an_ad_account_fails if {
	u := object.union(ad_account("bob", "user", {}), {"props": {}})
	rule.deny == {{
		"uid": "ad:assay.test:bob",
		"message": "Account \"bob\": whether it requires a password was not read (userAccountControl unknown)",
		"evidence": {"property": "passwordNotRequired", "value": null, "defaulted": false},
	}} with input as batch([u])
}

test_cloud_users_without_the_flag_are_out_of_scope if {
	iac := {"uid": "aws_iam_user.deploy", "kind": "identity.user", "provider": "aws", "name": "deploy", "props": {"consoleAccess": true}}
	rule.in_scope == set() with input as batch([iac])
	rule.deny == set() with input as batch([iac])
}
