package assay.rules.logging.trail_multi_region_test

import data.assay.rules.logging.trail_multi_region as rule

trail(name, provider, props) := {
	"uid": concat(":", ["trail", name]), "kind": "logging.trail", "provider": provider,
	"nativeType": "AWS::CloudTrail::Trail", "name": name, "location": {"file": "stack.yaml", "line": 1}, "props": props,
}

batch(trails) := {"kinds": {"logging.trail": trails}}

test_multi_region_passes if {
	inp := batch([trail("org", "aws", {"multiRegion": true})])
	rule.deny == set() with input as inp
	rule.in_scope == {"trail:org"} with input as inp
}

test_single_region_fails_on_its_line if {
	t := object.union(trail("local", "aws", {"multiRegion": false}), {"propLines": {"multiRegion": 14}})
	rule.deny == {{
		"uid": "trail:local",
		"message": "Trail \"local\" records only its home region",
		"evidence": {"property": "multiRegion", "value": false, "defaulted": false},
		"line": 14,
	}} with input as batch([t])
}

test_absent_on_aws_fails if {
	rule.deny == {{
		"uid": "trail:t",
		"message": "Trail \"t\" declares no multi-region coverage, so it records only its home region",
		"evidence": {"property": "multiRegion", "value": null, "defaulted": false},
	}} with input as batch([trail("t", "aws", {"enabled": true})])
}

test_defaulted_marked if {
	t := object.union(trail("t", "aws", {"multiRegion": false}), {"defaulted": ["multiRegion"]})
	[f.evidence.defaulted | some f in rule.deny] == [true] with input as batch([t])
}

test_azure_only_when_stated if {
	inp := batch([trail("activity", "azure", {}), trail("profile", "azure", {"multiRegion": false})])
	rule.in_scope == {"trail:profile"} with input as inp
	{f.uid | some f in rule.deny} == {"trail:profile"} with input as inp
}

test_global_service_events_excluded_fails if {
	t := object.union(trail("org", "aws", {"multiRegion": true, "globalServiceEvents": false}), {"propLines": {"globalServiceEvents": 5}})
	rule.deny == {{
		"uid": "trail:org",
		"message": "Trail \"org\" does not record global service events (IAM, STS)",
		"evidence": {"property": "globalServiceEvents", "value": false, "defaulted": false},
		"line": 5,
	}} with input as batch([t])
}

test_global_service_events_included_passes if {
	rule.deny == set() with input as batch([trail("org", "aws", {"multiRegion": true, "globalServiceEvents": true})])
}
