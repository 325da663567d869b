package assay.rules.host.ssh_idle_timeout_test

import data.assay.rules.host.ssh_idle_timeout as rule

sshd(props) := {"kinds": {"host.ssh": [{"uid": "linux:web:sshd", "kind": "host.ssh", "provider": "linux", "name": "web sshd", "location": {"host": "web"}, "props": props}]}}

test_fifteen_minutes_passes if {
	rule.deny == set() with input as sshd({"clientAliveIntervalSeconds": 300, "clientAliveCountMax": 3})
	rule.in_scope == {"linux:web:sshd"} with input as sshd({})
}

test_default_zero_interval_fails if {
	[f.evidence.property | some f in rule.deny] == ["clientAliveIntervalSeconds"] with input as sshd({"clientAliveIntervalSeconds": 0, "clientAliveCountMax": 3})
}

test_zero_count_fails if {
	[f.evidence.property | some f in rule.deny] == ["clientAliveCountMax"] with input as sshd({"clientAliveIntervalSeconds": 300, "clientAliveCountMax": 0})
}

test_too_long_fails if {
	[f.evidence.value | some f in rule.deny] == [600] with input as sshd({"clientAliveIntervalSeconds": 600, "clientAliveCountMax": 3})
}

test_unread_fails_as_unknown if {
	count(rule.deny) == 2 with input as sshd({})
}
