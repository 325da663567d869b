package assay.rules.host.time_sync_test

import data.assay.rules.host.time_sync as rule

os(props) := {"kinds": {"host.os": [{"uid": "linux:web:os", "kind": "host.os", "provider": "linux", "name": "web", "location": {"host": "web"}, "props": object.union({"family": "linux"}, props)}]}}

test_synchronised_passes if {
	rule.deny == set() with input as os({"timeSync": {"synchronized": true, "ntpEnabled": true}})
	rule.in_scope == {"linux:web:os"} with input as os({})
}

test_unsynchronised_fails if {
	[f.evidence.property | some f in rule.deny] == ["timeSync.synchronized"] with input as os({"timeSync": {"synchronized": false}})
}

test_ntp_off_fails if {
	[f.evidence.property | some f in rule.deny] == ["timeSync.ntpEnabled"] with input as os({"timeSync": {"synchronized": true, "ntpEnabled": false}})
}

test_unread_fails_as_unknown if {
	[f.evidence.value | some f in rule.deny] == [null] with input as os({})
}

test_other_families_out_of_scope if {
	rule.in_scope == set() with input as os({"family": "windows"})
}
