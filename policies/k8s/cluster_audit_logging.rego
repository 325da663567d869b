# METADATA
# title: Kubernetes clusters keep the API server's audit log
# description: >-
#   Checks that a managed Kubernetes cluster (EKS, AKS) keeps the audit log of its API server: the
#   record of every request with who made it, the trail of who changed what in the cluster. EKS:
#   the control-plane log type "audit" is enabled (none is by default; the other types, api,
#   authenticator, controllerManager and scheduler, are component logs, not this record). AKS: a
#   diagnostic setting on the cluster sends the kube-audit or kube-audit-admin category (or the
#   audit or allLogs group) to a workspace, storage account or event hub; AKS keeps no control-plane
#   log without one. A diagnostic setting outside the scanned files is not seen. Where the log
#   types are known only at deployment, or the diagnostic settings were not read (ARM templates,
#   the live Azure estate), the cluster is reported as not evaluated.
# custom:
#   id: k8s.cluster_audit_logging
#   severity: medium
#   kinds: [k8s.cluster]
#   decides:
#     - auditLogging
#   remediation: >-
#     Terraform (aws): `enabled_cluster_log_types = ["audit", "api", "authenticator"]` on the
#     `aws_eks_cluster` (terraform-aws-modules/eks: `enabled_log_types`, which includes "audit" by
#     default). CloudFormation: `Logging: { ClusterLogging: { EnabledTypes: [{ Type: audit }] } }`.
#     Terraform (azurerm): an `azurerm_monitor_diagnostic_setting` with `target_resource_id` the
#     cluster's id and `enabled_log { category = "kube-audit-admin" }` (or "kube-audit"). ARM: a
#     `Microsoft.Insights/diagnosticSettings` resource scoped to the cluster with that category.
package assay.rules.k8s.cluster_audit_logging

import data.assay.lib

clusters := lib.resources(["k8s.cluster"])

in_scope contains r.uid if some r in clusters

deny contains lib.finding_on_prop(r, msg, "auditLogging", false) if {
	some r in clusters
	r.props.auditLogging == false
	msg := concat("", ["Cluster \"", lib.fmt_s(r.name), "\" does not keep its API server's audit log (", lib.fmt_s(why(r)), ")"])
}

deny contains lib.finding(r, msg, "auditLogging", null) if {
	some r in clusters
	not states(r)
	msg := concat("", ["Cluster \"", lib.fmt_s(r.name), "\" does not state whether its API server's audit log is kept"])
}

why(r) := "no diagnostic setting sends kube-audit" if {
	r.provider == "azure"
} else := "no control-plane log type is enabled" if {
	count(object.get(r.props, "logTypes", [])) == 0
} else := concat("", ["control-plane log types ", lib.fmt_s(concat(", ", r.props.logTypes)), ", without audit"])

states(r) if is_boolean(r.props.auditLogging)
