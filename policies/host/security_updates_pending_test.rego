package assay.rules.host.security_updates_pending_test

import data.assay.rules.host.security_updates_pending as rule

os(props) := {"kinds": {"host.os": [{"uid": "linux:web:os", "kind": "host.os", "provider": "linux", "name": "web", "location": {"host": "web"}, "props": object.union({"family": "linux"}, props)}]}}

test_up_to_date_passes if {
	rule.deny == set() with input as os({"packagesPendingSecurityUpdates": 0})
	rule.in_scope == {"linux:web:os"} with input as os({})
}

test_pending_fails if {
	[f.evidence.value | some f in rule.deny] == [3] with input as os({"packagesPendingSecurityUpdates": 3})
}

test_unread_fails_as_unknown if {
	[f.evidence.value | some f in rule.deny] == [null] with input as os({})
}
