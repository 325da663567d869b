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

hosts contains r if {
	some r in lib.resources(["host.os"])
	r.props.family == "linux"
}

windows contains r if {
	some r in lib.resources(["host.os"])
	r.props.family == "windows"
}

in_scope contains r.uid if some r in hosts

in_scope contains r.uid if some r in windows

deny contains lib.finding(r, message, "firewall.defaultInputAction", "allow") if {
	some r in hosts
	r.props.firewall.defaultInputAction == "allow"
	message := sprintf("Host \"%s\" accepts inbound traffic that no firewall rule allows (%s)", [r.name, accepting(r)])
}

# Which chains let the traffic in, and what decided it ("ipv4/filter/INPUT: policy").
accepting(r) := concat("; ", [sprintf("%s: %s", [c.chain, c.decidedBy]) |
	some c in r.props.firewall.inputChains
	c.action == "allow"
]) if {
	count(object.get(r.props.firewall, "inputChains", [])) > 0
} else := "no input chain drops it"

deny contains lib.finding(r, message, "firewall.defaultInputAction", null) if {
	some r in hosts
	object.get(r.props, ["firewall", "defaultInputAction"], null) == null
	message := sprintf("Host \"%s\": its firewall's default for inbound traffic was not read", [r.name])
}

profiles := ["Domain", "Private", "Public"]

profile(r, name) := p if {
	some p in r.props.windows.firewallProfiles
	lower(p.name) == lower(name)
}

deny contains lib.finding(r, message, sprintf("windows.firewallProfiles.%s.enabled", [name]), false) if {
	some r in windows
	some name in profiles
	profile(r, name).enabled == false
	message := sprintf("Windows host \"%s\": the %s firewall profile is off", [r.name, name])
}

deny contains lib.finding(r, message, sprintf("windows.firewallProfiles.%s.defaultInboundAction", [name]), action) if {
	some r in windows
	some name in profiles
	p := profile(r, name)
	p.enabled == true
	action := p.defaultInboundAction
	lower(action) != "block"
	message := sprintf("Windows host \"%s\": the %s firewall profile's default for inbound connections is %s, not Block", [r.name, name, action])
}

deny contains lib.finding(r, message, sprintf("windows.firewallProfiles.%s", [name]), null) if {
	some r in windows
	some name in profiles
	not profile(r, name)
	message := sprintf("Windows host \"%s\": the %s firewall profile was not read", [r.name, name])
}
