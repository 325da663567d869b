# METADATA
# title: Kubernetes API servers are not open to the internet
# description: >-
#   Checks that the API server of a managed Kubernetes cluster (EKS, AKS) cannot be reached from
#   every address on the internet. A public endpoint that admits every address (0.0.0.0/0, ::/0,
#   "*") fails: EKS clusters have one by default, and so do AKS clusters that are not private and
#   set no authorized IP ranges. A public endpoint restricted to listed CIDRs passes, as does a
#   private-only endpoint. A cluster that does not state whether its endpoint is public, or which
#   addresses it admits, fails with a message saying so; where the source states them through a
#   value known only at deployment, the cluster is reported as not evaluated.
# custom:
#   id: k8s.api_endpoint_not_public
#   severity: high
#   kinds: [k8s.cluster]
#   decides:
#     - publicEndpoint
#     - publicAccessCidrs
#   remediation: >-
#     Terraform (aws): in `aws_eks_cluster.vpc_config`, `endpoint_public_access = false` with
#     `endpoint_private_access = true`, or `public_access_cidrs` listing only your networks.
#     CloudFormation: `ResourcesVpcConfig: { EndpointPublicAccess: false, EndpointPrivateAccess:
#     true }` or `PublicAccessCidrs` of your networks. Terraform (azurerm): `private_cluster_enabled
#     = true`, or `api_server_access_profile { authorized_ip_ranges = [...] }`. ARM:
#     `apiServerAccessProfile: { enablePrivateCluster: true }` or `authorizedIPRanges`.
package assay.rules.k8s.api_endpoint_not_public

import data.assay.lib

clusters := lib.resources(["k8s.cluster"])

in_scope contains r.uid if some r in clusters

deny contains lib.finding_on_prop(r, msg, "publicAccessCidrs", open) if {
	some r in clusters
	r.props.publicEndpoint == true
	open := concat(", ", [c | some c in r.props.publicAccessCidrs; lib.is_internet_source(c)])
	open != ""
	msg := concat("", ["Cluster \"", lib.fmt_s(r.name), "\" has a public API endpoint open to every address (", lib.fmt_s(open), ")"])
}

deny contains lib.finding(r, msg, "publicEndpoint", null) if {
	some r in clusters
	not states_public_endpoint(r)
	msg := concat("", ["Cluster \"", lib.fmt_s(r.name), "\" does not state whether its API endpoint is public"])
}

deny contains lib.finding(r, msg, "publicAccessCidrs", null) if {
	some r in clusters
	r.props.publicEndpoint == true
	not states_cidrs(r)
	msg := concat("", ["Cluster \"", lib.fmt_s(r.name), "\" has a public API endpoint and does not state which addresses it admits"])
}

states_public_endpoint(r) if is_boolean(r.props.publicEndpoint)

states_cidrs(r) if is_array(r.props.publicAccessCidrs)
