package assay.rules.secrets.no_hardcoded_secrets_test

import data.assay.rules.secrets.no_hardcoded_secrets as rule

file(name, secrets) := {
	"uid": concat(":", ["iac", name]), "kind": "iac.file", "provider": "iac", "name": name,
	"props": {"format": "terraform", "sha256": "00", "resourceCount": 1, "secrets": secrets},
}

batch(files) := {"kinds": {"iac.file": files}}

test_each_secret_is_a_finding_at_its_line if {
	secrets := [
		{"detector": "aws-access-key-id", "attribute": "access_key", "line": 3, "masked": "AKIA************MPLE"},
		{"detector": "private-key", "line": 20, "masked": "-----BEGIN ****"},
	]
	rule.deny == {
		{
			"uid": "iac:main.tf",
			"message": "File \"main.tf\" contains a hardcoded secret (aws-access-key-id) in \"access_key\"",
			"evidence": {"property": "secrets.0.detector", "value": "aws-access-key-id", "defaulted": false},
			"line": 3,
		},
		{
			"uid": "iac:main.tf",
			"message": "File \"main.tf\" contains a hardcoded secret (private-key)",
			"evidence": {"property": "secrets.1.detector", "value": "private-key", "defaulted": false},
			"line": 20,
		},
	} with input as batch([file("main.tf", secrets)])
}

test_masked_value_never_reaches_a_finding if {
	secrets := [{"detector": "password-attribute", "attribute": "password", "masked": "hu****23"}]
	findings := rule.deny with input as batch([file("db.tf", secrets)])
	count(findings) == 1
	every f in findings {
		not contains(json.marshal(f), "hu****23")
		not f.line
	}
}

test_clean_files_pass_and_are_in_scope if {
	files := [file("a.tf", []), {"uid": "iac:b.yaml", "kind": "iac.file", "provider": "iac", "name": "b.yaml", "props": {"format": "kubernetes"}}]
	rule.deny == set() with input as batch(files)
	rule.in_scope == {"iac:a.tf", "iac:b.yaml"} with input as batch(files)
}
