package assay.rules.host.rdp_nla_required_test

import data.assay.rules.host.rdp_nla_required as rule

os(windows) := {"kinds": {"host.os": [{"uid": "windows:ws:os", "kind": "host.os", "provider": "windows", "name": "ws", "location": {"host": "ws"}, "props": {"family": "windows", "windows": windows}}]}}

test_nla_required_passes if {
	rule.deny == set() with input as os({"rdpEnabled": true, "nlaRequired": true})
	rule.in_scope == {"windows:ws:os"} with input as os({})
}

test_rdp_off_passes_whatever_nla_says if {
	rule.deny == set() with input as os({"rdpEnabled": false, "nlaRequired": false})
	rule.deny == set() with input as os({"rdpEnabled": false})
}

test_no_nla_fails if {
	[f.evidence.value | some f in rule.deny] == [false] with input as os({"rdpEnabled": true, "nlaRequired": false})
}

test_unread_fails_as_unknown if {
	[f.evidence.property | some f in rule.deny] == ["windows.nlaRequired"] with input as os({"rdpEnabled": true})
	[f.evidence.property | some f in rule.deny] == ["windows.rdpEnabled"] with input as os({"nlaRequired": true})
	count(rule.deny) == 1 with input as os({})
}
