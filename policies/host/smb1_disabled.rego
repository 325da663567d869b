# METADATA
# title: Windows hosts have SMBv1 off, as server and as client
# description: >-
#   Fails for a Windows host whose SMB server accepts SMBv1 (Get-SmbServerConfiguration
#   EnableSMB1Protocol) or whose SMBv1 client driver (mrxsmb10) is installed and not disabled.
#   SMBv1 has no pre-authentication integrity or encryption and carried EternalBlue/WannaCry;
#   Microsoft deprecated it. A setting that could not be read fails as unknown.
# custom:
#   id: host.smb1_disabled
#   severity: high
#   kinds: [host.os]
#   decides:
#     - windows.smb1Enabled
#     - windows.smb1ClientEnabled
#   remediation: >-
#     Server: `Set-SmbServerConfiguration -EnableSMB1Protocol $false -Force`. Client and server
#     feature: `Disable-WindowsOptionalFeature -Online -FeatureName SMB1Protocol` (or Group Policy
#     MS Security Guide "Configure SMBv1 client driver: Disable driver" and "Configure SMBv1 server:
#     Disabled"), then restart.
package assay.rules.host.smb1_disabled

import data.assay.lib

hosts := [r |
	some r in lib.resources(["host.os"])
	r.props.family == "windows"
]

in_scope contains r.uid if some r in hosts

sides := {"smb1Enabled": "SMB server accepts SMBv1", "smb1ClientEnabled": "SMBv1 client driver is enabled"}

deny contains lib.finding(r, message, concat("", ["windows.", lib.fmt_s(prop)]), true) if {
	some r in hosts
	some prop, what in sides
	r.props.windows[prop] == true
	message := concat("", ["Windows host \"", lib.fmt_s(r.name), "\": the ", lib.fmt_s(what)])
}

deny contains lib.finding(r, message, concat("", ["windows.", lib.fmt_s(prop)]), null) if {
	some r in hosts
	some prop, what in sides
	object.get(r.props, ["windows", prop], null) == null
	message := concat("", ["Windows host \"", lib.fmt_s(r.name), "\": whether the ", lib.fmt_s(what), " was not read"])
}
