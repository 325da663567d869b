# METADATA
# title: AKS clusters send container logs and metrics to Azure Monitor
# description: >-
#   Checks that an AKS cluster runs Container insights, which collects container logs, Kubernetes
#   events and node and pod metrics into a Log Analytics workspace, so that failures and unusual
#   activity in workloads can be seen and investigated. On through the `oms_agent` block (2.x:
#   `addon_profile { oms_agent { enabled = true } }`; ARM: `addonProfiles.omsagent.enabled`, or
#   `azureMonitorProfile.containerInsights.enabled`); off by default. Managed Prometheus metrics
#   alone (`monitor_metrics`) carry no logs and do not count. This is not the API server's audit
#   log (k8s.cluster_audit_logging). EKS clusters are not in scope: Container Insights there is an
#   add-on installed apart from the cluster resource.
# custom:
#   id: k8s.cluster_monitoring
#   severity: low
#   kinds: [k8s.cluster]
#   decides:
#     - monitoring
#   remediation: >-
#     Terraform (azurerm): `oms_agent { log_analytics_workspace_id = azurerm_log_analytics_workspace.x.id }`.
#     ARM: `addonProfiles: { omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: ... } } }`.
package assay.rules.k8s.cluster_monitoring

import data.assay.lib

clusters := [r | some r in lib.resources(["k8s.cluster"]); r.provider == "azure"]

in_scope contains r.uid if some r in clusters

deny contains lib.finding_on_prop(r, msg, "monitoring", false) if {
	some r in clusters
	r.props.monitoring == false
	msg := concat("", [
		"Cluster \"", lib.fmt_s(r.name),
		"\" does not send container logs and metrics to Azure Monitor (Container insights is off)",
	])
}

deny contains lib.finding(r, msg, "monitoring", null) if {
	some r in clusters
	not states(r)
	msg := concat("", ["Cluster \"", lib.fmt_s(r.name), "\" does not state whether Container insights runs"])
}

states(r) if is_boolean(r.props.monitoring)
