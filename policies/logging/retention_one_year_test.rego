package assay.rules.logging.retention_one_year_test

import data.assay.rules.logging.retention_one_year as rule

res(kind, name, provider, props) := {
	"uid": concat(":", [kind, name]), "kind": kind, "provider": provider,
	"nativeType": "native", "name": name, "location": {"file": "main.tf", "line": 1}, "props": props,
}

messages(inp) := m if {
	m := {f.message | some f in rule.deny} with input as inp
}

test_year_or_indefinite_passes if {
	inp := {"kinds": {
		"logging.log_group": [res("logging.log_group", "year", "aws", {"retentionDays": 365}), res("logging.log_group", "forever", "aws", {"retentionDays": 0})],
		"network.flow_log": [res("network.flow_log", "long", "azure", {"retentionDays": 400})],
	}}
	rule.deny == set() with input as inp
	rule.in_scope == {"logging.log_group:year", "logging.log_group:forever", "network.flow_log:long"} with input as inp
}

test_short_retention_fails_on_its_line if {
	g := object.union(res("logging.log_group", "app", "aws", {"retentionDays": 30}), {"propLines": {"retentionDays": 6}})
	rule.deny == {{
		"uid": "logging.log_group:app",
		"message": "Log group \"app\" keeps logs for only 30 days (fewer than 365 days)",
		"evidence": {"property": "retentionDays", "value": 30, "defaulted": false},
		"line": 6,
	}} with input as {"kinds": {"logging.log_group": [g]}}
}

test_each_kind_named_in_messages if {
	inp := {"kinds": {
		"logging.trail": [res("logging.trail", "activity", "azure", {"retentionDays": 7})],
		"network.flow_log": [res("network.flow_log", "nsg", "azure", {"retentionDays": 1}), res("network.flow_log", "vpc", "aws", {"retentionDays": 364})],
	}}
	messages(inp) == {
		"Trail \"activity\" keeps logs for only 7 days (fewer than 365 days)",
		"Flow log \"nsg\" keeps logs for only 1 day (fewer than 365 days)",
		"Flow log \"vpc\" keeps logs for only 364 days (fewer than 365 days)",
	}
}

test_absent_retention if {
	inp := {"kinds": {
		"logging.log_group": [res("logging.log_group", "cw", "aws", {}), res("logging.log_group", "workspace", "azure", {})],
		"logging.trail": [res("logging.trail", "ct", "aws", {}), res("logging.trail", "profile", "azure", {})],
		"network.flow_log": [res("network.flow_log", "vpc", "aws", {"enabled": true}), res("network.flow_log", "nsg", "azure", {"enabled": true})],
	}}
	rule.in_scope == {"logging.log_group:cw", "logging.log_group:workspace", "logging.trail:profile", "network.flow_log:nsg"} with input as inp
	messages(inp) == {
		"Log group \"workspace\" declares no retention period",
		"Trail \"profile\" declares no retention period",
		"Flow log \"nsg\" declares no retention period",
	}
	{f.evidence.value | some f in rule.deny} == {null} with input as inp
}

test_defaulted_retention_marked if {
	g := object.union(res("logging.log_group", "ws", "azure", {"retentionDays": 30}), {"defaulted": ["retentionDays"]})
	[f.evidence.defaulted | some f in rule.deny] == [true] with input as {"kinds": {"logging.log_group": [g]}}
}
