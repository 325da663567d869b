package assay.rules.storage.public_access_block_enabled_test

import data.assay.rules.storage.public_access_block_enabled as rule

bucket(name, public_access) := {
	"uid": concat(":", ["tf", name]), "kind": "storage.bucket", "provider": "aws",
	"nativeType": "aws_s3_bucket", "name": name, "location": {"file": "main.tf", "line": 1},
	"props": {"publicAccess": public_access},
}

batch(resources) := {"kinds": {"storage.bucket": resources}}

all_on := {"blockPublicAcls": true, "ignorePublicAcls": true, "blockPublicPolicy": true, "restrictPublicBuckets": true}

test_all_four_on_passes if {
	inp := batch([bucket("locked", all_on)])
	rule.deny == set() with input as inp
	rule.in_scope == {"tf:locked"} with input as inp
}

test_defaulted_on_passes if {
	b := object.union(bucket("new", all_on), {"defaulted": ["publicAccess.blockPublicAcls"]})
	rule.deny == set() with input as batch([b])
}

test_settings_off_are_named_in_one_finding_on_the_first_line if {
	b := object.union(
		bucket("half", {"blockPublicAcls": true, "ignorePublicAcls": false, "blockPublicPolicy": true, "restrictPublicBuckets": false}),
		{"propLines": {"publicAccess.ignorePublicAcls": 12, "publicAccess.restrictPublicBuckets": 14}},
	)
	rule.deny == {{
		"uid": "tf:half",
		"message": "Bucket \"half\" has S3 Block Public Access IgnorePublicAcls, RestrictPublicBuckets off",
		"evidence": {"property": "publicAccess.ignorePublicAcls", "value": false, "defaulted": false},
		"line": 12,
	}} with input as batch([b])
}

test_all_off_config_item_marked_defaulted if {
	off := {"blockPublicAcls": false, "ignorePublicAcls": false, "blockPublicPolicy": false, "restrictPublicBuckets": false}
	b := object.union(bucket("old", off), {"defaulted": ["publicAccess.blockPublicAcls", "publicAccess.ignorePublicAcls"]})
	[f.evidence | some f in rule.deny] == [{"property": "publicAccess.blockPublicAcls", "value": false, "defaulted": true}] with input as batch([b])
}

test_absent_settings_fail_as_not_stated if {
	rule.deny == {{
		"uid": "tf:bare",
		"message": "Bucket \"bare\" does not state S3 Block Public Access BlockPublicPolicy, RestrictPublicBuckets",
		"evidence": {"property": "publicAccess.blockPublicPolicy", "value": null, "defaulted": false},
	}} with input as batch([bucket("bare", {"blockPublicAcls": true, "ignorePublicAcls": true})])
}

test_a_setting_off_wins_over_one_absent if {
	inp := batch([bucket("mixed", {"blockPublicAcls": false, "ignorePublicAcls": true})])
	[f.message | some f in rule.deny] == ["Bucket \"mixed\" has S3 Block Public Access BlockPublicAcls off"] with input as inp
}

test_bucket_without_public_access_props_is_not_stated if {
	b := object.remove(bucket("nothing", {}), ["props"])
	inp := batch([object.union(b, {"props": {}})])
	count(rule.deny) == 1 with input as inp
}

test_azure_accounts_out_of_scope if {
	az := object.union(bucket("sa", {"anonymousAccessAllowed": false}), {"provider": "azure", "uid": "azure:sa"})
	inp := batch([az])
	rule.in_scope == set() with input as inp
	rule.deny == set() with input as inp
}
