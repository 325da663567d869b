# METADATA
# title: Password policies require both letters and digits
# description: >-
#   Checks that password policies that state which character classes a password must contain
#   require at least one digit and at least one letter (upper or lower case), as PCI DSS v4.0.1
#   requirement 8.3.6 asks. In scope only where the policy states a class requirement (AWS
#   account policy `RequireNumbers`/`RequireUppercaseCharacters`/`RequireLowercaseCharacters`,
#   Linux pwquality `dcredit`/`ucredit`/`lcredit`): a complexity switch alone (AD, Windows, the
#   AWS default policy) asks for three of four classes, which a password of letters and symbols
#   without a digit meets, so it neither passes nor fails here.
# custom:
#   id: identity.password_letters_and_digits
#   severity: medium
#   kinds: [identity.password_policy]
#   decides:
#     - requireNumbers
#     - requireUppercase
#     - requireLowercase
#   remediation: >-
#     Terraform aws_iam_account_password_policy: `require_numbers = true` and
#     `require_lowercase_characters = true` (or `require_uppercase_characters = true`); CLI:
#     `aws iam update-account-password-policy --require-numbers --require-lowercase-characters`.
#     Linux: `dcredit = -1` and `lcredit = -1` (or `ucredit = -1`) in /etc/security/pwquality.conf.
package assay.rules.identity.password_letters_and_digits

import data.assay.lib

policies := lib.resources(["identity.password_policy"])

classes := ["requireNumbers", "requireUppercase", "requireLowercase"]

in_scope contains r.uid if {
	some r in policies
	states_classes(r)
}

deny contains lib.finding(r, msg, "requireNumbers", object.get(r.props, "requireNumbers", null)) if {
	some r in policies
	states_classes(r)
	not r.props.requireNumbers == true
	msg := concat("", ["Password policy \"", lib.fmt_s(r.name), "\" does not require a digit"])
}

deny contains lib.finding(r, msg, "requireLowercase", object.get(r.props, "requireLowercase", null)) if {
	some r in policies
	states_classes(r)
	not r.props.requireLowercase == true
	not r.props.requireUppercase == true
	msg := concat("", ["Password policy \"", lib.fmt_s(r.name), "\" does not require a letter"])
}

states_classes(r) if {
	some class in classes
	is_boolean(r.props[class])
}
