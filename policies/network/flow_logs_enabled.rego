# METADATA
# title: Virtual networks record traffic flow logs
# description: >-
#   A virtual network (AWS VPC, Azure VNet) fails when flowLogsEnabled is false, or when it is
#   absent and no flow log is linked to the network (flowLogs empty or absent): no flow log was
#   found for it, and neither AWS nor Azure records flows by default. A flow log resource
#   (aws_flow_log, Azure NSG/VNet flow log) fails when it is declared disabled; absent `enabled`
#   passes, because AWS flow logs have no off switch and Azure's are created enabled. Flow logs
#   are the evidence of who talked to what when investigating an incident (PCI DSS 10.2).
# custom:
#   id: network.flow_logs_enabled
#   severity: medium
#   kinds: [network.vpc, network.flow_log]
#   decides:
#     - flowLogsEnabled
#     - flowLogs
#     - enabled
#   remediation: >-
#     AWS: add an aws_flow_log (CloudFormation AWS::EC2::FlowLog) with vpc_id (ResourceId) set
#     to the VPC, traffic_type "ALL" and a CloudWatch Logs or S3 destination. Azure: add an
#     azurerm_network_watcher_flow_log (ARM Microsoft.Network/networkWatchers/flowLogs) for the
#     VNet or its NSGs with enabled = true and a storage account; set enabled = true on a
#     disabled one.
package assay.rules.network.flow_logs_enabled

import data.assay.lib

in_scope contains r.uid if some r in lib.resources(["network.vpc", "network.flow_log"])

deny contains lib.finding(r, message, "flowLogsEnabled", false) if {
	some r in lib.resources(["network.vpc"])
	r.props.flowLogsEnabled == false
	message := concat("", ["Virtual network \"", lib.fmt_s(r.name), "\" has no flow log enabled"])
}

deny contains lib.finding(r, message, "flowLogsEnabled", null) if {
	some r in lib.resources(["network.vpc"])
	not has_flow_log(r.props)
	message := concat("", ["Virtual network \"", lib.fmt_s(r.name), "\" has no flow log declared"])
}

deny contains lib.finding(r, message, "enabled", false) if {
	some r in lib.resources(["network.flow_log"])
	r.props.enabled == false
	message := concat("", ["Flow log \"", lib.fmt_s(r.name), "\" is disabled"])
}

# flowLogsEnabled is absent: pass only when flow logs are linked to the network.
has_flow_log(props) if object.get(props, "flowLogsEnabled", null) != null

has_flow_log(props) if count(object.get(props, "flowLogs", [])) > 0
