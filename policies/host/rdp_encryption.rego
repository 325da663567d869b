# METADATA
# title: Remote Desktop uses TLS and high encryption
# description: >-
#   Fails for a Windows host that accepts Remote Desktop connections with a security layer other
#   than TLS (SecurityLayer 0 "RDP" or 1 "Negotiate", which falls back to RDP's own encryption
#   and leaves the server unauthenticated) or a minimum encryption level below High
#   (MinEncryptionLevel 1 "Low" or 2 "Client Compatible"), Group Policy first, then the RDP-Tcp
#   listener. A host with Remote Desktop off passes; a setting that could not be read fails as
#   unknown.
# custom:
#   id: host.rdp_encryption
#   severity: medium
#   kinds: [host.os]
#   decides:
#     - windows.rdpEnabled
#     - windows.rdpSecurityLayer
#     - windows.rdpMinEncryptionLevel
#   remediation: >-
#     Group Policy: Remote Desktop Session Host > Security > "Require use of specific security
#     layer for remote (RDP) connections": SSL, and "Set client connection encryption level": High
#     Level; give the listener a certificate from your CA so clients can verify it.
package assay.rules.host.rdp_encryption

import data.assay.lib

hosts := [r |
	some r in lib.resources(["host.os"])
	r.props.family == "windows"
]

in_scope contains r.uid if some r in hosts

rdp_on_or_unknown(r) if object.get(r.props, ["windows", "rdpEnabled"], null) != false

weak := {
	"rdpSecurityLayer": {"rdp", "negotiate"},
	"rdpMinEncryptionLevel": {"low", "client-compatible"},
}

names := {"rdpSecurityLayer": "security layer", "rdpMinEncryptionLevel": "minimum encryption level"}

deny contains lib.finding(r, message, concat("", ["windows.", lib.fmt_s(prop)]), value) if {
	some r in hosts
	rdp_on_or_unknown(r)
	some prop, values in weak
	value := r.props.windows[prop]
	value in values
	message := concat("", [
		"Windows host \"", lib.fmt_s(r.name), "\" accepts Remote Desktop connections with ",
		lib.fmt_s(names[prop]), " \"", lib.fmt_s(value), "\" (TLS and High are required)",
	])
}

deny contains lib.finding(r, message, concat("", ["windows.", lib.fmt_s(prop)]), null) if {
	some r in hosts
	rdp_on_or_unknown(r)
	some prop, _ in weak
	object.get(r.props, ["windows", prop], null) == null
	message := concat("", ["Windows host \"", lib.fmt_s(r.name), "\": the Remote Desktop ", lib.fmt_s(names[prop]), " was not read"])
}
