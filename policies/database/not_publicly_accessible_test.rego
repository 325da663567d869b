package assay.rules.database.not_publicly_accessible_test

import data.assay.rules.database.not_publicly_accessible as rule

db(name, provider, props) := {
	"uid": concat(":", ["db", name]), "kind": "database.instance", "provider": provider,
	"nativeType": "aws_db_instance", "name": name, "location": {"file": "main.tf", "line": 2}, "props": props,
}

batch(dbs) := {"kinds": {"database.instance": dbs}}

test_private_and_unstated_pass if {
	inp := batch([db("private", "aws", {"publiclyAccessible": false}), db("unstated", "aws", {"engine": "mysql"})])
	rule.deny == set() with input as inp
	rule.in_scope == {"db:private", "db:unstated"} with input as inp
}

test_public_instance_fails_on_its_line if {
	d := object.union(db("pub", "aws", {"publiclyAccessible": true}), {"propLines": {"publiclyAccessible": 9}})
	rule.deny == {{
		"uid": "db:pub",
		"message": "Database \"pub\" is publicly accessible",
		"evidence": {"property": "publiclyAccessible", "value": true, "defaulted": false},
		"line": 9,
	}} with input as batch([d])
}

test_defaulted_public_network_access_marked if {
	d := object.union(db("sql", "azure", {"publiclyAccessible": true}), {"defaulted": ["publiclyAccessible"]})
	[f.evidence.defaulted | some f in rule.deny] == [true] with input as batch([d])
}

test_allow_all_firewall_rule_fails_at_rule_line if {
	d := db("sql", "azure", {"firewallRules": [
		{"name": "AllowAzure", "startIp": "0.0.0.0", "endIp": "0.0.0.0", "line": 30},
		{"name": "AllowAll", "startIp": "0.0.0.0", "endIp": "255.255.255.255", "line": 40},
		{"name": "Office", "startIp": "203.0.113.10", "endIp": "203.0.113.20", "line": 50},
	]})
	rule.deny == {{
		"uid": "db:sql",
		"message": "Database \"sql\" has firewall rule \"AllowAll\" admitting every address (0.0.0.0 - 255.255.255.255)",
		"evidence": {"property": "firewallRules", "value": "0.0.0.0 - 255.255.255.255", "defaulted": false},
		"line": 40,
	}} with input as batch([d])
}

test_cidr_forms_and_unnamed_rules if {
	d := db("pg", "azure", {"firewallRules": [
		{"startIp": "0.0.0.0/0", "endIp": "255.255.255.255"},
		{"name": "v6", "startIp": "::", "endIp": "::/0"},
	]})
	{f.message | some f in rule.deny} == {
		"Database \"pg\" has firewall rule #1 admitting every address (0.0.0.0/0 - 255.255.255.255)",
		"Database \"pg\" has firewall rule \"v6\" admitting every address (:: - ::/0)",
	} with input as batch([d])
	[object.get(f, "line", "none") | some f in rule.deny] == ["none", "none"] with input as batch([d])
}

test_disabled_public_network_access_makes_rules_inert if {
	d := db("sql", "azure", {"publiclyAccessible": false, "firewallRules": [{"name": "AllowAll", "startIp": "0.0.0.0", "endIp": "255.255.255.255"}]})
	rule.deny == set() with input as batch([d])
}

test_public_and_open_rule_both_reported if {
	d := db("sql", "azure", {"publiclyAccessible": true, "firewallRules": [{"name": "AllowAll", "startIp": "0.0.0.0", "endIp": "255.255.255.255"}]})
	count(rule.deny) == 2 with input as batch([d])
}

test_database_reached_through_its_server_is_judged_on_the_server if {
	server := db("sql", "azure", {"publiclyAccessible": true})
	database := db("sql/orders", "azure", {"serverId": "db:sql", "encryption": {"enabled": true}})
	own := db("sql/own", "azure", {"serverId": "db:sql", "publiclyAccessible": true})
	inp := batch([server, database, own])
	rule.in_scope == {"db:sql", "db:sql/own"} with input as inp
	{f.uid | some f in rule.deny} == {"db:sql", "db:sql/own"} with input as inp
}
