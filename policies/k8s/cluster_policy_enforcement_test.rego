package assay.rules.k8s.cluster_policy_enforcement_test

import data.assay.rules.k8s.cluster_policy_enforcement as rule

cluster(name, provider, props) := {
	"uid": concat(":", ["c", name]), "kind": "k8s.cluster", "provider": provider,
	"nativeType": "t", "name": name, "location": {"file": "main.tf", "line": 3}, "props": props,
}

batch(cs) := {"kinds": {"k8s.cluster": cs}}

test_addon_on_passes_and_eks_is_out_of_scope if {
	inp := batch([cluster("aks", "azure", {"policyEnforcement": true}), cluster("eks", "aws", {})])
	rule.deny == set() with input as inp
	rule.in_scope == {"c:aks"} with input as inp
}

test_addon_off_fails if {
	[f.message | some f in rule.deny] == ["Cluster \"aks\" does not run the Azure Policy add-on"] with input as batch([cluster("aks", "azure", {"policyEnforcement": false})])
}

test_unstated_never_passes if {
	[f.evidence.value | some f in rule.deny] == [null] with input as batch([cluster("x", "azure", {})])
}
