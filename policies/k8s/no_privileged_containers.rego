# METADATA
# title: Containers do not run privileged
# description: >-
#   Fails for every container and init container of a workload (Pod, Deployment, StatefulSet,
#   DaemonSet, Job, CronJob, ...) whose securityContext sets privileged: true. A privileged
#   container has every capability and the host's devices, so escaping to the node is trivial.
#   Absent privileged passes: Kubernetes runs containers unprivileged by default.
# custom:
#   id: k8s.no_privileged_containers
#   severity: high
#   kinds: [k8s.workload]
#   decides:
#     - containers[].privileged
#   remediation: >-
#     Remove securityContext.privileged (or set it to false) on the container and grant only the
#     specific capabilities it needs with securityContext.capabilities.add. Kubernetes YAML:
#     spec.containers[].securityContext.privileged: false (spec.template.spec... for
#     controllers); Terraform kubernetes_deployment / kubernetes_pod: security_context {
#     privileged = false }. Enforce with Pod Security Admission at the "baseline" level or above.
package assay.rules.k8s.no_privileged_containers

import data.assay.lib

in_scope contains r.uid if some r in lib.resources(["k8s.workload"])

deny contains lib.finding_for_item(r, message, concat("", ["containers.", lib.fmt_d(i), ".privileged"]), true, c) if {
	some r in lib.resources(["k8s.workload"])
	some i, c in lib.k8s_containers(r)
	c.privileged == true
	message := concat("", [lib.fmt_s(lib.k8s_workload_label(r)), " ", lib.fmt_s(lib.k8s_container_label(c)), " runs privileged"])
}
