package assay.rules.iam.no_wildcard_admin_test

import data.assay.rules.iam.no_wildcard_admin as rule

policy(name, provider, props) := {"uid": concat(":", ["policy", name]), "kind": "iam.policy", "provider": provider, "name": name, "props": props}

batch(policies) := {"kinds": {"iam.policy": policies}}

admin_statement := {"effect": "Allow", "actions": ["*"], "resources": ["*"], "line": 9}

test_action_and_resource_wildcard_fails if {
	p := policy("admin", "aws", {"statements": [admin_statement], "managedBy": "customer"})
	rule.deny == {{
		"uid": "policy:admin",
		"message": "IAM policy \"admin\" statement #1 allows action \"*\" on every resource",
		"evidence": {"property": "statements.0.actions", "value": ["*"], "defaulted": false},
		"line": 9,
	}} with input as batch([p])
	rule.in_scope == {"policy:admin"} with input as batch([p])
}

test_service_wildcard_form_and_condition_still_fail if {
	st := {"effect": "Allow", "actions": ["s3:GetObject", "*:*"], "resources": ["arn:aws:s3:::a", "*"], "hasCondition": true}
	p := policy("inline", "aws", {"statements": [{"effect": "Deny", "actions": ["s3:*"], "resources": ["*"]}, st]})
	{f.message | some f in rule.deny} == {"IAM policy \"inline\" statement #2 allows action \"*:*\" on every resource"} with input as batch([p])
}

test_scoped_or_limited_statements_pass if {
	statements := [
		{"effect": "Allow", "actions": ["*"], "resources": ["arn:aws:s3:::bucket/*"]},
		{"effect": "Allow", "actions": ["ec2:*", "s3:*"], "resources": ["*"]},
		{"effect": "Deny", "actions": ["*"], "resources": ["*"]},
		{"effect": "Allow", "notActions": ["iam:*"], "resources": ["*"]},
		{"effect": "Allow", "actions": ["*"]},
	]
	rule.deny == set() with input as batch([policy("limited", "aws", {"statements": statements})])
	rule.in_scope == {"policy:limited"} with input as batch([policy("limited", "aws", {"statements": statements})])
}

test_azure_role_with_wildcard_action_fails_whatever_the_scope if {
	p := policy("owner-ish", "azure", {"statements": [{"effect": "Allow", "actions": ["*"], "resources": ["/subscriptions/0000"]}]})
	{f.message | some f in rule.deny} == {"IAM policy \"owner-ish\" statement #1 allows action \"*\" on every assignable scope"} with input as batch([p])
}

test_provider_managed_policy_only_when_attached if {
	unattached := policy("AdministratorAccess", "aws", {"statements": [admin_statement], "managedBy": "provider"})
	attached := policy("AttachedAdmin", "aws", {"statements": [admin_statement], "managedBy": "provider", "attachedTo": ["user:alice"]})
	rule.in_scope == {"policy:AttachedAdmin"} with input as batch([unattached, attached])
	{f.uid | some f in rule.deny} == {"policy:AttachedAdmin"} with input as batch([unattached, attached])
}

test_no_statements_passes if {
	rule.deny == set() with input as batch([policy("empty", "aws", {})])
	rule.in_scope == {"policy:empty"} with input as batch([policy("empty", "aws", {})])
}

test_defaulted_flag_is_reported if {
	p := object.union(policy("admin", "aws", {"statements": [admin_statement]}), {"defaulted": ["statements.0.actions"]})
	some f in rule.deny with input as batch([p])
	f.evidence.defaulted
}
