package assay.rules.logging.trail_enabled_test

import data.assay.rules.logging.trail_enabled as rule

trail(name, provider, props) := {
	"uid": concat(":", ["trail", name]), "kind": "logging.trail", "provider": provider,
	"nativeType": "aws_cloudtrail", "name": name, "location": {"file": "trail.tf", "line": 1}, "props": props,
}

batch(trails) := {"kinds": {"logging.trail": trails}}

test_logging_trail_passes if {
	inp := batch([trail("main", "aws", {"enabled": true, "managementEvents": true, "multiRegion": true})])
	rule.deny == set() with input as inp
	rule.in_scope == {"trail:main"} with input as inp
}

test_absent_values_pass if {
	inp := batch([trail("plain", "aws", {}), trail("activity", "azure", {"retentionDays": 365})])
	rule.deny == set() with input as inp
	rule.in_scope == {"trail:plain", "trail:activity"} with input as inp
}

test_stopped_trail_fails_on_its_line if {
	t := object.union(trail("main", "aws", {"enabled": false}), {"propLines": {"enabled": 5}})
	rule.deny == {{
		"uid": "trail:main",
		"message": "Trail \"main\" has logging turned off",
		"evidence": {"property": "enabled", "value": false, "defaulted": false},
		"line": 5,
	}} with input as batch([t])
}

test_no_management_events_fails if {
	rule.deny == {{
		"uid": "trail:data-only",
		"message": "Trail \"data-only\" records no management events",
		"evidence": {"property": "managementEvents", "value": false, "defaulted": false},
	}} with input as batch([trail("data-only", "aws", {"enabled": true, "managementEvents": false})])
}

test_defaulted_and_both_failures if {
	t := object.union(trail("off", "aws", {"enabled": false, "managementEvents": false}), {"defaulted": ["managementEvents"]})
	{[f.evidence.property, f.evidence.defaulted] | some f in rule.deny} == {["enabled", false], ["managementEvents", true]} with input as batch([t])
}
