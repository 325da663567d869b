# METADATA
# title: Network devices store the privileged (enable) password as a one-way hash
# description: >-
#   Fails for a network device (Cisco IOS running configuration) whose privileged-mode password
#   is set with `enable password` and no `enable secret`: IOS stores it in clear, or as type 7
#   under `service password-encryption`, an encoding anyone can reverse, so a copy of the
#   configuration (a backup, a support case, this scan's input) hands out the device's highest
#   privilege. `enable secret` is stored hashed (type 5, 8 or 9) and takes precedence when both are
#   set. A device that sets neither is not judged (it is not in scope).
# custom:
#   id: network.device_enable_secret
#   severity: high
#   kinds: [network.device]
#   decides:
#     - enablePassword
#   remediation: >-
#     Set the privileged password with `enable algorithm-type scrypt secret PASSWORD` (type 9) and
#     remove `enable password` (`no enable password`).
package assay.rules.network.device_enable_secret

import data.assay.lib

judged := [r |
	some r in lib.resources(["network.device"])
	r.props.enablePassword
]

in_scope contains r.uid if some r in judged

deny contains lib.finding(r, message, "enablePassword.storage", p.storage) if {
	some r in judged
	p := r.props.enablePassword
	p.storage != "secret"
	message := concat("", [
		"Device \"", lib.fmt_s(r.name), "\" stores its enable password ",
		lib.fmt_s(storage_label(p.storage)), ": `enable password` without `enable secret` (line ",
		lib.fmt_d(p.line), ")",
	])
}

storage_label("type7") := "as reversible type 7"

storage_label("clear") := "in clear text"
