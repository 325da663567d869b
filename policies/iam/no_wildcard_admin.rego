# METADATA
# title: IAM policies do not grant full administrative access
# description: >-
#   Fails for every Allow statement whose actions include "*" or "*:*" (every action of every
#   service). For AWS the statement must also apply to resource "*" (a policy scoped to named
#   resources is not account-wide admin); for Azure role definitions the actions alone decide,
#   because "*" gives full control at every scope the role can be assigned to. Conditions on the
#   statement do not excuse it: a condition such as requiring MFA still hands out full admin.
#   Absent actions or resources are not a failure (nothing is granted that we can see). Customer
#   and inline policies are always checked; policies managed by the provider (AWS
#   AdministratorAccess) only when they are attached to someone, since their mere existence is
#   not a choice the account made.
# custom:
#   id: iam.no_wildcard_admin
#   severity: high
#   kinds: [iam.policy]
#   decides:
#     - statements[].effect
#     - statements[].actions
#     - statements[].resources
#     - managedBy
#     - attachedTo
#   remediation: >-
#     Grant only the actions a principal needs on the resources it needs. Terraform
#     aws_iam_policy / aws_iam_role_policy / aws_iam_user_policy (and CloudFormation
#     AWS::IAM::Policy, ManagedPolicy, inline Policies): replace "Action": "*" with the service
#     actions required and "Resource": "*" with ARNs; detach AdministratorAccess from users and
#     roles that do not need it. azurerm_role_definition / ARM Microsoft.Authorization/roleDefinitions:
#     list specific permissions.actions instead of "*" and use built-in roles where possible.
package assay.rules.iam.no_wildcard_admin

import data.assay.lib

wildcard_actions := {"*", "*:*"}

in_scope contains r.uid if {
	some r in lib.resources(["iam.policy"])
	checked(r)
}

deny contains lib.finding_for_item(r, message, concat("", ["statements.", lib.fmt_d(i), ".actions"]), st.actions, st) if {
	some r in lib.resources(["iam.policy"])
	checked(r)
	some i, st in object.get(r.props, "statements", [])
	st.effect == "Allow"
	some action in st.actions
	action in wildcard_actions
	applies_to_everything(r, st)
	message := concat("", [
		"IAM policy \"", lib.fmt_s(r.name), "\" statement #", lib.fmt_d(i + 1), " allows action \"",
		lib.fmt_s(action), "\" on ", lib.fmt_s(scope_label(r)),
	])
}

checked(r) if object.get(r.props, "managedBy", "customer") != "provider"

checked(r) if count(object.get(r.props, "attachedTo", [])) > 0

applies_to_everything(r, _) if r.provider == "azure"

applies_to_everything(r, st) if {
	r.provider != "azure"
	"*" in object.get(st, "resources", [])
}

scope_label(r) := "every assignable scope" if r.provider == "azure"

scope_label(r) := "every resource" if r.provider != "azure"
