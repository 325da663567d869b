package assay.rules.identity.kerberos_preauth_required_test

import data.assay.rules.identity.kerberos_preauth_required as rule

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

test_account_without_preauth_fails if {
	rule.deny == {{
		"uid": "ad:assay.test:legacy-app",
		"message": "Account \"legacy-app\" does not require Kerberos pre-authentication (AS-REP roastable)",
		"evidence": {"property": "preAuthNotRequired", "value": true, "defaulted": false},
	}} with input as batch([ad_user("legacy-app", {"preAuthNotRequired": true})])
}

test_preauth_required_passes_and_disabled_accounts_are_out_of_scope if {
	users := [
		ad_user("alice", {"preAuthNotRequired": false}),
		ad_user("old", {"enabled": false, "preAuthNotRequired": true}),
	]
	rule.in_scope == {"ad:assay.test:alice"} with input as batch(users)
	rule.deny == set() with input as batch(users)
}

test_absent_enabled_is_not_taken_as_disabled if {
	u := object.union(ad_user("carol", {}), {"props": {"preAuthNotRequired": true}})
	{f.uid | some f in rule.deny} == {"ad:assay.test:carol"} with input as batch([u])
}

test_unread_flag_on_an_ad_account_fails if {
	u := object.union(ad_user("bob", {}), {"props": {}})
	rule.deny == {{
		"uid": "ad:assay.test:bob",
		"message": "Account \"bob\": whether it requires Kerberos pre-authentication was not read (userAccountControl unknown)",
		"evidence": {"property": "preAuthNotRequired", "value": null, "defaulted": false},
	}} with input as batch([u])
}

test_cloud_users_without_the_flag_are_out_of_scope if {
	iac := {"uid": "aws_iam_user.deploy", "kind": "identity.user", "provider": "aws", "name": "deploy", "props": {"consoleAccess": true}}
	rule.in_scope == set() with input as batch([iac])
	rule.deny == set() with input as batch([iac])
}
