package assay.rules.logging.trail_log_validation_test

import data.assay.rules.logging.trail_log_validation as rule

trail(name, provider, props) := {
	"uid": concat(":", ["trail", name]), "kind": "logging.trail", "provider": provider,
	"nativeType": "aws_cloudtrail", "name": name, "location": {"file": "trail.tf", "line": 1}, "props": props,
}

batch(trails) := {"kinds": {"logging.trail": trails}}

test_validation_enabled_passes if {
	inp := batch([trail("t", "aws", {"logFileValidation": true})])
	rule.deny == set() with input as inp
	rule.in_scope == {"trail:t"} with input as inp
}

test_validation_disabled_fails_on_its_line if {
	t := object.union(trail("t", "aws", {"logFileValidation": false}), {"propLines": {"logFileValidation": 3}})
	rule.deny == {{
		"uid": "trail:t",
		"message": "Trail \"t\" has log file validation disabled",
		"evidence": {"property": "logFileValidation", "value": false, "defaulted": false},
		"line": 3,
	}} with input as batch([t])
}

test_absent_on_aws_fails if {
	rule.deny == {{
		"uid": "trail:t",
		"message": "Trail \"t\" declares no log file validation",
		"evidence": {"property": "logFileValidation", "value": null, "defaulted": false},
	}} with input as batch([trail("t", "aws", {})])
}

test_defaulted_marked if {
	t := object.union(trail("t", "aws", {"logFileValidation": false}), {"defaulted": ["logFileValidation"]})
	[f.evidence.defaulted | some f in rule.deny] == [true] with input as batch([t])
}

test_azure_only_when_stated if {
	inp := batch([trail("activity", "azure", {}), trail("stated", "azure", {"logFileValidation": true})])
	rule.in_scope == {"trail:stated"} with input as inp
	rule.deny == set() with input as inp
}
