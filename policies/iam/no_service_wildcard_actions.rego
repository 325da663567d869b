# METADATA
# title: IAM policies do not allow every action of a service
# description: >-
#   Fails an Allow statement of a customer-managed or inline AWS policy whose actions include a
#   service-wide wildcard ("s3:*", "iam:*") or every action ("*", "*:*"), as AWS Security Hub
#   IAM.21 does, or that uses NotAction (an Allow of every action of every service but those
#   listed). A wildcard Resource alone does not fail: IAM.21 judges actions only, and many
#   actions (ec2:Describe*, s3:ListAllMyBuckets) accept no resource but "*", so "Resource": "*"
#   is often the least privilege there is (trivy's deprecated no_policy_wildcards flags it;
#   we do not). Partial wildcards ("s3:Get*") do not fail. Conditions do not excuse a statement.
#   Statements that name a Principal belong to resource policies (a key or queue policy) and are
#   not judged; AWS-managed policies are not the account's choice and are not judged either (a
#   full-administrator one attached is iam.no_wildcard_admin's). Full administrator ("*" on
#   "*") fails here and in iam.no_wildcard_admin, as IAM.21 and IAM.1 both fail it.
# custom:
#   id: iam.no_service_wildcard_actions
#   severity: medium
#   kinds: [iam.policy]
#   decides:
#     - statements[].effect
#     - statements[].actions
#     - statements[].notActions
#     - statements[].principals
#     - managedBy
#   remediation: >-
#     List the actions the principal needs ("s3:GetObject", "s3:PutObject") instead of
#     "service:*", and an Allow of Action instead of NotAction. Terraform: in `aws_iam_policy`,
#     `aws_iam_role_policy`, `aws_iam_user_policy`, `aws_iam_group_policy` or the
#     `aws_iam_policy_document` they use, set `actions` to named actions. CloudFormation:
#     `Action` in AWS::IAM::Policy, AWS::IAM::ManagedPolicy and a role's, user's or group's
#     `Policies`. AWS: a new default version of the customer-managed policy
#     (`aws iam create-policy-version --set-as-default`) or `put-role-policy` for an inline
#     one; IAM Access Analyzer's policy generation lists the actions a role actually used.
package assay.rules.iam.no_service_wildcard_actions

import data.assay.lib

policies := [r |
	some r in lib.resources(["iam.policy"])
	r.provider == "aws"
	object.get(r.props, "managedBy", "customer") != "provider"
	identity_policy(r)
]

in_scope contains r.uid if some r in policies

deny contains lib.finding_for_item(r, msg, concat("", ["statements.", lib.fmt_d(i), ".actions"]), st.actions, st) if {
	some r in policies
	some i, st in r.props.statements
	identity_allow(st)
	wildcards := [concat("", ["\"", lib.fmt_s(a), "\""]) | some a in object.get(st, "actions", []); service_wide(a)]
	count(wildcards) > 0
	msg := concat("", [
		"IAM policy \"", lib.fmt_s(r.name), "\" statement #", lib.fmt_d(i + 1),
		" allows every action of a service: ", lib.fmt_s(concat(", ", wildcards)),
	])
}

deny contains lib.finding_for_item(r, msg, concat("", ["statements.", lib.fmt_d(i), ".notActions"]), st.notActions, st) if {
	some r in policies
	some i, st in r.props.statements
	identity_allow(st)
	count(object.get(st, "notActions", [])) > 0
	msg := concat("", [
		"IAM policy \"", lib.fmt_s(r.name), "\" statement #", lib.fmt_d(i + 1),
		" allows every action except ", lib.fmt_s(concat(", ", st.notActions)), " (NotAction)",
	])
}

# A policy with statements none of which names a principal, or with none at all.
identity_policy(r) if count([st | some st in object.get(r.props, "statements", []); not has_principal(st)]) > 0

identity_policy(r) if count(object.get(r.props, "statements", [])) == 0

identity_allow(st) if {
	st.effect == "Allow"
	not has_principal(st)
}

has_principal(st) if count(object.get(st, "principals", [])) > 0

service_wide(action) if action in {"*", "*:*"}

# "s3:*", "S3:**": the service prefix, then nothing but wildcards.
service_wide(action) if regex.match(`^[A-Za-z0-9-]+:\*+$`, action)
