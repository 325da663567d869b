package assay.rules.k8s.cluster_monitoring_test

import data.assay.rules.k8s.cluster_monitoring as rule

cluster(name, provider, props) := {
	"uid": concat(":", ["c", name]), "kind": "k8s.cluster", "provider": provider,
	"nativeType": "t", "name": name, "location": {"file": "main.tf", "line": 3}, "props": props,
}

batch(cs) := {"kinds": {"k8s.cluster": cs}}

test_insights_on_passes_and_eks_is_out_of_scope if {
	inp := batch([cluster("aks", "azure", {"monitoring": true}), cluster("eks", "aws", {})])
	rule.deny == set() with input as inp
	rule.in_scope == {"c:aks"} with input as inp
}

test_insights_off_fails if {
	[f.evidence.property | some f in rule.deny] == ["monitoring"] with input as batch([cluster("aks", "azure", {"monitoring": false})])
}

test_unstated_never_passes if {
	[f.evidence.value | some f in rule.deny] == [null] with input as batch([cluster("x", "azure", {})])
}
