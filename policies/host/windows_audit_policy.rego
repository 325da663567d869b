# METADATA
# title: Windows hosts audit logons, account and policy changes, privilege use and system events
# description: >-
#   Fails for a Windows host whose advanced audit policy (auditpol /get /category:* /r) does not
#   record, for the subcategories of the CIS Windows Server Level 1 member-server benchmark in the
#   categories Account Logon, Account Management, Logon/Logoff, Object Access, Policy Change,
#   Privilege Use and System, the successes and failures that benchmark asks for: these are the
#   events PCI DSS 10.2.1.1-10.2.1.7 lists (logons and failed logons, use of privileges, changes
#   to accounts and credentials, changes to the audit policy, system start and stop). Subcategories
#   are found by GUID, so a localized Windows is read alike. One finding per subcategory; one that
#   is missing from the output, or a host whose audit policy could not be read, fails as unknown.
#   Detailed Tracking and DS Access are not judged.
# custom:
#   id: host.windows_audit_policy
#   severity: medium
#   kinds: [host.os]
#   decides:
#     - windows.auditPolicyByGuid
#   remediation: >-
#     Set the subcategories with Group Policy (Computer Configuration > Windows Settings > Security
#     Settings > Advanced Audit Policy Configuration) or `auditpol /set /subcategory:"{GUID}"
#     /success:enable /failure:enable`, enable "Audit: Force audit policy subcategory settings to
#     override audit policy category settings", and size the Security log (or forward it) so the
#     events are kept.
package assay.rules.host.windows_audit_policy

import data.assay.lib

# GUID -> subcategory and the inclusion it needs (CIS Microsoft Windows Server 2022 Benchmark,
# section 17, Level 1 member server).
required := {
	"{0CCE923F-69AE-11D9-BED3-505054503030}": {"name": "Credential Validation", "category": "Account Logon", "needs": {"Success", "Failure"}},
	"{0CCE9239-69AE-11D9-BED3-505054503030}": {"name": "Application Group Management", "category": "Account Management", "needs": {"Success", "Failure"}},
	"{0CCE9237-69AE-11D9-BED3-505054503030}": {"name": "Security Group Management", "category": "Account Management", "needs": {"Success"}},
	"{0CCE9235-69AE-11D9-BED3-505054503030}": {"name": "User Account Management", "category": "Account Management", "needs": {"Success", "Failure"}},
	"{0CCE9217-69AE-11D9-BED3-505054503030}": {"name": "Account Lockout", "category": "Logon/Logoff", "needs": {"Failure"}},
	"{0CCE9249-69AE-11D9-BED3-505054503030}": {"name": "Group Membership", "category": "Logon/Logoff", "needs": {"Success"}},
	"{0CCE9216-69AE-11D9-BED3-505054503030}": {"name": "Logoff", "category": "Logon/Logoff", "needs": {"Success"}},
	"{0CCE9215-69AE-11D9-BED3-505054503030}": {"name": "Logon", "category": "Logon/Logoff", "needs": {"Success", "Failure"}},
	"{0CCE921C-69AE-11D9-BED3-505054503030}": {"name": "Other Logon/Logoff Events", "category": "Logon/Logoff", "needs": {"Success", "Failure"}},
	"{0CCE921B-69AE-11D9-BED3-505054503030}": {"name": "Special Logon", "category": "Logon/Logoff", "needs": {"Success"}},
	"{0CCE9244-69AE-11D9-BED3-505054503030}": {"name": "Detailed File Share", "category": "Object Access", "needs": {"Failure"}},
	"{0CCE9224-69AE-11D9-BED3-505054503030}": {"name": "File Share", "category": "Object Access", "needs": {"Success", "Failure"}},
	"{0CCE9227-69AE-11D9-BED3-505054503030}": {"name": "Other Object Access Events", "category": "Object Access", "needs": {"Success", "Failure"}},
	"{0CCE9245-69AE-11D9-BED3-505054503030}": {"name": "Removable Storage", "category": "Object Access", "needs": {"Success", "Failure"}},
	"{0CCE922F-69AE-11D9-BED3-505054503030}": {"name": "Audit Policy Change", "category": "Policy Change", "needs": {"Success"}},
	"{0CCE9230-69AE-11D9-BED3-505054503030}": {"name": "Authentication Policy Change", "category": "Policy Change", "needs": {"Success"}},
	"{0CCE9231-69AE-11D9-BED3-505054503030}": {"name": "Authorization Policy Change", "category": "Policy Change", "needs": {"Success"}},
	"{0CCE9232-69AE-11D9-BED3-505054503030}": {"name": "MPSSVC Rule-Level Policy Change", "category": "Policy Change", "needs": {"Success", "Failure"}},
	"{0CCE9234-69AE-11D9-BED3-505054503030}": {"name": "Other Policy Change Events", "category": "Policy Change", "needs": {"Failure"}},
	"{0CCE9228-69AE-11D9-BED3-505054503030}": {"name": "Sensitive Privilege Use", "category": "Privilege Use", "needs": {"Success", "Failure"}},
	"{0CCE9213-69AE-11D9-BED3-505054503030}": {"name": "IPsec Driver", "category": "System", "needs": {"Success", "Failure"}},
	"{0CCE9214-69AE-11D9-BED3-505054503030}": {"name": "Other System Events", "category": "System", "needs": {"Success", "Failure"}},
	"{0CCE9210-69AE-11D9-BED3-505054503030}": {"name": "Security State Change", "category": "System", "needs": {"Success"}},
	"{0CCE9211-69AE-11D9-BED3-505054503030}": {"name": "Security System Extension", "category": "System", "needs": {"Success"}},
	"{0CCE9212-69AE-11D9-BED3-505054503030}": {"name": "System Integrity", "category": "System", "needs": {"Success", "Failure"}},
}

records := {
	"No Auditing": set(),
	"Success": {"Success"},
	"Failure": {"Failure"},
	"Success and Failure": {"Success", "Failure"},
}

hosts := [r |
	some r in lib.resources(["host.os"])
	r.props.family == "windows"
]

in_scope contains r.uid if some r in hosts

deny contains lib.finding(r, message, concat("", ["windows.auditPolicyByGuid.", lib.fmt_s(guid)]), setting) if {
	some r in hosts
	some guid, sub in required
	setting := r.props.windows.auditPolicyByGuid[guid]
	missing := sub.needs - object.get(records, setting, set())
	count(missing) > 0
	message := concat("", [
		"Windows host \"", lib.fmt_s(r.name), "\" does not audit ",
		lib.fmt_s(concat(" and ", [part | some part in ["Success", "Failure"]; part in missing])),
		" of ", lib.fmt_s(sub.category), "/", lib.fmt_s(sub.name), " (set: ", lib.fmt_s(setting),
		")",
	])
}

deny contains lib.finding(r, message, concat("", ["windows.auditPolicyByGuid.", lib.fmt_s(guid)]), null) if {
	some r in hosts
	r.props.windows.auditPolicyByGuid
	some guid, sub in required
	not r.props.windows.auditPolicyByGuid[guid]
	message := concat("", [
		"Windows host \"", lib.fmt_s(r.name), "\": the audit setting of ", lib.fmt_s(sub.category),
		"/", lib.fmt_s(sub.name), " is not in the auditpol output",
	])
}

deny contains lib.finding(r, message, "windows.auditPolicyByGuid", null) if {
	some r in hosts
	object.get(r.props, ["windows", "auditPolicyByGuid"], null) == null
	message := concat("", ["Windows host \"", lib.fmt_s(r.name), "\": its audit policy (auditpol) was not read"])
}
