package assay.rules.k8s.run_as_non_root_test

import data.assay.rules.k8s.run_as_non_root as rule

workload(name, kind, props) := {"uid": concat(":", ["k8s", name]), "kind": "k8s.workload", "provider": "kubernetes", "name": name, "props": object.union({"workloadKind": kind}, props)}

batch(workloads) := {"kinds": {"k8s.workload": workloads}}

messages(findings) := {f.message | some f in findings}

test_uid_zero_fails_even_with_run_as_non_root if {
	w := workload("web", "Deployment", {"containers": [{"name": "app", "runAsUser": 0, "runAsNonRoot": true, "line": 14}]})
	rule.deny == {{
		"uid": "k8s:web",
		"message": "Deployment \"web\" container \"app\" runs as root (runAsUser: 0)",
		"evidence": {"property": "containers.0.runAsUser", "value": 0, "defaulted": false},
		"line": 14,
	}} with input as batch([w])
}

test_absent_settings_fail if {
	w := workload("web", "Pod", {"containers": [{"name": "app"}]})
	rule.deny == {{
		"uid": "k8s:web",
		"message": "Pod \"web\" container \"app\" may run as root: neither runAsNonRoot: true nor a non-root runAsUser is set",
		"evidence": {"property": "containers.0.runAsNonRoot", "value": null, "defaulted": false},
	}} with input as batch([w])
}

test_run_as_non_root_false_fails if {
	w := workload("web", "Pod", {"containers": [{"name": "app", "runAsNonRoot": false}]})
	messages(rule.deny) == {"Pod \"web\" container \"app\" may run as root: runAsNonRoot is false and no non-root runAsUser is set"} with input as batch([w])
}

test_non_root_settings_pass if {
	w := workload("web", "Deployment", {"containers": [
		{"name": "a", "runAsNonRoot": true},
		{"name": "b", "runAsUser": 10001},
		{"name": "c", "runAsNonRoot": false, "runAsUser": 1000},
		{"name": "d", "init": true, "runAsNonRoot": true, "runAsUser": 65534},
	]})
	rule.deny == set() with input as batch([w])
	rule.in_scope == {"k8s:web"} with input as batch([w])
}

test_defaulted_flag_is_reported if {
	w := object.union(workload("web", "Pod", {"containers": [{"name": "app", "runAsUser": 0}]}), {"defaulted": ["containers.0.runAsUser"]})
	some f in rule.deny with input as batch([w])
	f.evidence.defaulted
}
