package assay.rules.k8s.cluster_secrets_encryption_test

import data.assay.rules.k8s.cluster_secrets_encryption as rule

cluster(name, provider, props) := {
	"uid": concat(":", ["c", name]), "kind": "k8s.cluster", "provider": provider,
	"nativeType": "t", "name": name, "location": {"file": "main.tf", "line": 3}, "props": props,
}

batch(cs) := {"kinds": {"k8s.cluster": cs}}

test_customer_key_passes_on_both_providers if {
	inp := batch([cluster("eks", "aws", {"secretsCustomerKey": true}), cluster("aks", "azure", {"secretsCustomerKey": true})])
	rule.deny == set() with input as inp
	rule.in_scope == {"c:eks", "c:aks"} with input as inp
}

test_no_customer_key_fails if {
	c := object.union(cluster("eks", "aws", {"secretsCustomerKey": false}), {"defaulted": ["secretsCustomerKey"]})
	rule.deny == {{
		"uid": "c:eks",
		"message": "Cluster \"eks\" does not encrypt Kubernetes secrets with a customer-managed key",
		"evidence": {"property": "secretsCustomerKey", "value": false, "defaulted": true},
	}} with input as batch([c])
}

test_unstated_never_passes if {
	[f.evidence.value | some f in rule.deny] == [null] with input as batch([cluster("x", "azure", {})])
}
