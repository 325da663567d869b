package assay.lib_test

import data.assay.lib

# Each helper writes what sprintf writes for its verb, on the fast path and on the fallback.
test_fmt_s_same_as_sprintf if {
	every x in ["", "web", "a \"b\"", 7, true, null, ["x"]] {
		lib.fmt_s(x) == sprintf("%s", [x])
	}
}

test_fmt_v_same_as_sprintf if {
	every x in ["", "web", 0, 1, 6, 365, -2, 999999999, 1.5, 1000000000, true, null] {
		lib.fmt_v(x) == sprintf("%v", [x])
	}
}

test_fmt_d_same_as_sprintf if {
	every x in [0, 1, 22, 65535, -1, 999999999, -999999999, 1.5, 1000000000, 100000000000000000] {
		lib.fmt_d(x) == sprintf("%d", [x])
	}
}

test_whole_number if {
	lib.whole_number(3)
	lib.whole_number(-3)
	not lib.whole_number(3.5)
	not lib.whole_number("3")
	not lib.whole_number(1000000000)
	not lib.whole_number(-1000000000)
}
