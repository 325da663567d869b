# METADATA
# title: SSH servers refuse direct root logins
# description: >-
#   Reads the effective sshd configuration (`sshd -T`) of each Linux host and fails unless
#   PermitRootLogin is "no". "yes", "prohibit-password" and "forced-commands-only" all let someone
#   sign in as root, the one shared account, so the person who acted is not known; administrators
#   sign in as themselves and elevate with sudo. A host whose setting was not read fails as unknown.
# custom:
#   id: host.ssh_root_login
#   severity: high
#   kinds: [host.ssh]
#   decides:
#     - permitRootLogin
#   remediation: >-
#     Set `PermitRootLogin no` in /etc/ssh/sshd_config (and in any file under
#     /etc/ssh/sshd_config.d/ that sets it first), check with `sshd -T | grep permitrootlogin`, then
#     reload sshd. Give administrators their own accounts with sudo.
package assay.rules.host.ssh_root_login

import data.assay.lib

servers := lib.resources(["host.ssh"])

in_scope contains r.uid if some r in servers

deny contains lib.finding(r, message, "permitRootLogin", r.props.permitRootLogin) if {
	some r in servers
	r.props.permitRootLogin != "no"
	message := concat("", [
		"SSH server \"", lib.fmt_s(r.name), "\" allows root to sign in directly (PermitRootLogin ",
		lib.fmt_s(r.props.permitRootLogin), ")",
	])
}

deny contains lib.finding(r, message, "permitRootLogin", null) if {
	some r in servers
	object.get(r.props, "permitRootLogin", null) == null
	message := concat("", ["SSH server \"", lib.fmt_s(r.name), "\": PermitRootLogin was not read"])
}
