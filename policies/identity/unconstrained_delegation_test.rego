package assay.rules.identity.unconstrained_delegation_test

import data.assay.rules.identity.unconstrained_delegation as rule

ad_account(name, type, props) := {
	"uid": concat(":", ["ad:assay.test", name]),
	"kind": "identity.user",
	"provider": "ad",
	"nativeType": type,
	"name": name,
	"location": {"domain": "assay.test"},
	"props": object.union({"accountType": type, "enabled": true}, props),
}

batch(users) := {"kinds": {"identity.user": users}}

test_member_server_with_unconstrained_delegation_fails if {
	rule.deny == {{
		"uid": "ad:assay.test:APP01$",
		"message": "Computer \"APP01$\" is trusted for unconstrained delegation and is not a domain controller",
		"evidence": {"property": "trustedForDelegation", "value": true, "defaulted": false},
	}} with input as batch([ad_account("APP01$", "computer", {"trustedForDelegation": true, "isDomainController": false})])
}

test_user_account_with_unconstrained_delegation_fails if {
	rule.deny == {{
		"uid": "ad:assay.test:svc-web",
		"message": "Account \"svc-web\" is trusted for unconstrained delegation and is not a domain controller",
		"evidence": {"property": "trustedForDelegation", "value": true, "defaulted": false},
	}} with input as batch([ad_account("svc-web", "user", {"trustedForDelegation": true})])
}

test_domain_controllers_and_disabled_accounts_are_out_of_scope if {
	accounts := [
		ad_account("DC1$", "computer", {"trustedForDelegation": true, "isDomainController": true}),
		ad_account("OLD$", "computer", {"enabled": false, "trustedForDelegation": true}),
		ad_account("WS01$", "computer", {"trustedForDelegation": false, "isDomainController": false}),
	]
	rule.in_scope == {"ad:assay.test:WS01$"} with input as batch(accounts)
	rule.deny == set() with input as batch(accounts)
}

test_unread_flag_on_an_ad_account_fails if {
	u := object.union(ad_account("SRV$", "computer", {}), {"props": {"accountType": "computer"}})
	rule.deny == {{
		"uid": "ad:assay.test:SRV$",
		"message": "Computer \"SRV$\": whether it is trusted for delegation was not read (userAccountControl unknown)",
		"evidence": {"property": "trustedForDelegation", "value": null, "defaulted": false},
	}} with input as batch([u])
}

test_sources_without_delegation_are_out_of_scope if {
	iac := {"uid": "aws_iam_user.deploy", "kind": "identity.user", "provider": "aws", "name": "deploy", "props": {"consoleAccess": true}}
	rule.in_scope == set() with input as batch([iac])
}
