# METADATA
# title: Kubernetes RBAC is enabled on AKS clusters
# description: >-
#   Checks that an AKS cluster authorizes requests to its API server with Kubernetes RBAC; without
#   it every authenticated user may do anything in the cluster. The azurerm provider turns it on
#   unless `role_based_access_control_enabled = false` (2.x: `role_based_access_control { enabled
#   }`); an ARM template or a live cluster states `enableRBAC`, and one that leaves it out is
#   reported as not evaluated (the AKS API documents no default). EKS clusters are not in scope:
#   their API servers always authorize with RBAC and it cannot be turned off.
# custom:
#   id: k8s.cluster_rbac_enabled
#   severity: high
#   kinds: [k8s.cluster]
#   decides:
#     - rbac
#   remediation: >-
#     Terraform (azurerm): remove `role_based_access_control_enabled = false` (true is the
#     default). ARM: `enableRBAC: true`. RBAC cannot be turned on in place: the cluster is
#     recreated.
package assay.rules.k8s.cluster_rbac_enabled

import data.assay.lib

clusters := [r | some r in lib.resources(["k8s.cluster"]); r.provider == "azure"]

in_scope contains r.uid if some r in clusters

deny contains lib.finding_on_prop(r, msg, "rbac", false) if {
	some r in clusters
	r.props.rbac == false
	msg := concat("", ["Cluster \"", lib.fmt_s(r.name), "\" has Kubernetes RBAC turned off"])
}

deny contains lib.finding(r, msg, "rbac", null) if {
	some r in clusters
	not states(r)
	msg := concat("", ["Cluster \"", lib.fmt_s(r.name), "\" does not state whether Kubernetes RBAC is enabled"])
}

states(r) if is_boolean(r.props.rbac)
