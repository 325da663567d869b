# Deliberate difference from KICS: KICS requires rotation only of enabled keys and ignores the
# rotation period. Disabled keys are likewise out of scope here, but a rotation period longer than
# a year also fails, since PCI DSS 3.7.4 and ISO 27001 A.8.24 expect a defined, limited cryptoperiod.

# METADATA
# title: Customer-managed encryption keys rotate automatically
# description: >-
#   Checks that customer-managed keys (AWS KMS keys, Azure Key Vault keys) rotate their key
#   material automatically, at least once a year, limiting how much data one key protects and how
#   long a leaked key stays useful. `rotationEnabled: false` fails, and so does an absent value,
#   with a message saying no rotation is declared (neither provider rotates customer keys by
#   default); a `rotationPeriodDays` above 365 fails. Keys stated as disabled are not in scope, nor
#   are AWS keys that cannot rotate automatically: asymmetric and HMAC keys (a `keySpec` other
#   than SYMMETRIC_DEFAULT) and keys whose usage is not ENCRYPT_DECRYPT.
# custom:
#   id: crypto.key_rotation
#   severity: medium
#   kinds: [crypto.key]
#   decides:
#     - rotationEnabled
#     - rotationPeriodDays
#     - enabled
#     - keySpec
#     - usage
#   remediation: >-
#     Terraform (aws): `enable_key_rotation = true` (optionally `rotation_period_in_days = 365`)
#     on `aws_kms_key`. CloudFormation: `EnableKeyRotation: true` on `AWS::KMS::Key`. Terraform
#     (azurerm): a `rotation_policy { automatic { time_before_expiry = "P30D" } expire_after =
#     "P1Y" }` block on `azurerm_key_vault_key`. ARM: `rotationPolicy.lifetimeActions` with a
#     `Rotate` action on `Microsoft.KeyVault/vaults/keys`.
package assay.rules.crypto.key_rotation

import data.assay.lib

maximum_period_days := 365

keys := lib.resources(["crypto.key"])

# The keys rotation applies to, decided once per batch for in_scope and the three deny rules.
rotatable_keys := [r | some r in keys; rotatable(r)]

in_scope contains r.uid if some r in rotatable_keys

deny contains lib.finding_on_prop(r, msg, "rotationEnabled", false) if {
	some r in rotatable_keys
	r.props.rotationEnabled == false
	msg := concat("", ["Key \"", lib.fmt_s(r.name), "\" has automatic rotation disabled"])
}

deny contains lib.finding(r, msg, "rotationEnabled", null) if {
	some r in rotatable_keys
	not declares_rotation(r)
	msg := concat("", ["Key \"", lib.fmt_s(r.name), "\" declares no automatic rotation"])
}

deny contains lib.finding_on_prop(r, msg, "rotationPeriodDays", days) if {
	some r in rotatable_keys
	r.props.rotationEnabled == true
	days := r.props.rotationPeriodDays
	days > maximum_period_days
	msg := concat("", ["Key \"", lib.fmt_s(r.name), "\" rotates only every ", lib.fmt_s(lib.day_count(days)), " (more than 365 days)"])
}

# The source states whether the key rotates.
declares_rotation(r) if is_boolean(r.props.rotationEnabled)

# Rotation applies: the key is not disabled and, in AWS KMS, is a symmetric encryption key.
rotatable(r) if {
	not r.props.enabled == false
	not aws_key_without_rotation(r)
}

aws_key_without_rotation(r) if {
	r.provider == "aws"
	r.props.keySpec != "SYMMETRIC_DEFAULT"
}

aws_key_without_rotation(r) if {
	r.provider == "aws"
	r.props.usage != "ENCRYPT_DECRYPT"
}
