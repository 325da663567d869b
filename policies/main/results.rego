# The single wasm entrypoint: every rule's results for one batch of resources.
# Each rule package under assay.rules.<domain>.<name> defines `in_scope` (uids it looked at)
# and `deny` (findings); the rule id is "<domain>.<name>".
package assay.main

results[id] := {"in_scope": object.get(rule, "in_scope", set()), "deny": object.get(rule, "deny", set())} if {
	some domain, name
	rule := data.assay.rules[domain][name]
	id := concat(".", [domain, name])
}
