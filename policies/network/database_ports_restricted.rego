# METADATA
# title: Firewalls do not allow database ports from the internet
# description: >-
#   Fails for every ingress allow rule of a firewall that admits, from the whole internet (an
#   IPv4 or IPv6 /0 CIDR or the tags "*", "Internet", "Any", "0.0.0.0"), the port of a common
#   database or data store: SQL Server (tcp/1433, udp/1434), Oracle (tcp/1521, 2483, 2484),
#   MySQL/MariaDB (tcp/3306), PostgreSQL (tcp/5432), CouchDB (tcp/5984), Redis (tcp/6379),
#   Cassandra (tcp/9042), Elasticsearch/OpenSearch (tcp/9200, 9300), Memcached (tcp and
#   udp/11211) and MongoDB (tcp/27017). Port ranges containing a port and the protocol "all"
#   count; one finding per firewall rule lists every database port it exposes. Data stores
#   reachable from anywhere invite credential stuffing and exploitation of unpatched engines. A
#   deny rule with a lower priority number that blocks the port for the same internet sources and
#   destinations (Azure NSGs, network ACLs) is honoured. Egress, deny and non-internet rules pass.
#   Device rules (ACLs, chains, rulebases: priority is their position) that are disabled, shadowed
#   by an earlier rule, or admit only replies or loopback traffic are not failures, and a device
#   rulebase in no use (an ACL bound to no interface) is not judged.
# custom:
#   id: network.database_ports_restricted
#   severity: high
#   kinds: [network.firewall]
#   decides:
#     - rules[].direction
#     - rules[].action
#     - rules[].protocol
#     - rules[].ports
#     - rules[].sources
#     - rules[].destinations
#     - rules[].priority
#     - rules[].enabled
#     - rules[].shadowedBy
#     - rules[].conditions
#     - firstMatch
#     - attachedTo
#     - binding
#   remediation: >-
#     Keep databases on private subnets and allow their ports only from the application's
#     security group, subnet or VNet. Terraform aws_security_group ingress (or
#     aws_vpc_security_group_ingress_rule): replace "0.0.0.0/0"/"::/0" with the application CIDR
#     or use security_groups / referenced_security_group_id; CloudFormation
#     AWS::EC2::SecurityGroupIngress: use SourceSecurityGroupId instead of CidrIp 0.0.0.0/0.
#     azurerm_network_security_rule and ARM securityRules: set source_address_prefix to
#     "VirtualNetwork" or the application subnet, or use private endpoints.
package assay.rules.network.database_ports_restricted

import data.assay.lib

# Ordered by port so a finding lists them in a stable order.
database_services := [
	{"service": "SQL Server", "protocol": "tcp", "port": 1433},
	{"service": "SQL Server Browser", "protocol": "udp", "port": 1434},
	{"service": "Oracle", "protocol": "tcp", "port": 1521},
	{"service": "Oracle", "protocol": "tcp", "port": 2483},
	{"service": "Oracle", "protocol": "tcp", "port": 2484},
	{"service": "MySQL", "protocol": "tcp", "port": 3306},
	{"service": "PostgreSQL", "protocol": "tcp", "port": 5432},
	{"service": "CouchDB", "protocol": "tcp", "port": 5984},
	{"service": "Redis", "protocol": "tcp", "port": 6379},
	{"service": "Cassandra", "protocol": "tcp", "port": 9042},
	{"service": "Elasticsearch", "protocol": "tcp", "port": 9200},
	{"service": "Elasticsearch", "protocol": "tcp", "port": 9300},
	{"service": "Memcached", "protocol": "tcp", "port": 11211},
	{"service": "Memcached", "protocol": "udp", "port": 11211},
	{"service": "MongoDB", "protocol": "tcp", "port": 27017},
]

in_scope contains r.uid if some r in lib.firewalls_in_use

deny contains lib.finding_for_item(r, message, concat("", ["rules.", lib.fmt_d(i), ".sources"]), object.get(fr, "sources", []), fr) if {
	some r in lib.firewalls_in_use
	rules := object.get(r.props, "rules", [])
	some i, fr in rules
	lib.firewall_allows_internet(fr)
	exposed := [concat("", [lib.fmt_s(svc.service), " (", lib.fmt_s(svc.protocol), "/", lib.fmt_d(svc.port), ")"]) |
		some svc in database_services
		lib.firewall_opens_port(rules, fr, svc.protocol, svc.port)
	]
	count(exposed) > 0
	message := concat("", [
		"Firewall \"", lib.fmt_s(r.name), "\" ", lib.fmt_s(lib.firewall_rule_label(fr, i)),
		" allows ", lib.fmt_s(concat(", ", exposed)), " from ",
		lib.fmt_s(lib.firewall_internet_sources(fr)),
	])
}
