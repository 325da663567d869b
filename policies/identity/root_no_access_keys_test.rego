package assay.rules.identity.root_no_access_keys_test

import data.assay.rules.identity.root_no_access_keys as rule

user(name, props) := {"uid": concat(":", ["user", name]), "kind": "identity.user", "provider": "aws", "name": name, "props": props}

batch(users) := {"kinds": {"identity.user": users}}

test_root_with_active_key_fails if {
	root := user("root", {"isRoot": true, "accessKeys": [{"id": "AKIAEXAMPLE", "active": true}]})
	rule.deny == {{
		"uid": "user:root",
		"message": "Root account \"root\" has 1 access key(s), 1 active",
		"evidence": {"property": "accessKeys", "value": 1, "defaulted": false},
	}} with input as batch([root])
	rule.in_scope == {"user:root"} with input as batch([root])
}

test_root_with_inactive_keys_still_fails if {
	root := user("root", {"isRoot": true, "accessKeys": [{"active": false}, {"active": false}]})
	{f.message | some f in rule.deny} == {"Root account \"root\" has 2 access key(s), 0 active"} with input as batch([root])
}

test_root_without_keys_passes if {
	users := [user("a", {"isRoot": true, "accessKeys": []}), user("b", {"isRoot": true})]
	rule.deny == set() with input as batch(users)
	rule.in_scope == {"user:a", "user:b"} with input as batch(users)
}

test_other_users_are_out_of_scope if {
	users := [user("alice", {"isRoot": false, "accessKeys": [{"active": true}]}), user("bob", {"accessKeys": [{"active": true}]})]
	rule.in_scope == set() with input as batch(users)
	rule.deny == set() with input as batch(users)
}

test_defaulted_flag_is_reported if {
	root := object.union(user("root", {"isRoot": true, "accessKeys": [{"active": true}]}), {"defaulted": ["accessKeys"]})
	some f in rule.deny with input as batch([root])
	f.evidence.defaulted
}
