package assay.rules.k8s.resource_limits_test

import data.assay.rules.k8s.resource_limits as rule

workload(name, kind, props) := {"uid": concat(":", ["k8s", name]), "kind": "k8s.workload", "provider": "kubernetes", "name": name, "props": object.union({"workloadKind": kind}, props)}

batch(workloads) := {"kinds": {"k8s.workload": workloads}}

messages(findings) := {f.message | some f in findings}

test_missing_limits_fail_and_name_what_is_missing if {
	w := workload("web", "Deployment", {"containers": [
		{"name": "none", "line": 10},
		{"name": "cpu-only", "limits": {"cpu": "500m"}, "requests": {"memory": "1Gi"}},
		{"name": "both", "limits": {"cpu": "1", "memory": "256Mi"}},
	]})
	rule.deny == {
		{
			"uid": "k8s:web",
			"message": "Deployment \"web\" container \"none\" sets no cpu or memory limit",
			"evidence": {"property": "containers.0.limits", "value": null, "defaulted": false},
			"line": 10,
		},
		{
			"uid": "k8s:web",
			"message": "Deployment \"web\" container \"cpu-only\" sets no memory limit",
			"evidence": {"property": "containers.1.limits", "value": {"cpu": "500m"}, "defaulted": false},
		},
	} with input as batch([w])
	rule.in_scope == {"k8s:web"} with input as batch([w])
}

test_empty_limit_value_fails if {
	w := workload("job", "CronJob", {"containers": [{"name": "init", "init": true, "limits": {"cpu": "", "memory": "64Mi"}}]})
	messages(rule.deny) == {"CronJob \"job\" init container \"init\" sets no cpu limit"} with input as batch([w])
}

test_full_limits_pass if {
	w := workload("web", "Pod", {"containers": [{"name": "a", "limits": {"cpu": "250m", "memory": "128Mi"}}]})
	rule.deny == set() with input as batch([w])
}

test_defaulted_flag_is_reported if {
	w := object.union(workload("web", "Pod", {"containers": [{"name": "a", "limits": {"cpu": "1"}}]}), {"defaulted": ["containers.0.limits"]})
	some f in rule.deny with input as batch([w])
	f.evidence.defaulted
}
