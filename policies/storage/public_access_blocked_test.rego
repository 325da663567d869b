package assay.rules.storage.public_access_blocked_test

import data.assay.rules.storage.public_access_blocked as rule

bucket(name, provider, public) := {
	"uid": concat(":", ["tf", name]), "kind": "storage.bucket", "provider": provider,
	"nativeType": "aws_s3_bucket", "name": name, "location": {"file": "main.tf", "line": 1},
	"props": {"publicAccess": public},
}

container(name, props) := {
	"uid": concat(":", ["arm", name]), "kind": "storage.container", "provider": "azure",
	"nativeType": "Microsoft.Storage/storageAccounts/blobServices/containers", "name": name,
	"location": {"file": "azuredeploy.json", "line": 20}, "props": props,
}

messages(inp) := m if {
	m := {f.message | some f in rule.deny} with input as inp
}

test_private_bucket_with_all_guards_passes if {
	inp := {"kinds": {"storage.bucket": [bucket("private", "aws", {
		"aclPublic": false, "policyPublic": false, "blockPublicAcls": true,
		"ignorePublicAcls": true, "blockPublicPolicy": true, "restrictPublicBuckets": true,
	})]}}
	rule.deny == set() with input as inp
	rule.in_scope == {"tf:private"} with input as inp
}

test_public_acl_fails if {
	rule.deny == {{
		"uid": "tf:site",
		"message": "Bucket \"site\" grants public access through its ACL, and public ACLs are not ignored",
		"evidence": {"property": "publicAccess.aclPublic", "value": true, "defaulted": false},
	}} with input as {"kinds": {"storage.bucket": [bucket("site", "aws", {"aclPublic": true, "blockPublicAcls": true})]}}
}

test_public_acl_ignored_passes if {
	rule.deny == set() with input as {"kinds": {"storage.bucket": [bucket("site", "aws", {"aclPublic": true, "ignorePublicAcls": true})]}}
}

test_public_policy_fails_unless_restricted if {
	messages({"kinds": {"storage.bucket": [bucket("pol", "aws", {"policyPublic": true, "blockPublicPolicy": true})]}}) == {"Bucket \"pol\" has a bucket policy that allows public access, and public buckets are not restricted"}
	messages({"kinds": {"storage.bucket": [bucket("pol", "aws", {"policyPublic": true, "restrictPublicBuckets": true})]}}) == set()
}

test_acl_and_policy_both_reported if {
	count(rule.deny) == 2 with input as {"kinds": {"storage.bucket": [bucket("both", "aws", {"aclPublic": true, "policyPublic": true})]}}
}

test_guards_off_without_exposure_pass if {
	rule.deny == set() with input as {"kinds": {"storage.bucket": [bucket("g", "aws", {"blockPublicAcls": false, "blockPublicPolicy": false})]}}
}

test_absent_public_access_passes if {
	b := object.remove(bucket("bare", "aws", {}), ["props"])
	inp := {"kinds": {"storage.bucket": [object.union(b, {"props": {}})]}}
	rule.deny == set() with input as inp
	rule.in_scope == {"tf:bare"} with input as inp
}

test_azure_account_allowing_anonymous_access_fails_on_its_line if {
	b := object.union(bucket("acct", "azure", {"anonymousAccessAllowed": true}), {"propLines": {"publicAccess": 12}, "defaulted": ["publicAccess.anonymousAccessAllowed"]})
	rule.deny == {{
		"uid": "tf:acct",
		"message": "Bucket \"acct\" allows anonymous public access to its containers",
		"evidence": {"property": "publicAccess.anonymousAccessAllowed", "value": true, "defaulted": true},
		"line": 12,
	}} with input as {"kinds": {"storage.bucket": [b]}}
}

test_public_containers_fail_private_pass if {
	inp := {"kinds": {"storage.container": [
		container("blobs", {"anonymousAccess": "blob"}),
		container("listing", {"anonymousAccess": "container"}),
		container("private", {"anonymousAccess": "none"}),
		container("unstated", {}),
	]}}
	rule.in_scope == {"arm:blobs", "arm:listing", "arm:private", "arm:unstated"} with input as inp
	messages(inp) == {
		"Container \"blobs\" allows anonymous read access (level \"blob\")",
		"Container \"listing\" allows anonymous read access (level \"container\")",
	}
	{f.uid | some f in rule.deny} == {"arm:blobs", "arm:listing"} with input as inp
}
