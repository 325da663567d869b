package assay.rules.host.windows_audit_policy_test

import data.assay.rules.host.windows_audit_policy as rule

os(windows) := {"kinds": {"host.os": [{"uid": "windows:ws:os", "kind": "host.os", "provider": "windows", "name": "ws", "location": {"host": "ws"}, "props": {"family": "windows", "windows": windows}}]}}

# Every required subcategory set to what it needs, exactly.
baseline := {guid: setting |
	some guid, sub in rule.required
	setting := setting_for(sub.needs)
}

setting_for(needs) := "Success and Failure" if count(needs) == 2

setting_for(needs) := "Success" if needs == {"Success"}

setting_for(needs) := "Failure" if needs == {"Failure"}

logon := "{0CCE9215-69AE-11D9-BED3-505054503030}"

lockout := "{0CCE9217-69AE-11D9-BED3-505054503030}"

test_baseline_passes if {
	rule.deny == set() with input as os({"auditPolicyByGuid": baseline})
	rule.in_scope == {"windows:ws:os"} with input as os({})
}

test_more_than_needed_passes if {
	rule.deny == set() with input as os({"auditPolicyByGuid": object.union(baseline, {lockout: "Success and Failure"})})
}

test_missing_part_fails_per_subcategory if {
	findings := rule.deny with input as os({"auditPolicyByGuid": object.union(baseline, {logon: "Success", lockout: "No Auditing"})})
	{f.message | some f in findings} == {
		"Windows host \"ws\" does not audit Failure of Logon/Logoff/Logon (set: Success)",
		"Windows host \"ws\" does not audit Failure of Logon/Logoff/Account Lockout (set: No Auditing)",
	}
}

test_missing_subcategory_and_unread_fail_as_unknown if {
	without_logon := object.remove(baseline, [logon])
	[f.evidence.property | some f in rule.deny] == [sprintf("windows.auditPolicyByGuid.%s", [logon])] with input as os({"auditPolicyByGuid": without_logon})
	[f.evidence.value | some f in rule.deny] == [null] with input as os({})
}
