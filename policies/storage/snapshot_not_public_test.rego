package assay.rules.storage.snapshot_not_public_test

import data.assay.rules.storage.snapshot_not_public as rule

snap(name, props) := {
	"uid": concat(":", ["s", name]), "kind": "storage.snapshot", "provider": "aws",
	"nativeType": "aws_db_snapshot", "name": name, "location": {"file": "main.tf", "line": 1}, "props": props,
}

batch(ss) := {"kinds": {"storage.snapshot": ss}}

test_private_and_shared_with_accounts_pass if {
	inp := batch([
		snap("private", {"snapshotOf": "database", "public": false, "sharedWith": []}),
		snap("shared", {"snapshotOf": "disk", "public": false, "sharedWith": ["123456789012"]}),
	])
	rule.deny == set() with input as inp
	rule.in_scope == {"s:private", "s:shared"} with input as inp
}

test_public_snapshot_fails_on_its_line if {
	s := object.union(snap("db", {"snapshotOf": "database", "public": true, "sharedWith": ["all"]}), {"propLines": {"public": 5}})
	rule.deny == {{
		"uid": "s:db",
		"message": "Snapshot \"db\" is public: any account can restore it",
		"evidence": {"property": "public", "value": true, "defaulted": false},
		"line": 5,
	}} with input as batch([s])
}

test_public_image_named_as_image if {
	s := snap("ami", {"snapshotOf": "image", "public": true})
	[f.message | some f in rule.deny] == ["Image \"ami\" is public: any account can launch it"] with input as batch([s])
}

test_unstated_sharing_never_passes if {
	s := snap("live", {"snapshotOf": "database"})
	[[f.message, f.evidence.value] | some f in rule.deny] == [["Snapshot \"live\" does not state who may restore it", null]] with input as batch([s])
}
