# METADATA
# title: Firewalls do not allow remote administration (SSH, RDP, Telnet, VNC, WinRM) from the internet
# description: >-
#   Fails for every ingress allow rule of a firewall (security group, NSG, network ACL, device
#   rulebase) that admits a remote administration port (TCP 22 SSH, 23 Telnet, 3389 RDP, 5900 VNC,
#   5985/5986 WinRM) from the whole internet: an IPv4 or
#   IPv6 /0 CIDR (0.0.0.0/0, ::/0) or the tags "*", "Internet", "Any" and "0.0.0.0". Port ranges
#   containing the port and the protocol "all" count. Remote administration open to everyone is
#   the first thing scanners probe and brute-force. An allow rule is not reported when a deny
#   rule with a lower priority number (evaluated first, as in Azure NSGs) blocks the same port for
#   every internet source it admits and every destination. Rules with no internet source, egress
#   rules and deny rules are never failures; a firewall with no rules passes. One finding per
#   firewall rule lists every administration service it exposes.
#   Device rules (ACLs, chains, rulebases: priority is their position) that are disabled, shadowed
#   by an earlier rule, or admit only replies or loopback traffic are not failures, and a device
#   rulebase in no use (an ACL bound to no interface) is not judged.
# custom:
#   id: network.admin_ports_restricted
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
#     Allow SSH, RDP, VNC and WinRM only from known administrative ranges (never Telnet, which is
#     clear text) or a bastion/VPN, or use a
#     session service (AWS Systems Manager Session Manager, Azure Bastion) instead. Terraform
#     aws_security_group / aws_vpc_security_group_ingress_rule: replace "0.0.0.0/0" and "::/0" in
#     cidr_blocks / ipv6_cidr_blocks of the rule on the administration port with your admin CIDR.
#     CloudFormation AWS::EC2::SecurityGroup(Ingress): set CidrIp/CidrIpv6 to that range.
#     azurerm_network_security_rule and ARM securityRules: set source_address_prefix
#     (sourceAddressPrefix) to the admin range instead of "*", "Internet" or "0.0.0.0/0".
package assay.rules.network.admin_ports_restricted

import data.assay.lib

# Ordered by port so a finding lists them in a stable order.
admin_services := [
	{"service": "SSH", "port": 22},
	{"service": "Telnet", "port": 23},
	{"service": "RDP", "port": 3389},
	{"service": "VNC", "port": 5900},
	{"service": "WinRM", "port": 5985},
	{"service": "WinRM over HTTPS", "port": 5986},
]

in_scope contains r.uid if some r in lib.firewalls_in_use

deny contains lib.finding_for_item(r, message, concat("", ["rules.", lib.fmt_d(i), ".sources"]), object.get(fr, "sources", []), fr) if {
	some r in lib.firewalls_in_use
	rules := object.get(r.props, "rules", [])
	some i, fr in rules
	lib.firewall_allows_internet(fr)
	exposed := [concat("", [lib.fmt_s(svc.service), " (tcp/", lib.fmt_d(svc.port), ")"]) |
		some svc in admin_services
		lib.firewall_opens_port(rules, fr, "tcp", svc.port)
	]
	count(exposed) > 0
	message := concat("", [
		"Firewall \"", lib.fmt_s(r.name), "\" ", lib.fmt_s(lib.firewall_rule_label(fr, i)),
		" allows ", lib.fmt_s(concat(", ", exposed)), " from ",
		lib.fmt_s(lib.firewall_internet_sources(fr)),
	])
}
