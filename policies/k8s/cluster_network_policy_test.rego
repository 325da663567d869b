package assay.rules.k8s.cluster_network_policy_test

import data.assay.rules.k8s.cluster_network_policy as rule

cluster(name, provider, props) := {
	"uid": concat(":", ["c", name]), "kind": "k8s.cluster", "provider": provider,
	"nativeType": "t", "name": name, "location": {"file": "main.tf", "line": 3}, "props": props,
}

batch(cs) := {"kinds": {"k8s.cluster": cs}}

test_engines_pass_and_eks_is_out_of_scope if {
	inp := batch([
		cluster("a", "azure", {"networkPolicy": "azure"}),
		cluster("b", "azure", {"networkPolicy": "Calico"}),
		cluster("c", "azure", {"networkPolicy": "cilium"}),
		cluster("eks", "aws", {}),
	])
	rule.deny == set() with input as inp
	rule.in_scope == {"c:a", "c:b", "c:c"} with input as inp
}

test_none_fails if {
	c := object.union(cluster("aks", "azure", {"networkPolicy": "none"}), {"defaulted": ["networkPolicy"]})
	rule.deny == {{
		"uid": "c:aks",
		"message": "Cluster \"aks\" runs no network policy engine, so network policies are not enforced",
		"evidence": {"property": "networkPolicy", "value": "none", "defaulted": true},
	}} with input as batch([c])
}

test_unstated_never_passes if {
	[f.evidence.value | some f in rule.deny] == [null] with input as batch([cluster("x", "azure", {})])
}
