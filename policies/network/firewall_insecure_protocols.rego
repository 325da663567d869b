# METADATA
# title: Device firewalls do not permit clear-text protocols (Telnet, FTP, TFTP, r-services)
# description: >-
#   Fails for every enabled, reachable allow rule of a device rulebase whose ports name a
#   clear-text protocol that carries credentials or files: FTP (tcp/21), Telnet (tcp/23), TFTP
#   (udp/69) and the BSD r-services rexec, rlogin and rsh (tcp/512-514), from any source. Rules
#   that open every port are not counted here (network.firewall_any_any_permit and
#   network.unrestricted_ingress report them); plain HTTP (tcp/80) is not reported on data-plane
#   rulebases because a rule there cannot tell a web site from a management interface, but it is
#   on a device's management-access rulebase (Cisco IOS `ip http server`), where it is the device's
#   own administration over clear text. One finding per rule lists every such protocol it permits.
#   Rulebases in no use (an ACL bound to no interface, a chain nothing jumps to) are not judged.
# custom:
#   id: network.firewall_insecure_protocols
#   severity: medium
#   kinds: [network.firewall]
#   decides:
#     - firstMatch
#     - attachedTo
#     - binding
#     - rules[].action
#     - rules[].protocol
#     - rules[].ports
#     - rules[].enabled
#     - rules[].shadowedBy
#   remediation: >-
#     Cisco IOS management: `transport input ssh` on every `line vty`, `no ip http server` with
#     `ip http secure-server`. Elsewhere: replace the clear-text protocol with an encrypted one (SSH/SFTP/SCP instead of Telnet, FTP,
#     TFTP and r-services; FTPS where FTP must stay) and remove the permit rule; where a legacy
#     system needs it, restrict the rule to that system's addresses and document the added
#     security features (PCI DSS 1.2.6).
package assay.rules.network.firewall_insecure_protocols

import data.assay.lib

insecure_services := [
	{"service": "FTP", "protocol": "tcp", "port": 21},
	{"service": "Telnet", "protocol": "tcp", "port": 23},
	{"service": "TFTP", "protocol": "udp", "port": 69},
	{"service": "rexec", "protocol": "tcp", "port": 512},
	{"service": "rlogin", "protocol": "tcp", "port": 513},
	{"service": "rsh", "protocol": "tcp", "port": 514},
]

# The device's own web administration, judged only where the rulebase is management access.
management_services := [{"service": "HTTP administration", "protocol": "tcp", "port": 80}]

services_of(r) := array.concat(insecure_services, management_services) if {
	endswith(r.nativeType, "management access")
} else := insecure_services

in_scope contains r.uid if {
	some r in lib.resources(["network.firewall"])
	lib.firewall_device(r)
}

deny contains lib.finding_for_item(r, message, concat("", ["rules.", lib.fmt_d(i), ".ports"]), fr.ports, fr) if {
	some r in lib.resources(["network.firewall"])
	lib.firewall_device(r)
	some i, fr in r.props.rules
	fr.action == "allow"
	lib.firewall_rule_active(fr)
	not lib.firewall_covers_all_ports(fr)
	permitted := [concat("", [lib.fmt_s(svc.service), " (", lib.fmt_s(svc.protocol), "/", lib.fmt_d(svc.port), ")"]) |
		some svc in services_of(r)
		lib.firewall_protocol_covers(fr, svc.protocol)
		lib.firewall_covers_port(fr, svc.port)
	]
	count(permitted) > 0
	message := concat("", [
		"Firewall \"", lib.fmt_s(r.name), "\" ", lib.fmt_s(lib.firewall_device_rule_label(fr, i)),
		" permits clear-text ", lib.fmt_s(concat(", ", permitted)),
	])
}
