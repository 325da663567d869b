# Message text without sprintf (functions only). The wasm bundle has sprintf only as a call out to
# the JavaScript host, which copies its arguments out of wasm and its result back in as JSON: a few
# microseconds a call, and rules build a message or a property path for every finding. Rules write
# concat("", ["Bucket \"", lib.fmt_s(r.name), "\" ..."]) instead of sprintf("Bucket \"%s\" ...",
# [r.name]). Each helper gives what sprintf gives for its verb: a string or a whole number is
# written in wasm; any other value goes to sprintf itself, so the text never changes.
package assay.lib

# sprintf("%s", [x])
fmt_s(x) := x if is_string(x)

else := sprintf("%s", [x])

# sprintf("%v", [x])
fmt_v(x) := x if is_string(x)

else := format_int(x, 10) if whole_number(x)

else := sprintf("%v", [x])

# sprintf("%d", [x])
fmt_d(x) := format_int(x, 10) if whole_number(x)

else := sprintf("%d", [x])

# A number without a fraction and under a billion either way: format_int in wasm works on 32-bit
# integers (it fails above 2^31 and misprints -2^31), and sprintf writes the same digits for these.
whole_number(x) if {
	is_number(x)
	floor(x) == x
	x > -1000000000
	x < 1000000000
}
