# METADATA
# title: AKS clusters run the Azure Policy add-on
# description: >-
#   Checks that an AKS cluster runs the Azure Policy add-on, which enforces admission policies
#   (such as the pod security baseline) on workloads and reports their compliance. It is off
#   unless `azure_policy_enabled = true` (2.x: `addon_profile { azure_policy { enabled = true } }`;
#   ARM: `addonProfiles.azurepolicy.enabled`). EKS clusters are not in scope: admission policy
#   engines there (Gatekeeper, Kyverno) are installed in the cluster, not set on the cluster
#   resource.
# custom:
#   id: k8s.cluster_policy_enforcement
#   severity: low
#   kinds: [k8s.cluster]
#   decides:
#     - policyEnforcement
#   remediation: >-
#     Terraform (azurerm): `azure_policy_enabled = true`. ARM: `addonProfiles: { azurepolicy: {
#     enabled: true } }`.
package assay.rules.k8s.cluster_policy_enforcement

import data.assay.lib

clusters := [r | some r in lib.resources(["k8s.cluster"]); r.provider == "azure"]

in_scope contains r.uid if some r in clusters

deny contains lib.finding_on_prop(r, msg, "policyEnforcement", false) if {
	some r in clusters
	r.props.policyEnforcement == false
	msg := concat("", ["Cluster \"", lib.fmt_s(r.name), "\" does not run the Azure Policy add-on"])
}

deny contains lib.finding(r, msg, "policyEnforcement", null) if {
	some r in clusters
	not states(r)
	msg := concat("", ["Cluster \"", lib.fmt_s(r.name), "\" does not state whether the Azure Policy add-on runs"])
}

states(r) if is_boolean(r.props.policyEnforcement)
