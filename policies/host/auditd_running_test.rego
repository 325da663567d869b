package assay.rules.host.auditd_running_test

import data.assay.rules.host.auditd_running as rule

os(props) := {"kinds": {"host.os": [{"uid": "linux:web:os", "kind": "host.os", "provider": "linux", "name": "web", "location": {"host": "web"}, "props": object.union({"family": "linux"}, props)}]}}

test_running_passes if {
	rule.deny == set() with input as os({"auditd": {"running": true}})
	rule.in_scope == {"linux:web:os"} with input as os({})
}

test_stopped_fails if {
	[f.evidence.value | some f in rule.deny] == [false] with input as os({"auditd": {"running": false}})
}

test_unread_fails_as_unknown if {
	[f.evidence.value | some f in rule.deny] == [null] with input as os({"auditd": {"rules": []}})
}
