package assay.rules.iam.no_service_wildcard_actions_test

import data.assay.rules.iam.no_service_wildcard_actions as rule

policy(name, props) := {"uid": concat(":", ["policy", name]), "kind": "iam.policy", "provider": "aws", "name": name, "props": props}

batch(policies) := {"kinds": {"iam.policy": policies}}

test_service_wildcard_fails_on_the_statement_line if {
	st := {"effect": "Allow", "actions": ["s3:GetObject", "s3:*"], "resources": ["arn:aws:s3:::data/*"], "line": 7}
	p := policy("app", {"statements": [st], "managedBy": "customer"})
	rule.deny == {{
		"uid": "policy:app",
		"message": "IAM policy \"app\" statement #1 allows every action of a service: \"s3:*\"",
		"evidence": {"property": "statements.0.actions", "value": ["s3:GetObject", "s3:*"], "defaulted": false},
		"line": 7,
	}} with input as batch([p])
	rule.in_scope == {"policy:app"} with input as batch([p])
}

test_full_wildcards_and_conditions_still_fail if {
	st := {"effect": "Allow", "actions": ["*", "IAM:*"], "resources": ["*"], "hasCondition": true}
	p := policy("inline", {"statements": [st], "managedBy": "inline"})
	[f.message | some f in rule.deny] == ["IAM policy \"inline\" statement #1 allows every action of a service: \"*\", \"IAM:*\""] with input as batch([p])
}

test_not_action_allow_fails if {
	st := {"effect": "Allow", "notActions": ["iam:*", "organizations:*"], "resources": ["*"]}
	[f.evidence.property | some f in rule.deny] == ["statements.0.notActions"] with input as batch([policy("power", {"statements": [st]})])
}

test_named_and_partial_actions_and_wildcard_resources_pass if {
	statements := [
		{"effect": "Allow", "actions": ["ec2:Describe*", "s3:Get*"], "resources": ["*"]},
		{"effect": "Allow", "actions": ["s3:PutObject"], "resources": ["arn:aws:s3:::b/*"]},
		{"effect": "Deny", "actions": ["s3:*"], "resources": ["*"]},
		{"effect": "Deny", "notActions": ["iam:*"], "resources": ["*"]},
	]
	inp := batch([policy("scoped", {"statements": statements, "managedBy": "customer"})])
	rule.deny == set() with input as inp
	rule.in_scope == {"policy:scoped"} with input as inp
}

test_resource_policy_statements_are_not_judged if {
	key_policy := {"effect": "Allow", "actions": ["kms:*"], "resources": ["*"], "principals": ["arn:aws:iam::111122223333:root"]}
	inp := batch([policy("key", {"statements": [key_policy]})])
	rule.deny == set() with input as inp
	rule.in_scope == set() with input as inp
}

test_aws_managed_and_azure_out_of_scope if {
	admin := {"effect": "Allow", "actions": ["*"], "resources": ["*"]}
	managed := policy("AdministratorAccess", {"statements": [admin], "managedBy": "provider", "attachedTo": ["role/x"]})
	azure := object.union(policy("role", {"statements": [admin], "managedBy": "customer"}), {"provider": "azure"})
	inp := batch([managed, azure])
	rule.in_scope == set() with input as inp
	rule.deny == set() with input as inp
}

test_empty_policy_in_scope_and_passes if {
	inp := batch([policy("empty", {"statements": []})])
	rule.in_scope == {"policy:empty"} with input as inp
	rule.deny == set() with input as inp
}

test_wildcard_in_the_middle_is_not_service_wide if {
	st := {"effect": "Allow", "actions": ["s3:*Object", "*:GetObject"], "resources": ["*"]}
	rule.deny == set() with input as batch([policy("odd", {"statements": [st]})])
}
