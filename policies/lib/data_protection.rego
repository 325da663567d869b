# Helpers for the data-protection, transport and logging rules (functions only).
package assay.lib

# A finding placed on the line of the property that decided it when the source recorded one
# (propLines holds dot paths, e.g. "versioning.enabled" or its parent "versioning"), so PR
# annotations land on the offending attribute; otherwise on the resource's own line.
finding_on_prop(r, message, property, value) := finding_at(r, message, property, value, line) if {
	line := prop_line(r, property)
} else := finding(r, message, property, value)

prop_line(r, property) := line if {
	line := r.propLines[property]
	is_number(line)
} else := line if {
	line := r.propLines[split(property, ".")[0]]
	is_number(line)
}

# A finding about one entry of a list prop (a firewall rule), on that entry's line when it has one.
finding_on_item(r, message, property, value, item) := finding_at(r, message, property, value, item.line) if {
	is_number(item.line)
} else := finding(r, message, property, value)

# "1 day", "6 days": message text for a number of days.
day_count(n) := "1 day" if n == 1

day_count(n) := concat("", [fmt_v(n), " days"]) if n != 1
