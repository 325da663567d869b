package assay.rules.network.device_enable_secret_test

import data.assay.rules.network.device_enable_secret as rule

device(props) := {"kinds": {"network.device": [{
	"uid": "device:r1", "kind": "network.device", "provider": "cisco", "name": "r1", "props": props,
}]}}

test_type7_fails if {
	findings := rule.deny with input as device({"enablePassword": {"storage": "type7", "line": 7}})
	{f.message | some f in findings} == {"Device \"r1\" stores its enable password as reversible type 7: `enable password` without `enable secret` (line 7)"}
}

test_clear_fails if count(rule.deny) == 1 with input as device({"enablePassword": {"storage": "clear", "line": 7}})

test_secret_passes if count(rule.deny) == 0 with input as device({"enablePassword": {"storage": "secret", "line": 7}})

test_unset_is_not_judged if rule.in_scope == set() with input as device({})
