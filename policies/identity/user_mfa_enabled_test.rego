package assay.rules.identity.user_mfa_enabled_test

import data.assay.rules.identity.user_mfa_enabled as rule

user(name, props) := {"uid": concat(":", ["user", name]), "kind": "identity.user", "provider": "aws", "name": name, "props": props}

batch(users) := {"kinds": {"identity.user": users}}

test_console_user_without_mfa_fails if {
	rule.deny == {{
		"uid": "user:alice",
		"message": "User \"alice\" has console access without multi-factor authentication",
		"evidence": {"property": "mfaEnabled", "value": false, "defaulted": false},
	}} with input as batch([user("alice", {"consoleAccess": true, "mfaEnabled": false})])
}

test_console_user_with_mfa_absent_fails if {
	rule.deny == {{
		"uid": "user:bob",
		"message": "User \"bob\" has console access and no MFA device is declared",
		"evidence": {"property": "mfaEnabled", "value": null, "defaulted": false},
	}} with input as batch([user("bob", {"consoleAccess": true})])
}

test_root_is_in_scope_without_console_flag if {
	root := user("root", {"isRoot": true, "mfaEnabled": false})
	rule.in_scope == {"user:root"} with input as batch([root])
	{f.uid | some f in rule.deny} == {"user:root"} with input as batch([root])
}

test_mfa_users_pass_and_others_are_out_of_scope if {
	users := [
		user("carol", {"consoleAccess": true, "mfaEnabled": true}),
		user("svc", {"consoleAccess": false, "mfaEnabled": false}),
		user("jdoe", {"enabled": true}),
		user("gone", {"enabled": false, "consoleAccess": true, "mfaEnabled": false}),
	]
	rule.in_scope == {"user:carol"} with input as batch(users)
	rule.deny == set() with input as batch(users)
}

test_defaulted_flag_is_reported if {
	u := object.union(user("dave", {"consoleAccess": true, "mfaEnabled": false}), {"defaulted": ["mfaEnabled"]})
	some f in rule.deny with input as batch([u])
	f.evidence.defaulted
}
