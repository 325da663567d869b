# METADATA
# title: AKS clusters enforce Kubernetes network policies
# description: >-
#   Checks that an AKS cluster runs a network policy engine (azure, calico or cilium), without
#   which NetworkPolicy objects are accepted but not enforced and every pod can reach every other.
#   None runs unless `network_policy` (networkProfile.networkPolicy) names one; the Cilium data
#   plane (`network_data_plane = "cilium"`, networkDataplane) enforces policies itself. EKS
#   clusters are not in scope: their network policy enforcement is a setting of the VPC CNI add-on
#   (or a CNI installed in the cluster), not of the cluster resource.
# custom:
#   id: k8s.cluster_network_policy
#   severity: medium
#   kinds: [k8s.cluster]
#   decides:
#     - networkPolicy
#   remediation: >-
#     Terraform (azurerm): `network_profile { network_plugin = "azure" network_policy = "azure" }`
#     (or "calico", or "cilium" with `network_data_plane = "cilium"`). ARM: `networkProfile: {
#     networkPolicy: "azure" }`.
package assay.rules.k8s.cluster_network_policy

import data.assay.lib

engines := {"azure", "calico", "cilium"}

clusters := [r | some r in lib.resources(["k8s.cluster"]); r.provider == "azure"]

in_scope contains r.uid if some r in clusters

deny contains lib.finding_on_prop(r, msg, "networkPolicy", r.props.networkPolicy) if {
	some r in clusters
	is_string(r.props.networkPolicy)
	not lower(r.props.networkPolicy) in engines
	msg := concat("", ["Cluster \"", lib.fmt_s(r.name), "\" runs no network policy engine, so network policies are not enforced"])
}

deny contains lib.finding(r, msg, "networkPolicy", null) if {
	some r in clusters
	not states(r)
	msg := concat("", ["Cluster \"", lib.fmt_s(r.name), "\" does not state its network policy engine"])
}

states(r) if is_string(r.props.networkPolicy)
