# METADATA
# title: The root account has no access keys
# description: >-
#   Looks at the root user of each cloud account (isRoot true) and fails when it has any access
#   key, active or not: root keys cannot be limited by IAM policies, and an inactive key can be
#   switched back on by anyone who signs in as root. Absent accessKeys passes (no key is known;
#   live collectors read the credential report, which always states them). Other users are out
#   of scope.
# custom:
#   id: identity.root_no_access_keys
#   severity: critical
#   kinds: [identity.user]
#   decides:
#     - isRoot
#     - accessKeys
#   remediation: >-
#     Sign in as the root user, open Security credentials and delete every access key; use IAM
#     roles or IAM Identity Center users for programmatic access. Never declare root keys in IaC
#     (e.g. a Terraform aws_iam_access_key with user = "root"); remove such resources.
package assay.rules.identity.root_no_access_keys

import data.assay.lib

# Deliberate difference from KICS: "Root Account Has Active Access Keys" flags only active keys;
# this rule (like CIS AWS 1.4, "no root user access key exists") flags inactive ones too.

in_scope contains r.uid if some r in root_users

root_users := [r |
	some r in lib.resources(["identity.user"])
	r.props.isRoot == true
]

deny contains lib.finding(r, message, "accessKeys", count(keys)) if {
	some r in root_users
	keys := object.get(r.props, "accessKeys", [])
	count(keys) > 0
	active := count([k | some k in keys; k.active == true])
	message := concat("", [
		"Root account \"", lib.fmt_s(r.name), "\" has ", lib.fmt_d(count(keys)), " access key(s), ",
		lib.fmt_d(active), " active",
	])
}
