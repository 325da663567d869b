# METADATA
# title: Containers set CPU and memory limits
# description: >-
#   Fails for every container and init container that does not set both resources.limits.cpu
#   and resources.limits.memory; the finding names the missing ones. Absent limits fail: without
#   them a container can take all the node's CPU and memory and starve its neighbours (a
#   denial of service by accident or design), unless the namespace has a LimitRange, which a
#   manifest cannot show.
# custom:
#   id: k8s.resource_limits
#   severity: low
#   kinds: [k8s.workload]
#   decides:
#     - containers[].limits.cpu
#     - containers[].limits.memory
#   remediation: >-
#     Set resources.limits.cpu and resources.limits.memory (and matching requests) on every
#     container, or give the namespace a LimitRange with defaults. Kubernetes YAML:
#     spec.containers[].resources.limits: {cpu: 500m, memory: 256Mi}; Terraform
#     kubernetes_deployment / kubernetes_pod: resources { limits = { cpu = "500m", memory = "256Mi" } }.
package assay.rules.k8s.resource_limits

import data.assay.lib

in_scope contains r.uid if some r in lib.resources(["k8s.workload"])

deny contains lib.finding_for_item(r, message, concat("", ["containers.", lib.fmt_d(i), ".limits"]), object.get(c, "limits", null), c) if {
	some r in lib.resources(["k8s.workload"])
	some i, c in lib.k8s_containers(r)
	missing := [name | some name in ["cpu", "memory"]; not has_limit(c, name)]
	count(missing) > 0
	message := concat("", [
		lib.fmt_s(lib.k8s_workload_label(r)), " ", lib.fmt_s(lib.k8s_container_label(c)),
		" sets no ", lib.fmt_s(concat(" or ", missing)), " limit",
	])
}

has_limit(c, name) if c.limits[name] != ""
