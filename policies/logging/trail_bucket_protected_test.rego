package assay.rules.logging.trail_bucket_protected_test

import data.assay.rules.logging.trail_bucket_protected as rule

trail(name, props) := {
	"uid": concat(":", ["trail", name]), "kind": "logging.trail", "provider": "aws",
	"nativeType": "aws_cloudtrail", "name": name, "location": {"file": "main.tf", "line": 1}, "props": props,
}

batch(trails) := {"kinds": {"logging.trail": trails}}

safe_bucket := {"uid": "b:logs", "publicAccess": {"blockPublicAcls": true}, "versioning": {"enabled": true}}

test_private_versioned_bucket_passes if {
	inp := batch([trail("org", {"bucket": safe_bucket})])
	rule.deny == set() with input as inp
	rule.in_scope == {"trail:org"} with input as inp
}

test_public_acl_fails_unless_ignored if {
	public := object.union(safe_bucket, {"publicAccess": {"aclPublic": true}})
	ignored := object.union(safe_bucket, {"publicAccess": {"aclPublic": true, "ignorePublicAcls": true}})
	rule.deny == {{
		"uid": "trail:a",
		"message": "Trail \"a\" delivers its logs to a bucket whose ACL grants public access (b:logs)",
		"evidence": {"property": "bucket.publicAccess.aclPublic", "value": true, "defaulted": false},
	}} with input as batch([trail("a", {"bucket": public}), trail("b", {"bucket": ignored})])
}

test_public_policy_fails_unless_restricted if {
	public := object.union(safe_bucket, {"publicAccess": {"policyPublic": true}})
	restricted := object.union(safe_bucket, {"publicAccess": {"policyPublic": true, "restrictPublicBuckets": true}})
	{f.uid | some f in rule.deny} == {"trail:a"} with input as batch([trail("a", {"bucket": public}), trail("b", {"bucket": restricted})])
}

test_unversioned_or_undeclared_versioning_fails if {
	off := object.union(safe_bucket, {"versioning": {"enabled": false}})
	none := {"uid": "b:none"}
	denies := rule.deny with input as batch([trail("off", {"bucket": off}), trail("none", {"bucket": none})])
	{[f.uid, f.evidence.value] | some f in denies} == {["trail:off", false], ["trail:none", null]}
}

test_trail_without_linked_bucket_is_in_scope_without_failing if {
	# The collector marks `bucket` unknown; the pipeline reports the trail as not evaluated.
	inp := batch([trail("lost", {"destination": "elsewhere"})])
	rule.deny == set() with input as inp
	rule.in_scope == {"trail:lost"} with input as inp
}

test_other_providers_are_out_of_scope if {
	t := object.union(trail("az", {}), {"provider": "azure"})
	rule.in_scope == set() with input as batch([t])
}
