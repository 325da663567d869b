package assay.rules.identity.kerberoastable_accounts_test

import data.assay.rules.identity.kerberoastable_accounts as rule

ad_account(name, type, props) := {
	"uid": concat(":", ["ad:assay.test", name]),
	"kind": "identity.user",
	"provider": "ad",
	"nativeType": type,
	"name": name,
	"location": {"domain": "assay.test"},
	"props": object.union({"accountType": type, "enabled": true, "privileged": false}, props),
}

batch(users) := {"kinds": {"identity.user": users}}

spn := ["MSSQLSvc/db1.assay.test:1433"]

test_service_account_with_old_password_fails if {
	rule.deny == {{
		"uid": "ad:assay.test:svc-sql",
		"message": "Account \"svc-sql\" has service principal names and a password set 366 days ago (maximum allowed: 365)",
		"evidence": {"property": "passwordAgeDays", "value": 366, "defaulted": false},
	}} with input as batch([ad_account("svc-sql", "user", {"servicePrincipalNames": spn, "passwordAgeDays": 366})])
}

test_privileged_service_account_fails_whatever_the_age if {
	rule.deny == {{
		"uid": "ad:assay.test:svc-backup",
		"message": "Privileged account \"svc-backup\" has service principal names (MSSQLSvc/db1.assay.test:1433), so its password can be cracked offline by any domain user",
		"evidence": {"property": "privileged", "value": true, "defaulted": false},
	}} with input as batch([ad_account("svc-backup", "user", {"servicePrincipalNames": spn, "passwordAgeDays": 3, "privileged": true})])
}

test_recent_passwords_pass_and_others_are_out_of_scope if {
	accounts := [
		ad_account("svc-web", "user", {"servicePrincipalNames": spn, "passwordAgeDays": 365}),
		ad_account("alice", "user", {"passwordAgeDays": 2000}),
		ad_account("bob", "user", {"servicePrincipalNames": [], "passwordAgeDays": 2000}),
		ad_account("WS01$", "computer", {"servicePrincipalNames": ["HOST/ws01"], "passwordAgeDays": 2000}),
		ad_account("old-svc", "user", {"enabled": false, "servicePrincipalNames": spn, "passwordAgeDays": 2000}),
	]
	rule.in_scope == {"ad:assay.test:svc-web"} with input as batch(accounts)
	rule.deny == set() with input as batch(accounts)
}

test_unknown_password_age_fails if {
	u := object.union(ad_account("svc-x", "user", {"servicePrincipalNames": spn}), {"props": {}})
	rule.deny == {{
		"uid": "ad:assay.test:svc-x",
		"message": "Account \"svc-x\" has service principal names and the age of its password is not known",
		"evidence": {"property": "passwordAgeDays", "value": null, "defaulted": false},
	}} with input as batch([u])
}
