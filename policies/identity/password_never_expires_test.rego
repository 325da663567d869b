package assay.rules.identity.password_never_expires_test

import data.assay.rules.identity.password_never_expires as rule

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

test_service_account_with_never_expiring_password_fails if {
	rule.deny == {{
		"uid": "ad:assay.test:svc-sql",
		"message": "Account \"svc-sql\" has a password that never expires",
		"evidence": {"property": "passwordNeverExpires", "value": true, "defaulted": false},
	}} with input as batch([ad_user("svc-sql", {"passwordNeverExpires": true, "servicePrincipalNames": ["MSSQLSvc/db1.assay.test:1433"]})])
}

test_expiring_passwords_pass_and_disabled_or_computers_are_out_of_scope if {
	users := [
		ad_user("alice", {"passwordNeverExpires": false}),
		ad_user("gone", {"enabled": false, "passwordNeverExpires": true}),
		ad_user("WS01$", {"accountType": "computer", "nativeType": "computer", "passwordNeverExpires": true}),
	]
	rule.in_scope == {"ad:assay.test:alice"} with input as batch(users)
	rule.deny == set() with input as batch(users)
}

test_unread_flag_on_an_ad_account_fails if {
	u := object.union(ad_user("bob", {}), {"props": {"groups": []}})
	rule.deny == {{
		"uid": "ad:assay.test:bob",
		"message": "Account \"bob\": whether its password expires was not read (userAccountControl unknown)",
		"evidence": {"property": "passwordNeverExpires", "value": null, "defaulted": false},
	}} with input as batch([u])
}

test_cloud_users_without_the_flag_are_out_of_scope_and_with_it_are_checked if {
	iac := {"uid": "aws_iam_user.deploy", "kind": "identity.user", "provider": "aws", "name": "deploy", "props": {"consoleAccess": true}}
	rule.in_scope == set() with input as batch([iac])
	local := {"uid": "windows:host1:admin", "kind": "identity.user", "provider": "windows", "name": "admin", "props": {"passwordNeverExpires": true}}
	{f.uid | some f in rule.deny} == {"windows:host1:admin"} with input as batch([iac, local])
}
