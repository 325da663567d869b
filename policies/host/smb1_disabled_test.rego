package assay.rules.host.smb1_disabled_test

import data.assay.rules.host.smb1_disabled as rule

os(family, windows) := {"kinds": {"host.os": [{"uid": "windows:ws:os", "kind": "host.os", "provider": "windows", "name": "ws", "location": {"host": "ws"}, "props": {"family": family, "windows": windows}}]}}

test_both_off_passes if {
	rule.deny == set() with input as os("windows", {"smb1Enabled": false, "smb1ClientEnabled": false})
	rule.in_scope == {"windows:ws:os"} with input as os("windows", {})
}

test_server_or_client_on_fails if {
	[f.evidence.property | some f in rule.deny] == ["windows.smb1Enabled"] with input as os("windows", {"smb1Enabled": true, "smb1ClientEnabled": false})
	[f.evidence.property | some f in rule.deny] == ["windows.smb1ClientEnabled"] with input as os("windows", {"smb1Enabled": false, "smb1ClientEnabled": true})
}

test_unread_fails_as_unknown if {
	[f.evidence.value | some f in rule.deny] == [null] with input as os("windows", {"smb1Enabled": false})
}

test_linux_not_in_scope if {
	rule.in_scope == set() with input as os("linux", {})
}
