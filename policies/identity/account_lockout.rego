# METADATA
# title: Password policies lock accounts after at most 10 failed attempts for at least 30 minutes
# description: >-
#   Fails when a password policy never locks accounts (lockoutThreshold 0), allows more than 10
#   failed attempts, or locks for less than 30 minutes (lockoutDurationMinutes 0 means until an
#   administrator unlocks, which passes), following PCI DSS v4.0.1 requirement 8.3.4. In scope:
#   policies that state a lockout setting, and every domain, fine-grained (AD PSO) and host
#   policy, since those systems have lockout settings; there an absent threshold or duration
#   fails, because a value that was not read is not evidence of lockout. AWS account password
#   policies have no lockout setting and stay out of scope unless they state one. Lockout stops
#   online guessing of passwords.
# custom:
#   id: identity.account_lockout
#   severity: medium
#   kinds: [identity.password_policy]
#   decides:
#     - lockoutThreshold
#     - lockoutDurationMinutes
#     - scope
#   remediation: >-
#     Lock accounts after at most 10 failed attempts for at least 30 minutes (or until an
#     administrator unlocks them). Active Directory: Default Domain Policy "Account lockout
#     threshold" 10 and "Account lockout duration" 30 (with "Reset account lockout counter after"
#     30 minutes), or msDS-LockoutThreshold and msDS-LockoutDuration on the PSO. Linux:
#     deny = 10 and unlock_time = 1800 in /etc/security/faillock.conf. Windows: secpol "Account
#     lockout policy".
package assay.rules.identity.account_lockout

import data.assay.lib

max_attempts := 10

min_duration_minutes := 30

# Systems whose password policies always have lockout settings, so an absent value was not read.
lockout_scopes := {"domain", "fine-grained", "host"}

in_scope contains r.uid if some r in policies

policies := [r |
	some r in lib.resources(["identity.password_policy"])
	states_lockout(r)
]

states_lockout(r) if object.get(r.props, "scope", null) in lockout_scopes

states_lockout(r) if object.get(r.props, "lockoutThreshold", null) != null

states_lockout(r) if object.get(r.props, "lockoutDurationMinutes", null) != null

deny contains lib.finding(r, message, "lockoutThreshold", 0) if {
	some r in policies
	r.props.lockoutThreshold == 0
	message := concat("", [
		"Password policy \"", lib.fmt_s(r.name),
		"\" never locks accounts after failed attempts (maximum allowed: ", lib.fmt_d(max_attempts),
		" attempts)",
	])
}

deny contains lib.finding(r, message, "lockoutThreshold", r.props.lockoutThreshold) if {
	some r in policies
	r.props.lockoutThreshold > max_attempts
	message := concat("", [
		"Password policy \"", lib.fmt_s(r.name), "\" locks accounts after ",
		lib.fmt_d(r.props.lockoutThreshold), " failed attempts (maximum allowed: ",
		lib.fmt_d(max_attempts), ")",
	])
}

deny contains lib.finding(r, message, "lockoutThreshold", null) if {
	some r in policies
	object.get(r.props, "lockoutThreshold", null) == null
	message := concat("", [
		"Password policy \"", lib.fmt_s(r.name),
		"\" declares no account lockout threshold (maximum allowed: ", lib.fmt_d(max_attempts),
		" attempts)",
	])
}

# Duration matters only when the policy locks at all; 0 means locked until an administrator unlocks.
deny contains lib.finding(r, message, "lockoutDurationMinutes", r.props.lockoutDurationMinutes) if {
	some r in policies
	r.props.lockoutThreshold > 0
	r.props.lockoutDurationMinutes > 0
	r.props.lockoutDurationMinutes < min_duration_minutes
	message := concat("", [
		"Password policy \"", lib.fmt_s(r.name), "\" locks accounts for ",
		lib.fmt_d(r.props.lockoutDurationMinutes), " minutes (minimum required: ",
		lib.fmt_d(min_duration_minutes), ", or until an administrator unlocks)",
	])
}

deny contains lib.finding(r, message, "lockoutDurationMinutes", null) if {
	some r in policies
	r.props.lockoutThreshold > 0
	object.get(r.props, "lockoutDurationMinutes", null) == null
	message := concat("", [
		"Password policy \"", lib.fmt_s(r.name),
		"\" declares no account lockout duration (minimum required: ",
		lib.fmt_d(min_duration_minutes), " minutes)",
	])
}
