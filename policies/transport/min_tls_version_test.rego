package assay.rules.transport.min_tls_version_test

import data.assay.rules.transport.min_tls_version as rule

res(kind, name, props) := {
	"uid": concat(":", [kind, name]), "kind": kind, "provider": "aws",
	"nativeType": "native", "name": name, "location": {"file": "main.tf", "line": 1}, "props": props,
}

listener(name, props) := res("loadbalancer.listener", name, props)

messages(inp) := m if {
	m := {f.message | some f in rule.deny} with input as inp
}

test_modern_versions_pass if {
	inp := {"kinds": {
		"storage.bucket": [res("storage.bucket", "b", {"tls": {"minVersion": "1.2"}})],
		"database.instance": [res("database.instance", "d", {"tls": {"minVersion": "1.3"}})],
	}}
	rule.deny == set() with input as inp
	rule.in_scope == {"storage.bucket:b", "database.instance:d"} with input as inp
}

test_old_minimum_fails_on_its_line if {
	b := object.union(res("storage.bucket", "acct", {"tls": {"minVersion": "1.1"}}), {"propLines": {"tls.minVersion": 7}, "defaulted": ["tls.minVersion"]})
	rule.deny == {{
		"uid": "storage.bucket:acct",
		"message": "Bucket \"acct\" accepts TLS versions down to 1.1",
		"evidence": {"property": "tls.minVersion", "value": "1.1", "defaulted": true},
		"line": 7,
	}} with input as {"kinds": {"storage.bucket": [b]}}
}

test_database_tls_1_0_and_unknown_version_fail if {
	inp := {"kinds": {"database.instance": [
		res("database.instance", "sql", {"tls": {"minVersion": "1.0"}}),
		res("database.instance", "ssl", {"tls": {"minVersion": "SSLv3"}}),
	]}}
	messages(inp) == {"Database \"sql\" accepts TLS versions down to 1.0", "Database \"ssl\" accepts TLS versions down to SSLv3"}
}

test_absent_minimum_is_out_of_scope if {
	inp := {"kinds": {
		"storage.bucket": [res("storage.bucket", "b", {"tls": {"required": true}})],
		"loadbalancer.listener": [listener("l", {"protocol": "HTTPS"}), listener("custom", {"protocol": "HTTPS", "sslPolicy": "my-own-policy"})],
	}}
	rule.in_scope == set() with input as inp
	rule.deny == set() with input as inp
}

test_aws_ssl_policies if {
	inp := {"kinds": {"loadbalancer.listener": [
		listener("tls13", {"sslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06"}),
		listener("tls13only", {"sslPolicy": "ELBSecurityPolicy-TLS13-1-3-2021-06"}),
		listener("fs12", {"sslPolicy": "ELBSecurityPolicy-FS-1-2-Res-2020-10"}),
		listener("tls12ext", {"sslPolicy": "ELBSecurityPolicy-TLS-1-2-Ext-2018-06"}),
		listener("tls11", {"sslPolicy": "ELBSecurityPolicy-TLS-1-1-2017-01"}),
		listener("tls13-10", {"sslPolicy": "ELBSecurityPolicy-TLS13-1-0-2021-06"}),
		listener("default", {"sslPolicy": "ELBSecurityPolicy-2016-08"}),
		listener("fs2018", {"sslPolicy": "ELBSecurityPolicy-FS-2018-06"}),
	]}}
	count(rule.in_scope) == 8 with input as inp
	messages(inp) == {
		"Listener \"tls11\" uses SSL policy ELBSecurityPolicy-TLS-1-1-2017-01, which accepts TLS 1.1",
		"Listener \"tls13-10\" uses SSL policy ELBSecurityPolicy-TLS13-1-0-2021-06, which accepts TLS 1.0",
		"Listener \"default\" uses SSL policy ELBSecurityPolicy-2016-08, which accepts TLS 1.0",
		"Listener \"fs2018\" uses SSL policy ELBSecurityPolicy-FS-2018-06, which accepts TLS 1.0",
	}
}

test_ssl_policy_finding_shape if {
	l := object.union(listener("web", {"sslPolicy": "ELBSecurityPolicy-2016-08"}), {"propLines": {"sslPolicy": 14}})
	rule.deny == {{
		"uid": "loadbalancer.listener:web",
		"message": "Listener \"web\" uses SSL policy ELBSecurityPolicy-2016-08, which accepts TLS 1.0",
		"evidence": {"property": "sslPolicy", "value": "ELBSecurityPolicy-2016-08", "defaulted": false},
		"line": 14,
	}} with input as {"kinds": {"loadbalancer.listener": [l]}}
}

test_azure_app_gateway_policies if {
	inp := {"kinds": {"loadbalancer.listener": [
		listener("old", {"sslPolicy": "AppGwSslPolicy20150501"}),
		listener("new", {"sslPolicy": "AppGwSslPolicy20220101S"}),
	]}}
	rule.in_scope == {"loadbalancer.listener:old", "loadbalancer.listener:new"} with input as inp
	messages(inp) == {"Listener \"old\" uses SSL policy AppGwSslPolicy20150501, which accepts TLS 1.0"}
}

test_stated_minimum_wins_over_ssl_policy if {
	inp := {"kinds": {"loadbalancer.listener": [listener("both", {"sslPolicy": "ELBSecurityPolicy-2016-08", "tls": {"minVersion": "1.2"}})]}}
	rule.deny == set() with input as inp
	rule.in_scope == {"loadbalancer.listener:both"} with input as inp
}
