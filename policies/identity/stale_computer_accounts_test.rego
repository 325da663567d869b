package assay.rules.identity.stale_computer_accounts_test

import data.assay.rules.identity.stale_computer_accounts as rule

ad_account(name, props) := {
	"uid": concat(":", ["ad:assay.test", name]),
	"kind": "identity.user",
	"provider": "ad",
	"nativeType": object.get(props, "accountType", "computer"),
	"name": name,
	"location": {"domain": "assay.test"},
	"props": object.union({"accountType": "computer", "enabled": true, "isDomainController": false}, props),
}

batch(accounts) := {"kinds": {"identity.user": accounts}}

test_computer_unused_for_91_days_fails if {
	rule.deny == {{
		"uid": "ad:assay.test:WS01$",
		"message": "Computer \"WS01$\" last logged on 91 days ago (maximum allowed: 90)",
		"evidence": {"property": "daysSinceLastLogon", "value": 91, "defaulted": false},
	}} with input as batch([ad_account("WS01$", {"daysSinceLastLogon": 91, "neverLoggedOn": false, "accountAgeDays": 700})])
}

test_never_used_old_computer_fails if {
	rule.deny == {{
		"uid": "ad:assay.test:PRESTAGED$",
		"message": "Computer \"PRESTAGED$\" has never logged on and was created 91 days ago (maximum allowed: 90)",
		"evidence": {"property": "accountAgeDays", "value": 91, "defaulted": false},
	}} with input as batch([ad_account("PRESTAGED$", {"neverLoggedOn": true, "accountAgeDays": 91})])
}

test_recent_computers_pass_and_disabled_dcs_and_users_are_out_of_scope if {
	accounts := [
		ad_account("WS-ACTIVE$", {"daysSinceLastLogon": 90, "neverLoggedOn": false}),
		ad_account("WS-NEW$", {"neverLoggedOn": true, "accountAgeDays": 90}),
		ad_account("WS-RETIRED$", {"enabled": false, "daysSinceLastLogon": 400}),
		ad_account("DC2$", {"isDomainController": true, "daysSinceLastLogon": 400}),
		ad_account("alice", {"accountType": "user", "daysSinceLastLogon": 400}),
	]
	rule.in_scope == {"ad:assay.test:WS-ACTIVE$", "ad:assay.test:WS-NEW$"} with input as batch(accounts)
	rule.deny == set() with input as batch(accounts)
}

test_unstated_enabled_and_domain_controller_flags_keep_the_computer_in_scope if {
	bare := {
		"uid": "ad:assay.test:WS02$", "kind": "identity.user", "provider": "ad", "name": "WS02$",
		"props": {"accountType": "computer", "daysSinceLastLogon": 200},
	}
	{f.uid | some f in rule.deny} == {"ad:assay.test:WS02$"} with input as batch([bare])
}

test_unknown_last_logon_fails if {
	rule.deny == {{
		"uid": "ad:assay.test:WS03$",
		"message": "Computer \"WS03$\": when it last logged on is not known",
		"evidence": {"property": "daysSinceLastLogon", "value": null, "defaulted": false},
	}} with input as batch([ad_account("WS03$", {"accountAgeDays": 300})])
}

test_unknown_age_of_never_used_computer_fails if {
	rule.deny == {{
		"uid": "ad:assay.test:WS04$",
		"message": "Computer \"WS04$\" has never logged on and its creation date is not known",
		"evidence": {"property": "accountAgeDays", "value": null, "defaulted": false},
	}} with input as batch([ad_account("WS04$", {"neverLoggedOn": true})])
}

test_malformed_input_yields_no_findings if {
	# Snapshots are schema-checked before evaluation; a batch without kinds, or a resource
	# without props, still must not break the rule or invent findings.
	rule.deny == set() with input as {}
	rule.in_scope == set() with input as batch([{"uid": "ad:assay.test:X$", "kind": "identity.user", "provider": "ad"}])
	rule.deny == set() with input as batch([{"uid": "ad:assay.test:X$", "kind": "identity.user", "provider": "ad"}])
}

test_non_boolean_never_logged_on_does_not_hide_an_unknown_last_logon if {
	{f.message | some f in rule.deny} == {"Computer \"WS05$\": when it last logged on is not known"} with input as batch([ad_account("WS05$", {"neverLoggedOn": "yes", "accountAgeDays": 400})])
}

test_computers_without_sign_in_history_are_out_of_scope if {
	declared := {"uid": "computer.ws", "kind": "identity.user", "provider": "terraform", "name": "ws", "props": {"accountType": "computer"}}
	rule.in_scope == set() with input as batch([declared])
	rule.deny == set() with input as batch([declared])
}
