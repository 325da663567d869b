# Deliberate difference from KICS: a server firewall rule from 0.0.0.0 to 0.0.0.0 (Azure's "allow
# Azure services") is not the internet and passes; KICS's ARM query treats only 0.0.0.0 to
# 255.255.255.255 as allow-all too, but its MSSQL query also flags an absent
# `public_network_access_enabled`, which here is not a failure on its own.

# METADATA
# title: Databases are not reachable from the internet
# description: >-
#   Checks that database instances cannot be reached from any address on the internet.
#   `publiclyAccessible: true` fails (an RDS instance with a public endpoint, an Azure SQL or
#   flexible server with public network access enabled). A server firewall rule that admits every
#   address (0.0.0.0 to 255.255.255.255, 0.0.0.0/0 or ::/0) also fails unless public network access
#   is stated as disabled, which makes such rules inert. An absent `publiclyAccessible` is not a
#   failure: RDS instances are private by default, and a public Azure server is only open to the
#   addresses its firewall rules admit, which this rule checks. A database reached through a
#   logical server (`serverId`, Azure SQL) that states no network setting of its own is not in
#   scope: its exposure is the server's, reported once on the server.
# custom:
#   id: database.not_publicly_accessible
#   severity: critical
#   kinds: [database.instance]
#   decides:
#     - publiclyAccessible
#     - serverId
#     - firewallRules[].startIp
#     - firewallRules[].endIp
#   remediation: >-
#     Terraform (aws): `publicly_accessible = false` on `aws_db_instance` and place it in private
#     subnets. CloudFormation: `PubliclyAccessible: false` on `AWS::RDS::DBInstance`. Terraform
#     (azurerm): `public_network_access_enabled = false` and use private endpoints; remove
#     `azurerm_mssql_firewall_rule` ranges that cover every address. ARM:
#     `publicNetworkAccess: "Disabled"` and no `firewallRules` from 0.0.0.0 to 255.255.255.255.
package assay.rules.database.not_publicly_accessible

import data.assay.lib

# A database whose exposure is its server's, judged there, is left out unless it states its own.
databases := [r |
	some r in lib.resources(["database.instance"])
	not exposure_is_servers(r)
]

exposure_is_servers(r) if {
	r.props.serverId
	not has_own_exposure(r)
}

has_own_exposure(r) if is_boolean(r.props.publiclyAccessible)

has_own_exposure(r) if count(object.get(r.props, "firewallRules", [])) > 0

every_address := {"0.0.0.0/0", "::/0"}

in_scope contains r.uid if some r in databases

deny contains lib.finding_on_prop(r, msg, "publiclyAccessible", true) if {
	some r in databases
	r.props.publiclyAccessible == true
	msg := concat("", ["Database \"", lib.fmt_s(r.name), "\" is publicly accessible"])
}

deny contains lib.finding_on_item(r, msg, "firewallRules", range, rule) if {
	some r in databases
	not r.props.publiclyAccessible == false
	some i, rule in r.props.firewallRules
	admits_every_address(rule)
	range := concat(" - ", [rule.startIp, rule.endIp])
	msg := concat("", [
		"Database \"", lib.fmt_s(r.name), "\" has firewall rule ", lib.fmt_s(rule_label(rule, i)),
		" admitting every address (", lib.fmt_s(range), ")",
	])
}

admits_every_address(rule) if {
	rule.startIp == "0.0.0.0"
	rule.endIp == "255.255.255.255"
}

admits_every_address(rule) if rule.startIp in every_address

admits_every_address(rule) if rule.endIp in every_address

# Rules are named in ARM and Terraform; live sources may list them unnamed, so number those.
rule_label(rule, _) := concat("", ["\"", lib.fmt_s(rule.name), "\""]) if named(rule)

rule_label(rule, i) := concat("", ["#", lib.fmt_d(i + 1)]) if not named(rule)

named(rule) if is_string(rule.name)
