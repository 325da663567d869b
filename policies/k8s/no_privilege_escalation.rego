# METADATA
# title: Containers cannot escalate privileges
# description: >-
#   Fails for every container and init container whose securityContext does not set
#   allowPrivilegeEscalation: false. Absent fails: Kubernetes allows escalation by default (the
#   no_new_privs flag is not set), so setuid binaries or file capabilities in the image can gain
#   more privileges than the process started with. The Pod Security "restricted" profile requires
#   the explicit false.
# custom:
#   id: k8s.no_privilege_escalation
#   severity: medium
#   kinds: [k8s.workload]
#   decides:
#     - containers[].allowPrivilegeEscalation
#   remediation: >-
#     Set securityContext.allowPrivilegeEscalation: false on every container (and init
#     container). Kubernetes YAML: spec.containers[].securityContext.allowPrivilegeEscalation:
#     false; Terraform kubernetes_deployment / kubernetes_pod: security_context {
#     allow_privilege_escalation = false }. Enforce with Pod Security Admission "restricted".
package assay.rules.k8s.no_privilege_escalation

import data.assay.lib

in_scope contains r.uid if some r in lib.resources(["k8s.workload"])

deny contains lib.finding_for_item(r, message, concat("", ["containers.", lib.fmt_d(i), ".allowPrivilegeEscalation"]), true, c) if {
	some r in lib.resources(["k8s.workload"])
	some i, c in lib.k8s_containers(r)
	c.allowPrivilegeEscalation == true
	message := concat("", [lib.fmt_s(lib.k8s_workload_label(r)), " ", lib.fmt_s(lib.k8s_container_label(c)), " allows privilege escalation"])
}

deny contains lib.finding_for_item(r, message, concat("", ["containers.", lib.fmt_d(i), ".allowPrivilegeEscalation"]), null, c) if {
	some r in lib.resources(["k8s.workload"])
	some i, c in lib.k8s_containers(r)
	object.get(c, "allowPrivilegeEscalation", null) == null
	message := concat("", [
		lib.fmt_s(lib.k8s_workload_label(r)), " ", lib.fmt_s(lib.k8s_container_label(c)),
		" does not set allowPrivilegeEscalation to false (Kubernetes allows escalation by default)",
	])
}
