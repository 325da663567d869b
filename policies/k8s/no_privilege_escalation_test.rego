package assay.rules.k8s.no_privilege_escalation_test

import data.assay.rules.k8s.no_privilege_escalation as rule

workload(name, kind, props) := {"uid": concat(":", ["k8s", name]), "kind": "k8s.workload", "provider": "kubernetes", "name": name, "props": object.union({"workloadKind": kind}, props)}

batch(workloads) := {"kinds": {"k8s.workload": workloads}}

messages(findings) := {f.message | some f in findings}

test_explicit_true_fails if {
	w := workload("web", "Deployment", {"containers": [{"name": "app", "allowPrivilegeEscalation": true, "line": 30}]})
	rule.deny == {{
		"uid": "k8s:web",
		"message": "Deployment \"web\" container \"app\" allows privilege escalation",
		"evidence": {"property": "containers.0.allowPrivilegeEscalation", "value": true, "defaulted": false},
		"line": 30,
	}} with input as batch([w])
}

test_absent_fails_because_kubernetes_allows_by_default if {
	w := workload("web", "StatefulSet", {"containers": [{"name": "ok", "allowPrivilegeEscalation": false}, {"name": "init", "init": true}]})
	rule.deny == {{
		"uid": "k8s:web",
		"message": "StatefulSet \"web\" init container \"init\" does not set allowPrivilegeEscalation to false (Kubernetes allows escalation by default)",
		"evidence": {"property": "containers.1.allowPrivilegeEscalation", "value": null, "defaulted": false},
	}} with input as batch([w])
}

test_explicit_false_passes if {
	w := workload("web", "Pod", {"containers": [{"name": "app", "allowPrivilegeEscalation": false}]})
	rule.deny == set() with input as batch([w])
	rule.in_scope == {"k8s:web"} with input as batch([w])
}

test_defaulted_flag_is_reported if {
	w := object.union(workload("web", "Pod", {"containers": [{"name": "app", "allowPrivilegeEscalation": true}]}), {"defaulted": ["containers.0.allowPrivilegeEscalation"]})
	some f in rule.deny with input as batch([w])
	f.evidence.defaulted
}
