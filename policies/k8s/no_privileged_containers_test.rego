package assay.rules.k8s.no_privileged_containers_test

import data.assay.rules.k8s.no_privileged_containers as rule

workload(name, kind, props) := {"uid": concat(":", ["k8s", name]), "kind": "k8s.workload", "provider": "kubernetes", "name": name, "props": object.union({"workloadKind": kind}, props)}

batch(workloads) := {"kinds": {"k8s.workload": workloads}}

messages(findings) := {f.message | some f in findings}

test_privileged_container_fails_at_its_line if {
	w := workload("web", "Deployment", {"containers": [{"name": "app", "privileged": true, "line": 21}, {"name": "sidecar", "privileged": false}]})
	rule.deny == {{
		"uid": "k8s:web",
		"message": "Deployment \"web\" container \"app\" runs privileged",
		"evidence": {"property": "containers.0.privileged", "value": true, "defaulted": false},
		"line": 21,
	}} with input as batch([w])
	rule.in_scope == {"k8s:web"} with input as batch([w])
}

test_privileged_init_container_fails if {
	w := workload("job", "Job", {"containers": [{"name": "main"}, {"name": "setup", "init": true, "privileged": true}]})
	messages(rule.deny) == {"Job \"job\" init container \"setup\" runs privileged"} with input as batch([w])
}

test_absent_or_false_privileged_passes if {
	ws := [workload("a", "Pod", {"containers": [{"name": "c"}]}), workload("b", "DaemonSet", {"containers": [{"name": "c", "privileged": false}]})]
	rule.deny == set() with input as batch(ws)
	rule.in_scope == {"k8s:a", "k8s:b"} with input as batch(ws)
}

test_defaulted_flag_is_reported if {
	w := object.union(workload("web", "Pod", {"containers": [{"name": "app", "privileged": true}]}), {"defaulted": ["containers.0.privileged"]})
	some f in rule.deny with input as batch([w])
	f.evidence.defaulted
	not f.line
}

test_line_of_the_setting_wins_over_the_container_line if {
	w := object.union(
		workload("web", "Pod", {"containers": [{"name": "app", "privileged": true, "line": 10}]}),
		{"propLines": {"containers.0": 10, "containers.0.privileged": 14}},
	)
	{f.line | some f in rule.deny} == {14} with input as batch([w])
}
