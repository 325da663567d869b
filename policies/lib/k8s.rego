# Helpers for rules that read Kubernetes workloads (k8s.workload). Functions only.
package assay.lib

# How a finding names a workload: its kind and name, e.g. Deployment "web".
k8s_workload_label(r) := concat("", [fmt_s(object.get(r.props, "workloadKind", "Workload")), " \"", fmt_s(r.name), "\""])

# How a finding names a container, telling init containers apart.
k8s_container_label(c) := concat("", ["init container \"", fmt_s(c.name), "\""]) if {
	c.init == true
} else := concat("", ["container \"", fmt_s(c.name), "\""])

# Every container of a workload, init containers included (iterate with `some i, c in ...`).
k8s_containers(r) := object.get(r.props, "containers", [])
