# METADATA
# title: Linux hosts run the audit daemon
# description: >-
#   Fails for a Linux host whose audit daemon (auditd) is not running, or whose status could not
#   be read (no systemd and no auditctl access): without it, logons, privilege use and changes to
#   security files leave no audit trail on the host. A host without the audit tools installed
#   fails as not running.
# custom:
#   id: host.auditd_running
#   severity: medium
#   kinds: [host.os]
#   decides:
#     - auditd.running
#   remediation: >-
#     Install and start auditd (Debian/Ubuntu: apt-get install auditd; RHEL: dnf install audit),
#     `systemctl enable --now auditd`, and load rules for logons, privileged commands and
#     identity files (e.g. the CIS or STIG rule sets under /etc/audit/rules.d/).
package assay.rules.host.auditd_running

import data.assay.lib

hosts := [r |
	some r in lib.resources(["host.os"])
	r.props.family == "linux"
]

in_scope contains r.uid if some r in hosts

deny contains lib.finding(r, message, "auditd.running", false) if {
	some r in hosts
	r.props.auditd.running == false
	message := concat("", ["Host \"", lib.fmt_s(r.name), "\" does not run the audit daemon (auditd)"])
}

deny contains lib.finding(r, message, "auditd.running", null) if {
	some r in hosts
	object.get(r.props, ["auditd", "running"], null) == null
	message := concat("", ["Host \"", lib.fmt_s(r.name), "\": whether auditd runs was not read"])
}
