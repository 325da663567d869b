package assay.rules.identity.reversible_password_encryption_test

import data.assay.rules.identity.reversible_password_encryption as rule

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

test_reversible_encryption_fails if {
	rule.deny == {{
		"uid": "ad:assay.test:radius",
		"message": "Account \"radius\" stores its password with reversible encryption",
		"evidence": {"property": "reversibleEncryption", "value": true, "defaulted": false},
	}} with input as batch([ad_user("radius", {"reversibleEncryption": true})])
}

test_disabled_accounts_still_fail if {
	{f.uid | some f in rule.deny} == {"ad:assay.test:old"} with input as batch([ad_user("old", {"enabled": false, "reversibleEncryption": true})])
}

test_hashed_passwords_pass if {
	users := [ad_user("alice", {"reversibleEncryption": false})]
	rule.in_scope == {"ad:assay.test:alice"} with input as batch(users)
	rule.deny == set() with input as batch(users)
}

test_unread_flag_on_an_ad_account_fails if {
	u := object.union(ad_user("bob", {}), {"props": {}})
	rule.deny == {{
		"uid": "ad:assay.test:bob",
		"message": "Account \"bob\": whether its password is stored with reversible encryption was not read (userAccountControl unknown)",
		"evidence": {"property": "reversibleEncryption", "value": null, "defaulted": false},
	}} with input as batch([u])
}

test_cloud_users_without_the_flag_are_out_of_scope if {
	iac := {"uid": "aws_iam_user.deploy", "kind": "identity.user", "provider": "aws", "name": "deploy", "props": {"consoleAccess": true}}
	rule.in_scope == set() with input as batch([iac])
}
