package assay.rules.k8s.no_host_namespaces_test

import data.assay.rules.k8s.no_host_namespaces as rule

workload(name, kind, props) := {"uid": concat(":", ["k8s", name]), "kind": "k8s.workload", "provider": "kubernetes", "name": name, "props": object.union({"workloadKind": kind}, props)}

batch(workloads) := {"kinds": {"k8s.workload": workloads}}

messages(findings) := {f.message | some f in findings}

test_each_shared_namespace_is_a_finding if {
	w := object.union(
		workload("agent", "DaemonSet", {"hostNetwork": true, "hostPID": true, "hostIPC": false, "containers": [{"name": "c"}]}),
		{"propLines": {"hostNetwork": 9}},
	)
	rule.deny == {
		{
			"uid": "k8s:agent",
			"message": "DaemonSet \"agent\" shares the host's network namespace (hostNetwork: true)",
			"evidence": {"property": "hostNetwork", "value": true, "defaulted": false},
			"line": 9,
		},
		{
			"uid": "k8s:agent",
			"message": "DaemonSet \"agent\" shares the host's PID namespace (hostPID: true)",
			"evidence": {"property": "hostPID", "value": true, "defaulted": false},
		},
	} with input as batch([w])
}

test_host_ipc_fails if {
	messages(rule.deny) == {"Pod \"p\" shares the host's IPC namespace (hostIPC: true)"} with input as batch([workload("p", "Pod", {"hostIPC": true, "containers": []})])
}

test_absent_or_false_passes if {
	ws := [workload("a", "Pod", {"containers": []}), workload("b", "Pod", {"hostNetwork": false, "hostPID": false, "containers": []})]
	rule.deny == set() with input as batch(ws)
	rule.in_scope == {"k8s:a", "k8s:b"} with input as batch(ws)
}

test_defaulted_flag_is_reported if {
	w := object.union(workload("p", "Pod", {"hostPID": true, "containers": []}), {"defaulted": ["hostPID"]})
	some f in rule.deny with input as batch([w])
	f.evidence.defaulted
}
