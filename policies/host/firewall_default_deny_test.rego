package assay.rules.host.firewall_default_deny_test

import data.assay.rules.host.firewall_default_deny as rule

os(props) := {"kinds": {"host.os": [{"uid": "linux:web:os", "kind": "host.os", "provider": "linux", "name": "web", "location": {"host": "web"}, "props": object.union({"family": "linux"}, props)}]}}

test_drop_policy_passes if {
	rule.deny == set() with input as os({"firewall": {"defaultInputAction": "deny"}})
	rule.in_scope == {"linux:web:os"} with input as os({})
}

test_accept_policy_fails if {
	[f.evidence.value | some f in rule.deny] == ["allow"] with input as os({"firewall": {"defaultInputAction": "allow"}})
	[f.message | some f in rule.deny] == ["Host \"web\" accepts inbound traffic that no firewall rule allows (no input chain drops it)"] with input as os({"firewall": {"defaultInputAction": "allow"}})
}

test_accepting_chain_named_in_message if {
	chains := [
		{"tool": "iptables-save", "chain": "ipv4/filter/INPUT", "policy": "deny", "decidedBy": "rule 1 (line 6)", "action": "allow"},
		{"tool": "nft", "chain": "inet/filter/input", "decidedBy": "policy", "action": "allow"},
	]
	[f.message | some f in rule.deny] == ["Host \"web\" accepts inbound traffic that no firewall rule allows (ipv4/filter/INPUT: rule 1 (line 6); inet/filter/input: policy)"] with input as os({"firewall": {"defaultInputAction": "allow", "inputChains": chains}})
}

test_unread_fails_as_unknown if {
	[f.evidence.value | some f in rule.deny] == [null] with input as os({"firewall": {}})
}

win(profiles) := {"kinds": {"host.os": [{"uid": "windows:ws:os", "kind": "host.os", "provider": "windows", "name": "ws", "location": {"host": "ws"}, "props": {"family": "windows", "windows": {"firewallProfiles": profiles}}}]}}

p(name, enabled, action) := {"name": name, "enabled": enabled, "defaultInboundAction": action}

test_windows_profiles_on_and_blocking_pass if {
	rule.deny == set() with input as win([p("Domain", true, "Block"), p("Private", true, "Block"), p("Public", true, "Block")])
	rule.in_scope == {"windows:ws:os"} with input as win([])
}

test_windows_profile_off_or_allowing_fails if {
	findings := rule.deny with input as win([p("Domain", true, "Block"), p("Private", false, "Block"), p("Public", true, "Allow")])
	{f.evidence.property | some f in findings} == {"windows.firewallProfiles.Private.enabled", "windows.firewallProfiles.Public.defaultInboundAction"}
}

test_windows_unread_or_not_configured_fails_as_unknown if {
	findings := rule.deny with input as win([p("Domain", true, "NotConfigured"), p("Private", true, "Block")])
	{[f.evidence.property, f.evidence.value] | some f in findings} == {
		["windows.firewallProfiles.Domain.defaultInboundAction", "NotConfigured"],
		["windows.firewallProfiles.Public", null],
	}
}
