# METADATA
# title: Linux hosts synchronise their clocks
# description: >-
#   Fails for a Linux host whose clock is not synchronised with a time source (timedatectl
#   NTPSynchronized, or chrony's leap status), whose NTP client is off, or whose time
#   synchronisation state could not be read. Log timestamps from hosts with drifting clocks cannot
#   be correlated in an investigation.
# custom:
#   id: host.time_sync
#   severity: medium
#   kinds: [host.os]
#   decides:
#     - timeSync.synchronized
#     - timeSync.ntpEnabled
#   remediation: >-
#     Run one time client against the organisation's designated time servers: `timedatectl
#     set-ntp true` (systemd-timesyncd) or chrony with `server` lines in /etc/chrony/chrony.conf,
#     then check `timedatectl` or `chronyc tracking`.
package assay.rules.host.time_sync

import data.assay.lib

hosts := [r |
	some r in lib.resources(["host.os"])
	r.props.family == "linux"
]

in_scope contains r.uid if some r in hosts

deny contains lib.finding(r, message, "timeSync.synchronized", false) if {
	some r in hosts
	r.props.timeSync.synchronized == false
	message := concat("", ["Host \"", lib.fmt_s(r.name), "\" has no synchronised clock"])
}

deny contains lib.finding(r, message, "timeSync.ntpEnabled", false) if {
	some r in hosts
	r.props.timeSync.ntpEnabled == false
	message := concat("", ["Host \"", lib.fmt_s(r.name), "\" has network time synchronisation switched off"])
}

deny contains lib.finding(r, message, "timeSync.synchronized", null) if {
	some r in hosts
	object.get(r.props, ["timeSync", "synchronized"], null) == null
	message := concat("", ["Host \"", lib.fmt_s(r.name), "\": whether its clock is synchronised was not read"])
}
