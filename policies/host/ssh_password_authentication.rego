# METADATA
# title: SSH servers accept keys, not passwords
# description: >-
#   Reads the effective sshd configuration and fails when PasswordAuthentication or
#   KbdInteractiveAuthentication (through which PAM asks for the password) is on: passwords can be
#   guessed online and phished, keys cannot. A host whose PasswordAuthentication was not read fails
#   as unknown.
# custom:
#   id: host.ssh_password_authentication
#   severity: high
#   kinds: [host.ssh]
#   decides:
#     - passwordAuthentication
#     - kbdInteractiveAuthentication
#   remediation: >-
#     Set `PasswordAuthentication no` and `KbdInteractiveAuthentication no` in
#     /etc/ssh/sshd_config, distribute public keys (or SSH certificates) to users first, then
#     reload sshd.
package assay.rules.host.ssh_password_authentication

import data.assay.lib

servers := lib.resources(["host.ssh"])

in_scope contains r.uid if some r in servers

deny contains lib.finding(r, message, "passwordAuthentication", true) if {
	some r in servers
	r.props.passwordAuthentication == true
	message := concat("", ["SSH server \"", lib.fmt_s(r.name), "\" accepts passwords (PasswordAuthentication yes)"])
}

deny contains lib.finding(r, message, "kbdInteractiveAuthentication", true) if {
	some r in servers
	r.props.kbdInteractiveAuthentication == true
	message := concat("", [
		"SSH server \"", lib.fmt_s(r.name),
		"\" accepts keyboard-interactive logins, which ask for the password (KbdInteractiveAuthentication yes)",
	])
}

deny contains lib.finding(r, message, "passwordAuthentication", null) if {
	some r in servers
	object.get(r.props, "passwordAuthentication", null) == null
	message := concat("", ["SSH server \"", lib.fmt_s(r.name), "\": PasswordAuthentication was not read"])
}
