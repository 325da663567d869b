# METADATA
# title: IaC files contain no hardcoded secrets
# description: >-
#   Fails once for every secret the collector detected in an IaC file (Terraform, tfvars, plans,
#   CloudFormation, ARM, Kubernetes manifests): cloud access keys, tokens, private keys, webhook
#   URLs, credentials in URLs, and literal values of password/secret attributes. Files kept in
#   version control are copied, cached and read widely; a secret in them must be treated as
#   leaked. The finding names the detector, the attribute and the line, never the value (the
#   collector keeps only a masked form). A file with no secrets listed passes.
# custom:
#   id: secrets.no_hardcoded_secrets
#   severity: critical
#   kinds: [iac.file]
#   decides:
#     - secrets
#   remediation: >-
#     Rotate the exposed credential first, then remove it from the file and its history. Read
#     secrets at deploy time instead: Terraform sensitive variables fed from a secret store, or
#     data sources for AWS Secrets Manager / SSM Parameter Store and Azure Key Vault
#     (azurerm_key_vault_secret); CloudFormation dynamic references
#     ({{resolve:secretsmanager:...}}, {{resolve:ssm-secure:...}}) or NoEcho parameters; ARM
#     Key Vault references in parameter files; Kubernetes Secrets created out of band or from an
#     external secrets operator instead of literal env values.
package assay.rules.secrets.no_hardcoded_secrets

import data.assay.lib

in_scope contains r.uid if some r in lib.resources(["iac.file"])

deny contains lib.finding_for_item(r, message, concat("", ["secrets.", lib.fmt_d(i), ".detector"]), secret.detector, secret) if {
	some r in lib.resources(["iac.file"])
	some i, secret in object.get(r.props, "secrets", [])
	message := concat("", [
		"File \"", lib.fmt_s(r.name), "\" contains a hardcoded secret (",
		lib.fmt_s(secret.detector), ")", lib.fmt_s(where(secret)),
	])
}

# Where in the file: the attribute that holds it when known. The line goes in the finding itself.
where(secret) := concat("", [" in \"", lib.fmt_s(secret.attribute), "\""]) if is_string(secret.attribute)

else := ""
