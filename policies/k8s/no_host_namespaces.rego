# METADATA
# title: Pods do not share the host's network, PID or IPC namespaces
# description: >-
#   Fails once for each of hostNetwork, hostPID and hostIPC that a workload's pod spec sets to
#   true. Sharing the host's network namespace exposes node-local services and lets the pod sniff
#   or bind host ports; sharing PID lets it see and signal every process on the node; sharing IPC
#   lets it read other processes' shared memory. Absent values pass: Kubernetes isolates all
#   three by default.
# custom:
#   id: k8s.no_host_namespaces
#   severity: high
#   kinds: [k8s.workload]
#   decides:
#     - hostNetwork
#     - hostPID
#     - hostIPC
#   remediation: >-
#     Remove hostNetwork, hostPID and hostIPC from the pod spec (or set them to false); publish
#     ports with a Service instead of hostNetwork. Kubernetes YAML: spec.hostNetwork: false
#     (spec.template.spec for controllers); Terraform kubernetes_deployment / kubernetes_pod:
#     host_network, host_pid, host_ipc = false. Enforce with Pod Security Admission "baseline".
package assay.rules.k8s.no_host_namespaces

import data.assay.lib

namespaces := {"hostNetwork": "network", "hostPID": "PID", "hostIPC": "IPC"}

in_scope contains r.uid if some r in lib.resources(["k8s.workload"])

deny contains lib.finding_for_item(r, message, field, true, {}) if {
	some r in lib.resources(["k8s.workload"])
	some field, namespace in namespaces
	r.props[field] == true
	message := concat("", [
		lib.fmt_s(lib.k8s_workload_label(r)), " shares the host's ", lib.fmt_s(namespace),
		" namespace (", lib.fmt_s(field), ": true)",
	])
}
