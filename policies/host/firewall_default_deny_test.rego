package assay.rules.host.firewall_default_deny_test

import data.assay.rules.host.firewall_default_deny as rule

os(props) := {"kinds": {"host.os": [{"uid": "linux:web:os", "kind": "host.os", "provider": "linux", "name": "web", "location": {"host": "web"}, "props": object.union({"family": "linux"}, props)}]}}

test_drop_policy_passes if {
	rule.deny == set() with input as os({"firewall": {"defaultInputAction": "deny"}})
	rule.in_scope == {"linux:web:os"} with input as os({})
}

test_accept_policy_fails if {
	[f.evidence.value | some f in rule.deny] == ["allow"] with input as os({"firewall": {"defaultInputAction": "allow"}})
}

test_unread_fails_as_unknown if {
	[f.evidence.value | some f in rule.deny] == [null] with input as os({"firewall": {}})
}
