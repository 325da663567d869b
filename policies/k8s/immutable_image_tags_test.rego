package assay.rules.k8s.immutable_image_tags_test

import data.assay.rules.k8s.immutable_image_tags as rule

workload(name, kind, props) := {"uid": concat(":", ["k8s", name]), "kind": "k8s.workload", "provider": "kubernetes", "name": name, "props": object.union({"workloadKind": kind}, props)}

batch(workloads) := {"kinds": {"k8s.workload": workloads}}

messages(findings) := {f.message | some f in findings}

test_latest_tag_fails if {
	w := workload("web", "Deployment", {"containers": [{"name": "app", "image": "nginx:latest", "imageTag": "latest", "line": 18}]})
	rule.deny == {{
		"uid": "k8s:web",
		"message": "Deployment \"web\" container \"app\" uses image \"nginx:latest\" with the moving tag \"latest\"",
		"evidence": {"property": "containers.0.imageTag", "value": "latest", "defaulted": false},
		"line": 18,
	}} with input as batch([w])
	rule.in_scope == {"k8s:web"} with input as batch([w])
}

test_missing_tag_fails if {
	w := workload("web", "Pod", {"containers": [{"name": "app", "image": "registry.example.com:5000/team/app"}]})
	rule.deny == {{
		"uid": "k8s:web",
		"message": "Pod \"web\" container \"app\" uses image \"registry.example.com:5000/team/app\" with no tag, which pulls \"latest\"",
		"evidence": {"property": "containers.0.imageTag", "value": null, "defaulted": false},
	}} with input as batch([w])
}

test_moving_and_digitless_tags_fail if {
	w := workload("web", "Pod", {"containers": [
		{"name": "a", "image": "app:Stable", "imageTag": "Stable"},
		{"name": "b", "image": "python:alpine", "imageTag": "alpine"},
		{"name": "c", "image": "app:main", "imageTag": "main", "init": true},
	]})
	messages(rule.deny) == {
		"Pod \"web\" container \"a\" uses image \"app:Stable\" with the moving tag \"Stable\"",
		"Pod \"web\" container \"b\" uses image \"python:alpine\" with the moving tag \"alpine\"",
		"Pod \"web\" init container \"c\" uses image \"app:main\" with the moving tag \"main\"",
	} with input as batch([w])
}

test_digests_and_version_tags_pass if {
	w := workload("web", "Deployment", {"containers": [
		{"name": "a", "image": "nginx@sha256:0123abcd", "imageDigest": "sha256:0123abcd"},
		{"name": "b", "image": "nginx:latest@sha256:0123abcd", "imageTag": "latest", "imageDigest": "sha256:0123abcd"},
		{"name": "c", "image": "nginx:1.25.3", "imageTag": "1.25.3"},
		{"name": "d", "image": "python:3.12-alpine", "imageTag": "3.12-alpine"},
		{"name": "e", "image": "app:v2", "imageTag": "v2"},
		{"name": "f"},
	]})
	rule.deny == set() with input as batch([w])
}

test_defaulted_flag_is_reported if {
	w := object.union(workload("web", "Pod", {"containers": [{"name": "a", "image": "nginx", "imageTag": "latest"}]}), {"defaulted": ["containers.0.imageTag"]})
	some f in rule.deny with input as batch([w])
	f.evidence.defaulted
}

test_finding_points_at_the_image_line if {
	w := object.union(
		workload("web", "Pod", {"containers": [{"name": "a", "image": "nginx", "line": 8}, {"name": "b", "image": "redis", "line": 20}]}),
		{"propLines": {"containers.0.image": 9}},
	)
	{f.line | some f in rule.deny} == {9, 20} with input as batch([w])
}
