# METADATA
# title: Linux host firewalls drop inbound traffic no rule allows
# description: >-
#   Fails for a Linux host whose host firewall accepts inbound traffic that no rule matches: no
#   nftables base chain on the input hook with policy drop, and iptables' INPUT chain policy
#   ACCEPT. Only chain policies are read: a final catch-all drop rule is not recognised yet, and a
#   host whose firewall could not be read (nft and iptables-save missing or not permitted) fails
#   as unknown.
# custom:
#   id: host.firewall_default_deny
#   severity: medium
#   kinds: [host.os]
#   decides:
#     - firewall.defaultInputAction
#   remediation: >-
#     Give the input chain a drop policy and allow only the services the host offers, e.g.
#     nftables `chain input { type filter hook input priority 0; policy drop; ct state
#     established,related accept; iif lo accept; tcp dport 22 accept; }`, or `iptables -P INPUT
#     DROP` after the allow rules (ufw default deny incoming; firewalld's default zone drop).
package assay.rules.host.firewall_default_deny

import data.assay.lib

hosts contains r if {
	some r in lib.resources(["host.os"])
	r.props.family == "linux"
}

in_scope contains r.uid if some r in hosts

deny contains lib.finding(r, message, "firewall.defaultInputAction", "allow") if {
	some r in hosts
	r.props.firewall.defaultInputAction == "allow"
	message := sprintf("Host \"%s\" accepts inbound traffic that no firewall rule allows (input chain policy accept)", [r.name])
}

deny contains lib.finding(r, message, "firewall.defaultInputAction", null) if {
	some r in hosts
	object.get(r.props, ["firewall", "defaultInputAction"], null) == null
	message := sprintf("Host \"%s\": its firewall's default for inbound traffic was not read", [r.name])
}
