# METADATA
# title: Remote Desktop requires Network Level Authentication
# description: >-
#   Fails for a Windows host that accepts Remote Desktop connections (fDenyTSConnections 0) without
#   Network Level Authentication (UserAuthentication not 1, Group Policy first, then the RDP-Tcp
#   listener). Without NLA the server opens a full logon session, and its attack surface
#   (BlueKeep), to anyone who connects before they have authenticated. A host with Remote Desktop
#   off passes; a setting that could not be read fails as unknown.
# custom:
#   id: host.rdp_nla_required
#   severity: high
#   kinds: [host.os]
#   decides:
#     - windows.rdpEnabled
#     - windows.nlaRequired
#   remediation: >-
#     Group Policy: Computer Configuration > Administrative Templates > Windows Components > Remote
#     Desktop Services > Remote Desktop Session Host > Security > "Require user authentication for
#     remote connections by using Network Level Authentication": Enabled (or System Properties >
#     Remote > "Allow connections only from computers running Remote Desktop with Network Level
#     Authentication").
package assay.rules.host.rdp_nla_required

import data.assay.lib

hosts := [r |
	some r in lib.resources(["host.os"])
	r.props.family == "windows"
]

in_scope contains r.uid if some r in hosts

rdp_on_or_unknown(r) if object.get(r.props, ["windows", "rdpEnabled"], null) != false

deny contains lib.finding(r, message, "windows.nlaRequired", false) if {
	some r in hosts
	rdp_on_or_unknown(r)
	r.props.windows.nlaRequired == false
	message := concat("", ["Windows host \"", lib.fmt_s(r.name), "\" accepts Remote Desktop connections without Network Level Authentication"])
}

deny contains lib.finding(r, message, "windows.nlaRequired", null) if {
	some r in hosts
	rdp_on_or_unknown(r)
	object.get(r.props, ["windows", "nlaRequired"], null) == null
	message := concat("", [
		"Windows host \"", lib.fmt_s(r.name),
		"\": whether Remote Desktop requires Network Level Authentication was not read",
	])
}

deny contains lib.finding(r, message, "windows.rdpEnabled", null) if {
	some r in hosts
	r.props.windows.nlaRequired == true
	object.get(r.props, ["windows", "rdpEnabled"], null) == null
	message := concat("", ["Windows host \"", lib.fmt_s(r.name), "\": whether Remote Desktop is on was not read"])
}
