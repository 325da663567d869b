package assay.rules.host.ssh_password_authentication_test

import data.assay.rules.host.ssh_password_authentication as rule

sshd(props) := {"kinds": {"host.ssh": [{"uid": "linux:web:sshd", "kind": "host.ssh", "provider": "linux", "name": "web sshd", "location": {"host": "web"}, "props": props}]}}

test_keys_only_passes if {
	rule.deny == set() with input as sshd({"passwordAuthentication": false, "kbdInteractiveAuthentication": false})
	rule.in_scope == {"linux:web:sshd"} with input as sshd({"passwordAuthentication": false})
}

test_password_fails if {
	[f.evidence.property | some f in rule.deny] == ["passwordAuthentication"] with input as sshd({"passwordAuthentication": true})
}

test_keyboard_interactive_fails if {
	[f.evidence.property | some f in rule.deny] == ["kbdInteractiveAuthentication"] with input as sshd({"passwordAuthentication": false, "kbdInteractiveAuthentication": true})
}

test_unread_fails_as_unknown if {
	[f.evidence.value | some f in rule.deny] == [null] with input as sshd({})
}
