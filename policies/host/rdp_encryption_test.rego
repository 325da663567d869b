package assay.rules.host.rdp_encryption_test

import data.assay.rules.host.rdp_encryption as rule

os(windows) := {"kinds": {"host.os": [{"uid": "windows:ws:os", "kind": "host.os", "provider": "windows", "name": "ws", "location": {"host": "ws"}, "props": {"family": "windows", "windows": windows}}]}}

test_tls_and_high_or_fips_pass if {
	rule.deny == set() with input as os({"rdpEnabled": true, "rdpSecurityLayer": "tls", "rdpMinEncryptionLevel": "high"})
	rule.deny == set() with input as os({"rdpEnabled": true, "rdpSecurityLayer": "tls", "rdpMinEncryptionLevel": "fips"})
	rule.deny == set() with input as os({"rdpEnabled": false})
}

test_weak_layer_and_level_fail if {
	values := {f.evidence.value | some f in rule.deny} with input as os({"rdpEnabled": true, "rdpSecurityLayer": "negotiate", "rdpMinEncryptionLevel": "client-compatible"})
	values == {"negotiate", "client-compatible"}
	[f.evidence.value | some f in rule.deny] == ["rdp"] with input as os({"rdpSecurityLayer": "rdp", "rdpMinEncryptionLevel": "high"})
}

test_unread_fails_as_unknown if {
	[f.evidence.property | some f in rule.deny] == ["windows.rdpMinEncryptionLevel"] with input as os({"rdpEnabled": true, "rdpSecurityLayer": "tls"})
}
