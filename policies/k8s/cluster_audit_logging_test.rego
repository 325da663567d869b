package assay.rules.k8s.cluster_audit_logging_test

import data.assay.rules.k8s.cluster_audit_logging as rule

cluster(name, provider, props) := {
	"uid": concat(":", ["c", name]), "kind": "k8s.cluster", "provider": provider,
	"nativeType": "t", "name": name, "location": {"file": "main.tf", "line": 3}, "props": props,
}

batch(cs) := {"kinds": {"k8s.cluster": cs}}

test_audit_enabled_passes if {
	inp := batch([
		cluster("eks", "aws", {"auditLogging": true, "logTypes": ["api", "audit"]}),
		cluster("aks", "azure", {"auditLogging": true}),
	])
	rule.deny == set() with input as inp
	rule.in_scope == {"c:eks", "c:aks"} with input as inp
}

test_default_no_logs_fails_on_its_line if {
	c := object.union(
		cluster("eks", "aws", {"auditLogging": false, "logTypes": []}),
		{"defaulted": ["auditLogging", "logTypes"], "propLines": {"auditLogging": 9}},
	)
	rule.deny == {{
		"uid": "c:eks",
		"message": "Cluster \"eks\" does not keep its API server's audit log (no control-plane log type is enabled)",
		"evidence": {"property": "auditLogging", "value": false, "defaulted": true},
		"line": 9,
	}} with input as batch([c])
}

test_other_log_types_without_audit_fail_naming_them if {
	inp := batch([
		cluster("eks", "aws", {"auditLogging": false, "logTypes": ["api", "authenticator"]}),
		cluster("aks", "azure", {"auditLogging": false}),
	])
	{f.message | some f in rule.deny} == {
		"Cluster \"eks\" does not keep its API server's audit log (control-plane log types api, authenticator, without audit)",
		"Cluster \"aks\" does not keep its API server's audit log (no diagnostic setting sends kube-audit)",
	} with input as inp
}

test_unstated_never_passes if {
	[[f.uid, f.evidence.value] | some f in rule.deny] == [["c:x", null]] with input as batch([cluster("x", "aws", {})])
}
