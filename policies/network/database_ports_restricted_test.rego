package assay.rules.network.database_ports_restricted_test

import data.assay.rules.network.database_ports_restricted as rule

fw(name, rules) := {"uid": concat(":", ["fw", name]), "kind": "network.firewall", "provider": "aws", "name": name, "props": {"rules": rules}}

batch(firewalls) := {"kinds": {"network.firewall": firewalls}}

allow(protocol, port_from, port_to, sources) := {
	"direction": "ingress", "action": "allow", "protocol": protocol,
	"ports": [{"from": port_from, "to": port_to}], "sources": sources,
}

messages(findings) := {f.message | some f in findings}

test_postgres_from_internet_fails if {
	r := object.union(allow("tcp", 5432, 5432, ["0.0.0.0/0"]), {"name": "pg", "line": 7})
	rule.deny == {{
		"uid": "fw:db",
		"message": "Firewall \"db\" rule \"pg\" allows PostgreSQL (tcp/5432) from 0.0.0.0/0",
		"evidence": {"property": "rules.0.sources", "value": ["0.0.0.0/0"], "defaulted": false},
		"line": 7,
	}} with input as batch([fw("db", [r])])
	rule.in_scope == {"fw:db"} with input as batch([fw("db", [r])])
}

test_range_lists_every_exposed_database_port if {
	r := allow("tcp", 3000, 6400, ["::/0"])
	messages(rule.deny) == {"Firewall \"db\" rule #1 allows MySQL (tcp/3306), PostgreSQL (tcp/5432), CouchDB (tcp/5984), Redis (tcp/6379) from ::/0"} with input as batch([fw("db", [r])])
}

test_udp_only_exposes_udp_services if {
	r := allow("udp", 1, 65535, ["Internet"])
	messages(rule.deny) == {"Firewall \"db\" rule #1 allows SQL Server Browser (udp/1434), Memcached (udp/11211) from Internet"} with input as batch([fw("db", [r])])
}

test_udp_mysql_port_passes if {
	count(rule.deny) == 0 with input as batch([fw("db", [allow("udp", 3306, 3306, ["0.0.0.0/0"])])])
}

test_protocol_all_exposes_every_listed_port if {
	r := {"direction": "ingress", "action": "allow", "protocol": "all", "ports": [{"from": 0, "to": 65535}], "sources": ["*"]}
	some f in rule.deny with input as batch([fw("open", [r])])
	startswith(f.message, "Firewall \"open\" rule #1 allows SQL Server (tcp/1433), SQL Server Browser (udp/1434), Oracle (tcp/1521)")
	endswith(f.message, "Memcached (tcp/11211), Memcached (udp/11211), MongoDB (tcp/27017) from *")
}

test_private_sources_and_other_ports_pass if {
	rules := [
		allow("tcp", 5432, 5432, ["10.0.0.0/16", "VirtualNetwork"]),
		allow("tcp", 443, 443, ["0.0.0.0/0"]),
		object.union(allow("tcp", 3306, 3306, ["0.0.0.0/0"]), {"direction": "egress"}),
	]
	count(rule.deny) == 0 with input as batch([fw("db", rules)])
}

test_earlier_deny_shadows_database_port if {
	deny_sql := {"direction": "ingress", "action": "deny", "protocol": "tcp", "ports": [{"from": 1433, "to": 1433}], "sources": ["*"], "priority": 100}
	open := object.union(allow("tcp", 1433, 1434, ["Internet"]), {"priority": 200})
	rule.deny == set() with input as batch([fw("nsg", [deny_sql, open])])
}

test_defaulted_flag_is_reported if {
	r := object.union(fw("db", [allow("tcp", 27017, 27017, ["0.0.0.0/0"])]), {"defaulted": ["rules.0.sources"]})
	some f in rule.deny with input as batch([r])
	f.evidence.defaulted
	f.message == "Firewall \"db\" rule #1 allows MongoDB (tcp/27017) from 0.0.0.0/0"
}
