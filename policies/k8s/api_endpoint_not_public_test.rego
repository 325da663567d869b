package assay.rules.k8s.api_endpoint_not_public_test

import data.assay.rules.k8s.api_endpoint_not_public as rule

cluster(name, props) := {
	"uid": concat(":", ["c", name]), "kind": "k8s.cluster", "provider": "aws",
	"nativeType": "aws_eks_cluster", "name": name, "location": {"file": "main.tf", "line": 3}, "props": props,
}

batch(cs) := {"kinds": {"k8s.cluster": cs}}

test_private_and_restricted_pass if {
	inp := batch([
		cluster("private", {"publicEndpoint": false, "privateEndpoint": true, "publicAccessCidrs": ["0.0.0.0/0"]}),
		cluster("office", {"publicEndpoint": true, "publicAccessCidrs": ["203.0.113.0/24", "10.0.0.0/8"]}),
	])
	rule.deny == set() with input as inp
	rule.in_scope == {"c:private", "c:office"} with input as inp
}

test_default_open_endpoint_fails_defaulted_on_its_line if {
	c := object.union(
		cluster("eks", {"publicEndpoint": true, "privateEndpoint": false, "publicAccessCidrs": ["0.0.0.0/0"]}),
		{"defaulted": ["publicEndpoint", "publicAccessCidrs"], "propLines": {"publicAccessCidrs": 7}},
	)
	rule.deny == {{
		"uid": "c:eks",
		"message": "Cluster \"eks\" has a public API endpoint open to every address (0.0.0.0/0)",
		"evidence": {"property": "publicAccessCidrs", "value": "0.0.0.0/0", "defaulted": true},
		"line": 7,
	}} with input as batch([c])
}

test_any_open_cidr_among_others_fails if {
	c := cluster("mixed", {"publicEndpoint": true, "publicAccessCidrs": ["10.0.0.0/8", "::/0", "*"]})
	[f.message | some f in rule.deny] == ["Cluster \"mixed\" has a public API endpoint open to every address (::/0, *)"] with input as batch([c])
}

test_unstated_never_passes if {
	inp := batch([cluster("nothing", {}), cluster("nocidrs", {"publicEndpoint": true})])
	{[f.uid, f.evidence.property] | some f in rule.deny} == {["c:nothing", "publicEndpoint"], ["c:nocidrs", "publicAccessCidrs"]} with input as inp
	[f.evidence.value | some f in rule.deny] == [null, null] with input as inp
}
