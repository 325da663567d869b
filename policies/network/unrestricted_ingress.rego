# METADATA
# title: Firewalls do not allow every port from the internet
# description: >-
#   Fails for every ingress allow rule of a firewall that admits every TCP or UDP port (a range
#   from 0 or 1 to 65535, or the protocol "all" / "*" / "-1" with no ports or the full range)
#   from the whole internet: an IPv4 or IPv6 /0 CIDR or the tags "*", "Internet", "Any",
#   "0.0.0.0". Such a rule exposes every service on the host, including ones nobody meant to
#   publish. ICMP and other port-less protocols are not failures here. A deny rule with a lower
#   priority number that blocks every port of the same protocol for the same internet sources
#   and destinations (Azure NSGs, network ACLs) is honoured. Egress, deny and non-internet rules
#   pass; a firewall with no rules passes.
#   Device rules (ACLs, chains, rulebases: priority is their position) that are disabled, shadowed
#   by an earlier rule, or admit only replies or loopback traffic are not failures, and a device
#   rulebase in no use (an ACL bound to no interface) is not judged.
# custom:
#   id: network.unrestricted_ingress
#   severity: critical
#   kinds: [network.firewall]
#   decides:
#     - rules[].direction
#     - rules[].action
#     - rules[].protocol
#     - rules[].ports
#     - rules[].sources
#     - rules[].destinations
#     - rules[].priority
#     - rules[].enabled
#     - rules[].shadowedBy
#     - rules[].conditions
#     - firstMatch
#     - attachedTo
#     - binding
#   remediation: >-
#     Allow from the internet only the ports a service publishes (e.g. tcp/443) and keep
#     everything else to known ranges. Terraform aws_security_group ingress: replace
#     protocol "-1" or from_port 0 / to_port 65535 with the needed port when cidr_blocks holds
#     "0.0.0.0/0" or ipv6_cidr_blocks "::/0"; CloudFormation AWS::EC2::SecurityGroup(Ingress):
#     set IpProtocol tcp and FromPort/ToPort to that port. azurerm_network_security_rule and ARM
#     securityRules: set destination_port_range (destinationPortRange) to the port instead of "*".
package assay.rules.network.unrestricted_ingress

import data.assay.lib

# Deliberate difference from KICS: "Unrestricted Security Group Ingress" flags any internet
# ingress whatever the port (a public web server on 443 included) and "Sensitive Port Is
# Exposed To Entire Network" flags single sensitive ports. Here only rules opening every port
# fail; SSH/RDP and database ports from the internet are network.admin_ports_restricted and
# network.database_ports_restricted, and a published port such as 443 is intended.

port_protocols := {"tcp", "udp"} | lib.every_protocol

in_scope contains r.uid if some r in lib.firewalls_in_use

deny contains lib.finding_for_item(r, message, concat("", ["rules.", lib.fmt_d(i), ".ports"]), object.get(fr, "ports", []), fr) if {
	some r in lib.firewalls_in_use
	rules := object.get(r.props, "rules", [])
	some i, fr in rules
	lower(fr.protocol) in port_protocols
	lib.firewall_exposes_all_ports(rules, fr)
	message := concat("", [
		"Firewall \"", lib.fmt_s(r.name), "\" ", lib.fmt_s(lib.firewall_rule_label(fr, i)),
		" allows every ", lib.fmt_s(protocol_label(fr.protocol)), " port from ",
		lib.fmt_s(lib.firewall_internet_sources(fr)),
	])
}

protocol_label(p) := "protocol and" if lower(p) in lib.every_protocol

protocol_label(p) := lower(p) if not lower(p) in lib.every_protocol
