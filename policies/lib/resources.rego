# Helpers shared by every rule. Input of one evaluation (a batch of resources):
#   {"kinds": {"<kind>": [<resource without raw>, ...], ...}}
# A resource is {uid, kind, provider, nativeType, name, location, tags, props, defaulted, propLines}
# as defined in src/model/kinds.ts.
package assay.lib

# All resources of the given kinds in this batch.
resources(kinds) := [r | some k in kinds; some r in object.get(input.kinds, k, [])]

# The finding a rule's `deny` set holds. `property` is the props path that decided it and `value`
# what it held (null when absent), so reports can show the evidence.
finding(r, message, property, value) := {
	"uid": r.uid,
	"message": message,
	"evidence": {"property": property, "value": value, "defaulted": property in object.get(r, "defaulted", [])},
}

# Same, pointing at a more precise line than the resource's own (a firewall rule, a container).
finding_at(r, message, property, value, line) := object.union(finding(r, message, property, value), {"line": line})
