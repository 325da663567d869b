# METADATA
# title: SSH sessions end after at most 15 minutes without an answer from the client
# description: >-
#   Reads ClientAliveInterval and ClientAliveCountMax of each SSH server and fails unless both are
#   above 0 and their product is at most 900 seconds, following PCI DSS v4.0.1 requirement 8.2.8
#   (idle sessions end after 15 minutes). sshd disconnects a client that leaves that many
#   keepalives unanswered; it does not end a session whose client still answers, so a shell
#   timeout (TMOUT) is still needed and is not checked here. An interval of 0 sends no keepalives
#   and a count of 0 disables the disconnect (OpenSSH 8.2 and later); a value not read fails as
#   unknown.
# custom:
#   id: host.ssh_idle_timeout
#   severity: medium
#   kinds: [host.ssh]
#   decides:
#     - clientAliveIntervalSeconds
#     - clientAliveCountMax
#   remediation: >-
#     Set `ClientAliveInterval 300` and `ClientAliveCountMax 3` (or any pair whose product is at
#     most 900) in /etc/ssh/sshd_config and reload sshd; add `TMOUT=900; readonly TMOUT` in
#     /etc/profile.d/ for idle shells.
package assay.rules.host.ssh_idle_timeout

import data.assay.lib

max_seconds := 900

servers := lib.resources(["host.ssh"])

in_scope contains r.uid if some r in servers

deny contains lib.finding(r, message, "clientAliveIntervalSeconds", 0) if {
	some r in servers
	r.props.clientAliveIntervalSeconds == 0
	message := concat("", [
		"SSH server \"", lib.fmt_s(r.name),
		"\" never checks whether the client is still there (ClientAliveInterval 0), so idle sessions are not ended",
	])
}

deny contains lib.finding(r, message, "clientAliveCountMax", 0) if {
	some r in servers
	r.props.clientAliveIntervalSeconds > 0
	r.props.clientAliveCountMax == 0
	message := concat("", ["SSH server \"", lib.fmt_s(r.name), "\" never disconnects unresponsive clients (ClientAliveCountMax 0)"])
}

deny contains lib.finding(r, message, "clientAliveIntervalSeconds", r.props.clientAliveIntervalSeconds) if {
	some r in servers
	r.props.clientAliveCountMax > 0
	seconds := r.props.clientAliveIntervalSeconds * r.props.clientAliveCountMax
	seconds > max_seconds
	message := concat("", [
		"SSH server \"", lib.fmt_s(r.name), "\" ends unresponsive sessions after ",
		lib.fmt_d(seconds), " seconds (ClientAliveInterval ",
		lib.fmt_d(r.props.clientAliveIntervalSeconds), " x ClientAliveCountMax ",
		lib.fmt_d(r.props.clientAliveCountMax), "; at most ", lib.fmt_d(max_seconds), " allowed)",
	])
}

deny contains lib.finding(r, message, prop, null) if {
	some r in servers
	some prop in ["clientAliveIntervalSeconds", "clientAliveCountMax"]
	object.get(r.props, prop, null) == null
	message := concat("", ["SSH server \"", lib.fmt_s(r.name), "\": ", lib.fmt_s(prop), " was not read"])
}
