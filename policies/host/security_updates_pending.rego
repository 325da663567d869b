# METADATA
# title: Linux hosts have no pending security updates
# description: >-
#   Fails for a Linux host with packages whose security update is available but not installed
#   (apt-get -s upgrade from a security suite, or dnf updateinfo --security), following PCI DSS
#   v4.0.1 requirement 6.3.3 (security patches installed within one month of release; the
#   collector sees that an update is pending, not how long it has been). A host whose updates
#   could not be listed fails as unknown.
# custom:
#   id: host.security_updates_pending
#   severity: high
#   kinds: [host.os]
#   decides:
#     - packagesPendingSecurityUpdates
#   remediation: >-
#     Install the updates (apt-get upgrade, or dnf upgrade --security), restart the affected
#     services or reboot for a new kernel, and enable automatic security updates
#     (unattended-upgrades, dnf-automatic) or a patch schedule shorter than a month.
package assay.rules.host.security_updates_pending

import data.assay.lib

hosts := [r |
	some r in lib.resources(["host.os"])
	r.props.family == "linux"
]

in_scope contains r.uid if some r in hosts

deny contains lib.finding(r, message, "packagesPendingSecurityUpdates", n) if {
	some r in hosts
	n := r.props.packagesPendingSecurityUpdates
	n > 0
	message := concat("", ["Host \"", lib.fmt_s(r.name), "\" has ", lib.fmt_d(n), " package(s) with a pending security update"])
}

deny contains lib.finding(r, message, "packagesPendingSecurityUpdates", null) if {
	some r in hosts
	object.get(r.props, "packagesPendingSecurityUpdates", null) == null
	message := concat("", ["Host \"", lib.fmt_s(r.name), "\": pending security updates were not listed"])
}
