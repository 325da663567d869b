package assay.rules.k8s.cluster_rbac_enabled_test

import data.assay.rules.k8s.cluster_rbac_enabled as rule

cluster(name, provider, props) := {
	"uid": concat(":", ["c", name]), "kind": "k8s.cluster", "provider": provider,
	"nativeType": "t", "name": name, "location": {"file": "main.tf", "line": 3}, "props": props,
}

batch(cs) := {"kinds": {"k8s.cluster": cs}}

test_rbac_on_passes_and_eks_is_out_of_scope if {
	inp := batch([cluster("aks", "azure", {"rbac": true}), cluster("eks", "aws", {})])
	rule.deny == set() with input as inp
	rule.in_scope == {"c:aks"} with input as inp
}

test_rbac_off_fails_on_its_line if {
	c := object.union(cluster("aks", "azure", {"rbac": false}), {"propLines": {"rbac": 12}})
	rule.deny == {{
		"uid": "c:aks",
		"message": "Cluster \"aks\" has Kubernetes RBAC turned off",
		"evidence": {"property": "rbac", "value": false, "defaulted": false},
		"line": 12,
	}} with input as batch([c])
}

test_unstated_never_passes if {
	[f.evidence.value | some f in rule.deny] == [null] with input as batch([cluster("x", "azure", {})])
}
