package assay.rules.identity.privileged_group_hygiene_test

import data.assay.rules.identity.privileged_group_hygiene as rule

group(name, props) := {
	"uid": concat(":", ["ad:assay.test", name]),
	"kind": "identity.group",
	"provider": "ad",
	"nativeType": "group",
	"name": name,
	"location": {"domain": "assay.test"},
	"props": object.union({"privileged": true, "nestedGroups": [], "disabledMembers": []}, props),
}

batch(groups) := {"kinds": {"identity.group": groups}}

users(n) := [sprintf("ad:assay.test:u%d", [i]) | some i in numbers.range(1, n)]

test_large_group_fails if {
	rule.deny == {{
		"uid": "ad:assay.test:Domain Admins",
		"message": "Privileged group \"Domain Admins\" has 6 effective members (maximum allowed: 5)",
		"evidence": {"property": "memberCount", "value": 6, "defaulted": false},
	}} with input as batch([group("Domain Admins", {"memberCount": 6, "effectiveMembers": users(6)})])
}

test_member_list_counts_when_no_count_is_given if {
	{f.evidence.value | some f in rule.deny} == {7} with input as batch([group("Backup Operators", {"effectiveMembers": users(7)})])
}

test_nested_group_fails if {
	rule.deny == {{
		"uid": "ad:assay.test:Domain Admins",
		"message": "Privileged group \"Domain Admins\" contains 1 nested group(s): ad:assay.test:helpdesk",
		"evidence": {"property": "nestedGroups", "value": 1, "defaulted": false},
	}} with input as batch([group("Domain Admins", {"memberCount": 2, "nestedGroups": ["ad:assay.test:helpdesk"]})])
}

test_privileged_groups_nested_by_design_pass_but_others_fail if {
	rule.deny == {{
		"uid": "ad:assay.test:Administrators",
		"message": "Privileged group \"Administrators\" contains 1 nested group(s): ad:assay.test:helpdesk",
		"evidence": {"property": "nestedGroups", "value": 1, "defaulted": false},
	}} with input as batch([group("Administrators", {
		"memberCount": 3,
		"nestedGroups": ["ad:assay.test:domain-admins", "ad:assay.test:helpdesk", "ad:assay.test:enterprise-admins"],
		"nestedPrivilegedGroups": ["ad:assay.test:domain-admins", "ad:assay.test:enterprise-admins"],
	})])
}

test_disabled_member_fails if {
	rule.deny == {{
		"uid": "ad:assay.test:Schema Admins",
		"message": "Privileged group \"Schema Admins\" has 1 disabled member(s): ad:assay.test:u1",
		"evidence": {"property": "disabledMembers", "value": 1, "defaulted": false},
	}} with input as batch([group("Schema Admins", {"memberCount": 1, "disabledMembers": ["ad:assay.test:u1"]})])
}

test_small_clean_groups_pass_and_ordinary_groups_are_out_of_scope if {
	groups := [
		group("Enterprise Admins", {"memberCount": 0, "effectiveMembers": []}),
		group("Domain Admins", {"memberCount": 5, "effectiveMembers": users(5)}),
		group("Staff", {"privileged": false, "memberCount": 500, "nestedGroups": ["ad:assay.test:x"]}),
	]
	rule.in_scope == {"ad:assay.test:Enterprise Admins", "ad:assay.test:Domain Admins"} with input as batch(groups)
	rule.deny == set() with input as batch(groups)
}

test_unknown_member_count_fails if {
	rule.deny == {{
		"uid": "ad:assay.test:Print Operators",
		"message": "Privileged group \"Print Operators\": its effective member count is not known (maximum allowed: 5)",
		"evidence": {"property": "memberCount", "value": null, "defaulted": false},
	}} with input as batch([group("Print Operators", {})])
}

test_cloud_admin_groups_are_checked_too if {
	admins := {"uid": "arn:aws:iam::1:group/admins", "kind": "identity.group", "provider": "aws", "name": "admins", "props": {"privileged": true, "members": users(8), "effectiveMembers": users(8)}}
	{f.evidence.property | some f in rule.deny} == {"memberCount"} with input as batch([admins])
}
