# METADATA
# title: Linux hosts offer no clear-text remote access services
# description: >-
#   Looks at the services of Linux hosts (unit files of telnet, the r-services, FTP and TFTP
#   servers, inetd; and every listening socket) and fails on an enabled one of those units, or a
#   socket listening on their ports (TCP 21, 23, 512-514; UDP 69). They send passwords and data
#   unencrypted and most authenticate weakly or not at all.
# custom:
#   id: host.insecure_services
#   severity: high
#   kinds: [host.service]
#   decides:
#     - enabled
#     - listening
#   remediation: >-
#     Disable and remove the service (systemctl disable --now telnet.socket; apt-get purge
#     telnetd rsh-server vsftpd tftpd-hpa), and use SSH/SFTP instead.
package assay.rules.host.insecure_services

import data.assay.lib

insecure_units := {
	"telnet.socket", "telnetd.socket", "inetd.service", "xinetd.service", "rsh.socket", "rlogin.socket",
	"rexec.socket", "vsftpd.service", "proftpd.service", "pure-ftpd.service", "tftp.socket", "tftpd-hpa.service",
}

insecure_ports := {"tcp": {21, 23, 512, 513, 514}, "udp": {69}}

services := [r |
	some r in lib.resources(["host.service"])
	r.provider == "linux"
]

in_scope contains r.uid if some r in services

deny contains lib.finding(r, message, "enabled", true) if {
	some r in services
	r.name in insecure_units
	r.props.enabled == true
	message := concat("", ["Clear-text service \"", lib.fmt_s(r.name), "\" is enabled on host \"", lib.fmt_s(r.location.host), "\""])
}

deny contains lib.finding(r, message, "listening", socket) if {
	some r in services
	some socket in object.get(r.props, "listening", [])
	socket.port in object.get(insecure_ports, socket.protocol, set())
	message := concat("", [
		"\"", lib.fmt_s(r.name), "\" listens on ", lib.fmt_s(socket.protocol), "/",
		lib.fmt_d(socket.port), " (a clear-text service port) on host \"",
		lib.fmt_s(r.location.host), "\"",
	])
}
