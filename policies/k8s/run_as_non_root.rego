# METADATA
# title: Containers run as a non-root user
# description: >-
#   Reads each container's effective runAsNonRoot and runAsUser (pod-level securityContext
#   already applied by the collector). Fails when runAsUser is 0 (root, whatever runAsNonRoot
#   says), and otherwise when neither runAsNonRoot: true nor a non-zero runAsUser is set: then
#   the process runs as the image's USER, which is root for most images. runAsNonRoot absent or
#   false with runAsUser absent fails; a non-zero runAsUser passes. A root process in a container
#   is root on the node once it escapes, and can modify the container's own files.
# custom:
#   id: k8s.run_as_non_root
#   severity: medium
#   kinds: [k8s.workload]
#   decides:
#     - containers[].runAsUser
#     - containers[].runAsNonRoot
#   remediation: >-
#     Set securityContext.runAsNonRoot: true and a non-zero runAsUser (e.g. 10001) at pod or
#     container level, and build the image with a non-root USER. Kubernetes YAML:
#     spec.securityContext.runAsNonRoot: true; Terraform kubernetes_deployment / kubernetes_pod:
#     security_context { run_as_non_root = true, run_as_user = 10001 }. Enforce with Pod
#     Security Admission "restricted".
package assay.rules.k8s.run_as_non_root

import data.assay.lib

in_scope contains r.uid if some r in lib.resources(["k8s.workload"])

deny contains lib.finding_for_item(r, message, concat("", ["containers.", lib.fmt_d(i), ".runAsUser"]), 0, c) if {
	some r in lib.resources(["k8s.workload"])
	some i, c in lib.k8s_containers(r)
	c.runAsUser == 0
	message := concat("", [lib.fmt_s(lib.k8s_workload_label(r)), " ", lib.fmt_s(lib.k8s_container_label(c)), " runs as root (runAsUser: 0)"])
}

deny contains lib.finding_for_item(r, message, concat("", ["containers.", lib.fmt_d(i), ".runAsNonRoot"]), value, c) if {
	some r in lib.resources(["k8s.workload"])
	some i, c in lib.k8s_containers(r)
	not c.runAsUser == 0
	not non_root_user(c)
	not c.runAsNonRoot == true
	value := object.get(c, "runAsNonRoot", null)
	message := concat("", [
		lib.fmt_s(lib.k8s_workload_label(r)), " ", lib.fmt_s(lib.k8s_container_label(c)),
		" may run as root: ", lib.fmt_s(reason(value)),
	])
}

non_root_user(c) if c.runAsUser > 0

reason(false) := "runAsNonRoot is false and no non-root runAsUser is set"

reason(null) := "neither runAsNonRoot: true nor a non-root runAsUser is set"
