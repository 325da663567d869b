package assay.rules.network.flow_logs_enabled_test

import data.assay.rules.network.flow_logs_enabled as rule

vpc(name, props) := {"uid": concat(":", ["vpc", name]), "kind": "network.vpc", "provider": "aws", "name": name, "props": props}

flow_log(name, props) := {"uid": concat(":", ["fl", name]), "kind": "network.flow_log", "provider": "azure", "name": name, "props": props}

batch(vpcs, logs) := {"kinds": {"network.vpc": vpcs, "network.flow_log": logs}}

test_vpc_with_flow_logs_disabled_fails if {
	rule.deny == {{
		"uid": "vpc:main",
		"message": "Virtual network \"main\" has no flow log enabled",
		"evidence": {"property": "flowLogsEnabled", "value": false, "defaulted": false},
	}} with input as batch([vpc("main", {"flowLogsEnabled": false})], [])
}

test_vpc_without_any_flow_log_information_fails if {
	rule.deny == {{
		"uid": "vpc:main",
		"message": "Virtual network \"main\" has no flow log declared",
		"evidence": {"property": "flowLogsEnabled", "value": null, "defaulted": false},
	}} with input as batch([vpc("main", {"cidrBlocks": ["10.0.0.0/16"], "flowLogs": []})], [])
}

test_vpc_with_flow_logs_passes if {
	vpcs := [vpc("a", {"flowLogsEnabled": true}), vpc("b", {"flowLogs": ["fl:b"]})]
	rule.deny == set() with input as batch(vpcs, [])
	rule.in_scope == {"vpc:a", "vpc:b"} with input as batch(vpcs, [])
}

test_disabled_flow_log_fails_and_absent_enabled_passes if {
	logs := [flow_log("off", {"enabled": false}), flow_log("aws", {"trafficType": "ALL"}), flow_log("on", {"enabled": true})]
	rule.deny == {{
		"uid": "fl:off",
		"message": "Flow log \"off\" is disabled",
		"evidence": {"property": "enabled", "value": false, "defaulted": false},
	}} with input as batch([], logs)
	rule.in_scope == {"fl:off", "fl:aws", "fl:on"} with input as batch([], logs)
}

test_defaulted_flag_is_reported if {
	r := object.union(vpc("main", {"flowLogsEnabled": false}), {"defaulted": ["flowLogsEnabled"]})
	some f in rule.deny with input as batch([r], [])
	f.evidence.defaulted
}
