package assay.rules.storage.network_access_restricted_test

import data.assay.rules.storage.network_access_restricted as rule

account(name, network, extra) := object.union(
	{
		"uid": concat(":", ["azure", name]),
		"kind": "storage.bucket",
		"provider": "azure",
		"name": name,
		"props": {"networkAccess": network},
	},
	extra,
)

batch(items) := {"kinds": {"storage.bucket": items}}

messages(findings) := {f.message | some f in findings}

test_default_allow_with_public_access_fails if {
	r := account("open", {"publicEnabled": true, "defaultAction": "allow"}, {})
	messages(rule.deny) == {"Storage account \"open\" accepts connections from all networks: public network access is on and the network rules' default action is Allow"} with input as batch([r])
}

test_defaulted_network_rules_say_so if {
	r := account("plain", {"publicEnabled": true, "defaultAction": "allow"}, {"defaulted": ["networkAccess.defaultAction", "networkAccess.publicEnabled"]})
	messages(rule.deny) == {"Storage account \"plain\" accepts connections from all networks: public network access is on and the network rules' default action is Allow (no network rules are declared, so Azure allows every network)"} with input as batch([r])
}

test_default_deny_passes if {
	r := account("locked", {"publicEnabled": true, "defaultAction": "deny"}, {})
	count(rule.deny) == 0 with input as batch([r])
	rule.in_scope == {"azure:locked"} with input as batch([r])
}

test_public_access_off_passes_whatever_the_rules if {
	r := account("private", {"publicEnabled": false, "defaultAction": "allow"}, {})
	count(rule.deny) == 0 with input as batch([r])
}

# An unknown value is absent from props (and listed in `unknown`): no finding here, and the
# engine reports the account not evaluated rather than passed.
test_unknown_default_action_is_no_finding if {
	r := account("maybe", {"publicEnabled": true}, {"unknown": ["networkAccess.defaultAction"]})
	count(rule.deny) == 0 with input as batch([r])
}

test_aws_buckets_are_out_of_scope if {
	r := object.union(account("s3", {}, {}), {"provider": "aws", "props": {}})
	count(rule.in_scope) == 0 with input as batch([r])
}
