package assay.rules.identity.account_lockout_test

import data.assay.rules.identity.account_lockout as rule

domain(props) := {
	"uid": "ad:assay.test:domain",
	"kind": "identity.password_policy",
	"provider": "ad",
	"nativeType": "domainDNS",
	"name": "assay.test",
	"props": object.union({"scope": "domain"}, props),
}

pso(name, props) := {
	"uid": concat(":", ["ad:assay.test", name]),
	"kind": "identity.password_policy",
	"provider": "ad",
	"nativeType": "msDS-PasswordSettings",
	"name": name,
	"props": object.union({"scope": "fine-grained", "appliesTo": ["ad:assay.test:g1"], "precedence": 10}, props),
}

aws(props) := {"uid": "aws:account", "kind": "identity.password_policy", "provider": "aws", "nativeType": "aws_iam_account_password_policy", "name": "account", "props": object.union({"scope": "account"}, props)}

batch(policies) := {"kinds": {"identity.password_policy": policies}}

test_never_locking_domain_policy_fails if {
	rule.deny == {{
		"uid": "ad:assay.test:domain",
		"message": "Password policy \"assay.test\" never locks accounts after failed attempts (maximum allowed: 10 attempts)",
		"evidence": {"property": "lockoutThreshold", "value": 0, "defaulted": false},
	}} with input as batch([domain({"lockoutThreshold": 0, "lockoutDurationMinutes": 30})])
}

test_too_many_attempts_fails if {
	rule.deny == {{
		"uid": "ad:assay.test:weak-pso",
		"message": "Password policy \"weak-pso\" locks accounts after 11 failed attempts (maximum allowed: 10)",
		"evidence": {"property": "lockoutThreshold", "value": 11, "defaulted": false},
	}} with input as batch([pso("weak-pso", {"lockoutThreshold": 11, "lockoutDurationMinutes": 30})])
}

test_short_duration_fails if {
	rule.deny == {{
		"uid": "ad:assay.test:domain",
		"message": "Password policy \"assay.test\" locks accounts for 29 minutes (minimum required: 30, or until an administrator unlocks)",
		"evidence": {"property": "lockoutDurationMinutes", "value": 29, "defaulted": false},
	}} with input as batch([domain({"lockoutThreshold": 5, "lockoutDurationMinutes": 29})])
}

test_boundaries_and_admin_unlock_pass if {
	policies := [
		domain({"lockoutThreshold": 10, "lockoutDurationMinutes": 30}),
		pso("admin-unlock", {"lockoutThreshold": 1, "lockoutDurationMinutes": 0}),
		pso("strict", {"lockoutThreshold": 3, "lockoutDurationMinutes": 1440}),
	]
	rule.deny == set() with input as batch(policies)
	rule.in_scope == {"ad:assay.test:domain", "ad:assay.test:admin-unlock", "ad:assay.test:strict"} with input as batch(policies)
}

test_absent_threshold_in_a_domain_fails if {
	rule.deny == {{
		"uid": "ad:assay.test:domain",
		"message": "Password policy \"assay.test\" declares no account lockout threshold (maximum allowed: 10 attempts)",
		"evidence": {"property": "lockoutThreshold", "value": null, "defaulted": false},
	}} with input as batch([domain({"minLength": 14})])
}

test_absent_duration_with_a_threshold_fails if {
	rule.deny == {{
		"uid": "ad:assay.test:pso",
		"message": "Password policy \"pso\" declares no account lockout duration (minimum required: 30 minutes)",
		"evidence": {"property": "lockoutDurationMinutes", "value": null, "defaulted": false},
	}} with input as batch([pso("pso", {"lockoutThreshold": 5})])
}

test_never_locking_policy_needs_no_duration if {
	{f.evidence.property | some f in rule.deny} == {"lockoutThreshold"} with input as batch([domain({"lockoutThreshold": 0})])
}

test_aws_policy_without_lockout_is_out_of_scope if {
	rule.in_scope == set() with input as batch([aws({"minLength": 14})])
	rule.deny == set() with input as batch([aws({"minLength": 14})])
}

test_any_policy_stating_lockout_is_checked if {
	p := aws({"lockoutThreshold": 20, "lockoutDurationMinutes": 60})
	rule.in_scope == {"aws:account"} with input as batch([p])
	{f.uid | some f in rule.deny} == {"aws:account"} with input as batch([p])
	unscoped := {"uid": "linux:faillock", "kind": "identity.password_policy", "provider": "linux", "name": "faillock", "props": {"lockoutDurationMinutes": 10}}
	{f.evidence.property | some f in rule.deny} == {"lockoutThreshold"} with input as batch([unscoped])
}

test_host_policy_without_lockout_fails if {
	host := {"uid": "linux:login.defs", "kind": "identity.password_policy", "provider": "linux", "name": "login.defs", "props": {"scope": "host", "maxAgeDays": 90}}
	{f.evidence.property | some f in rule.deny} == {"lockoutThreshold"} with input as batch([host])
}

test_defaulted_threshold_is_reported if {
	p := object.union(domain({"lockoutThreshold": 0}), {"defaulted": ["lockoutThreshold"]})
	some f in rule.deny with input as batch([p])
	f.evidence.defaulted
}
