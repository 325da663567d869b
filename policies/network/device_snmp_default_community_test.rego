package assay.rules.network.device_snmp_default_community_test

import data.assay.rules.network.device_snmp_default_community as rule

device(props) := {"kinds": {"network.device": [{
	"uid": "device:r1", "kind": "network.device", "provider": "cisco", "name": "r1", "props": props,
}]}}

test_public_without_acl_fails if {
	findings := rule.deny with input as device({"snmpCommunities": [{"wellKnown": "public", "access": "ro", "restricted": false, "line": 4}]})
	{f.message | some f in findings} == {"Device \"r1\" answers to the default SNMP community \"public\" from any address (no ACL) (line 4)"}
}

test_private_rw_fails if {
	findings := rule.deny with input as device({"snmpCommunities": [{"wellKnown": "private", "access": "rw", "restricted": true, "line": 5}]})
	{f.message | some f in findings} == {"Device \"r1\" answers to the default SNMP community \"private\" with write access (RW) (line 5)"}
}

test_other_community_passes if {
	count(rule.deny) == 0 with input as device({"snmpCommunities": [{"wellKnown": null, "restricted": false, "line": 4}]})
}

test_no_community_passes_and_is_in_scope if {
	count(rule.deny) == 0 with input as device({})
	rule.in_scope == {"device:r1"} with input as device({})
}
