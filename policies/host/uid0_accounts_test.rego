package assay.rules.host.uid0_accounts_test

import data.assay.rules.host.uid0_accounts as rule

user(name, uid) := {"uid": concat(":", ["linux:web:user", name]), "kind": "identity.user", "provider": "linux", "name": name, "location": {"host": "web"}, "props": {"uid": uid}}

batch(users) := {"kinds": {"identity.user": users}}

test_root_alone_passes if {
	rule.deny == set() with input as batch([user("root", 0), user("alice", 1000)])
	count(rule.in_scope) == 2 with input as batch([user("root", 0), user("alice", 1000)])
}

test_second_uid0_fails if {
	[f.uid | some f in rule.deny] == ["linux:web:user:toor"] with input as batch([user("root", 0), user("toor", 0)])
}

test_ad_users_out_of_scope if {
	ad := {"uid": "ad:x", "kind": "identity.user", "provider": "ad", "name": "x", "location": {}, "props": {}}
	rule.in_scope == set() with input as batch([ad])
}
