package assay.rules.host.ssh_root_login_test

import data.assay.rules.host.ssh_root_login as rule

sshd(props) := {"kinds": {"host.ssh": [{"uid": "linux:web:sshd", "kind": "host.ssh", "provider": "linux", "name": "web sshd", "location": {"host": "web"}, "props": props}]}}

test_no_passes if {
	rule.deny == set() with input as sshd({"permitRootLogin": "no"})
	rule.in_scope == {"linux:web:sshd"} with input as sshd({"permitRootLogin": "no"})
}

test_yes_fails if {
	[f.evidence.value | some f in rule.deny] == ["yes"] with input as sshd({"permitRootLogin": "yes"})
}

test_prohibit_password_fails if {
	count(rule.deny) == 1 with input as sshd({"permitRootLogin": "prohibit-password"})
}

test_unread_fails_as_unknown if {
	[f.evidence.value | some f in rule.deny] == [null] with input as sshd({})
}
