# METADATA
# title: Network devices answer to no default SNMP community
# description: >-
#   Fails for every SNMP v1/v2c community of a network device (Cisco IOS running configuration)
#   named "public" or "private": the vendor defaults that every scanner tries first, which give
#   read access (or, with RW, write access) to the device's configuration and state. Other
#   community strings are not reported, and their values are never read into the snapshot. A
#   device whose configuration sets no community passes: the running configuration lists every
#   community that is set.
# custom:
#   id: network.device_snmp_default_community
#   severity: high
#   kinds: [network.device]
#   decides:
#     - snmpCommunities
#   remediation: >-
#     Remove the default communities (`no snmp-server community public`) and use SNMPv3 with
#     authentication and privacy (`snmp-server group NAME v3 priv`), or a long random community
#     limited by an ACL (`snmp-server community STRING RO 10`).
package assay.rules.network.device_snmp_default_community

import data.assay.lib

in_scope contains r.uid if some r in lib.resources(["network.device"])

deny contains lib.finding(r, message, concat("", ["snmpCommunities.", lib.fmt_d(i)]), c.wellKnown) if {
	some r in lib.resources(["network.device"])
	some i, c in object.get(r.props, "snmpCommunities", [])
	is_string(c.wellKnown)
	message := concat("", [
		"Device \"", lib.fmt_s(r.name), "\" answers to the default SNMP community \"",
		lib.fmt_s(c.wellKnown), "\"", lib.fmt_s(access_label(c)), " (line ", lib.fmt_d(c.line), ")",
	])
}

access_label(c) := " with write access (RW)" if c.access == "rw"

else := " from any address (no ACL)" if not c.restricted

else := ""
