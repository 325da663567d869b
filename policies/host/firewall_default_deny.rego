# METADATA
# title: Host firewalls drop inbound traffic no rule allows
# description: >-
#   Linux: fails for a host whose firewall accepts inbound traffic that no narrower rule decides,
#   judged as network.firewall_default_deny judges a chain (the chains netfilter.ts reads from
#   `nft -j list ruleset` and `iptables-save`): in no input or prerouting base chain does the first
#   rule matching every packet, or failing one the chain's policy, drop it. Windows: fails for each
#   of the Domain, Private and Public firewall profiles (Get-NetFirewallProfile, ActiveStore) that
#   is off or whose default inbound action is not Block. A firewall that could not be read (the
#   commands missing or not permitted, a ruleset line that could not be parsed where it could
#   hide an accept-everything rule, a profile missing or NotConfigured) fails as unknown.
# custom:
#   id: host.firewall_default_deny
#   severity: medium
#   kinds: [host.os]
#   decides:
#     - firewall.defaultInputAction
#     - firewall.inputChains
#     - windows.firewallProfiles
#   remediation: >-
#     Linux: give the input chain a drop policy and allow only the services the host offers, e.g.
#     nftables `chain input { type filter hook input priority 0; policy drop; ct state
#     established,related accept; iif lo accept; tcp dport 22 accept; }`, or `iptables -P INPUT
#     DROP` after the allow rules (ufw default deny incoming; firewalld's default zone drop).
#     Windows: `Set-NetFirewallProfile -Profile Domain,Private,Public -Enabled True
#     -DefaultInboundAction Block` (or the Group Policy Windows Defender Firewall profiles: State On,
#     Inbound connections Block), with allow rules for the services the host offers.
package assay.rules.host.firewall_default_deny

import data.assay.lib

hosts := [r |
	some r in lib.resources(["host.os"])
	r.props.family == "linux"
]

windows := [r |
	some r in lib.resources(["host.os"])
	r.props.family == "windows"
]

in_scope contains r.uid if some r in hosts

in_scope contains r.uid if some r in windows

deny contains lib.finding(r, message, "firewall.defaultInputAction", "allow") if {
	some r in hosts
	r.props.firewall.defaultInputAction == "allow"
	message := concat("", [
		"Host \"", lib.fmt_s(r.name), "\" accepts inbound traffic that no firewall rule allows (",
		lib.fmt_s(accepting(r)), ")",
	])
}

# Which chains let the traffic in, and what decided it ("ipv4/filter/INPUT: policy").
accepting(r) := concat("; ", [concat("", [lib.fmt_s(c.chain), ": ", lib.fmt_s(c.decidedBy)]) |
	some c in r.props.firewall.inputChains
	c.action == "allow"
]) if {
	count(object.get(r.props.firewall, "inputChains", [])) > 0
} else := "no input chain drops it"

deny contains lib.finding(r, message, "firewall.defaultInputAction", null) if {
	some r in hosts
	object.get(r.props, ["firewall", "defaultInputAction"], null) == null
	message := concat("", ["Host \"", lib.fmt_s(r.name), "\": its firewall's default for inbound traffic was not read"])
}

profiles := ["Domain", "Private", "Public"]

profile(r, name) := p if {
	some p in r.props.windows.firewallProfiles
	lower(p.name) == lower(name)
}

deny contains lib.finding(r, message, concat("", ["windows.firewallProfiles.", lib.fmt_s(name), ".enabled"]), false) if {
	some r in windows
	some name in profiles
	profile(r, name).enabled == false
	message := concat("", ["Windows host \"", lib.fmt_s(r.name), "\": the ", lib.fmt_s(name), " firewall profile is off"])
}

deny contains lib.finding(r, message, concat("", ["windows.firewallProfiles.", lib.fmt_s(name), ".defaultInboundAction"]), action) if {
	some r in windows
	some name in profiles
	p := profile(r, name)
	p.enabled == true
	action := p.defaultInboundAction
	lower(action) != "block"
	message := concat("", [
		"Windows host \"", lib.fmt_s(r.name), "\": the ", lib.fmt_s(name),
		" firewall profile's default for inbound connections is ", lib.fmt_s(action), ", not Block",
	])
}

deny contains lib.finding(r, message, concat("", ["windows.firewallProfiles.", lib.fmt_s(name)]), null) if {
	some r in windows
	some name in profiles
	not profile(r, name)
	message := concat("", ["Windows host \"", lib.fmt_s(r.name), "\": the ", lib.fmt_s(name), " firewall profile was not read"])
}
