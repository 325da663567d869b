package assay.rules.transport.tls_required_test

import data.assay.rules.transport.tls_required as rule

res(kind, name, provider, props) := {
	"uid": concat(":", [kind, name]), "kind": kind, "provider": provider,
	"nativeType": "native", "name": name, "location": {"file": "main.tf", "line": 1}, "props": props,
}

bucket(name, provider, props) := res("storage.bucket", name, provider, props)

listener(name, props) := res("loadbalancer.listener", name, "aws", props)

database(name, props) := res("database.instance", name, "azure", props)

uids(inp) := u if {
	u := {f.uid | some f in rule.deny} with input as inp
}

test_bucket_requiring_tls_passes if {
	inp := {"kinds": {"storage.bucket": [bucket("b", "aws", {"tls": {"required": true}})]}}
	rule.deny == set() with input as inp
	rule.in_scope == {"storage.bucket:b"} with input as inp
}

test_bucket_not_requiring_tls_fails_on_its_line if {
	b := object.union(bucket("web", "azure", {"tls": {"required": false}}), {"propLines": {"tls.required": 11}})
	rule.deny == {{
		"uid": "storage.bucket:web",
		"message": "Bucket \"web\" accepts unencrypted connections (TLS is not required)",
		"evidence": {"property": "tls.required", "value": false, "defaulted": false},
		"line": 11,
	}} with input as {"kinds": {"storage.bucket": [b]}}
}

test_absent_tls_on_aws_bucket_fails if {
	rule.deny == {{
		"uid": "storage.bucket:raw",
		"message": "Bucket \"raw\" does not require TLS: no setting or bucket policy denies plain HTTP requests",
		"evidence": {"property": "tls.required", "value": null, "defaulted": false},
	}} with input as {"kinds": {"storage.bucket": [bucket("raw", "aws", {})]}}
}

test_absent_tls_on_azure_account_passes if {
	inp := {"kinds": {"storage.bucket": [bucket("acct", "azure", {})]}}
	rule.deny == set() with input as inp
	rule.in_scope == {"storage.bucket:acct"} with input as inp
}

test_defaulted_false_on_old_azure_api_is_marked if {
	b := object.union(bucket("old", "azure", {"tls": {"required": false}}), {"defaulted": ["tls.required"]})
	[f.evidence.defaulted | some f in rule.deny] == [true] with input as {"kinds": {"storage.bucket": [b]}}
}

test_listeners_by_protocol if {
	inp := {"kinds": {"loadbalancer.listener": [
		listener("https", {"protocol": "HTTPS", "port": 443}),
		listener("tls", {"protocol": "tls", "port": 8443}),
		listener("http", {"protocol": "HTTP", "port": 80}),
		listener("redirect", {"protocol": "HTTP", "port": 80, "redirectsToHttps": true}),
		listener("noredirect", {"protocol": "http", "port": 8080, "redirectsToHttps": false}),
		listener("tcp", {"protocol": "TCP", "port": 5432}),
		listener("unknown", {}),
	]}}
	rule.in_scope == {
		"loadbalancer.listener:https", "loadbalancer.listener:tls", "loadbalancer.listener:http",
		"loadbalancer.listener:redirect", "loadbalancer.listener:noredirect",
	} with input as inp
	uids(inp) == {"loadbalancer.listener:http", "loadbalancer.listener:noredirect"}
}

test_http_listener_finding if {
	rule.deny == {{
		"uid": "loadbalancer.listener:web",
		"message": "Listener \"web\" accepts plain HTTP without redirecting to HTTPS",
		"evidence": {"property": "protocol", "value": "HTTP", "defaulted": false},
	}} with input as {"kinds": {"loadbalancer.listener": [listener("web", {"protocol": "HTTP"})]}}
}

test_listener_tls_setting_wins_over_protocol if {
	inp := {"kinds": {"loadbalancer.listener": [
		listener("stated", {"protocol": "HTTP", "tls": {"required": true}}),
		listener("tcp-off", {"protocol": "TCP", "tls": {"required": false}}),
	]}}
	rule.in_scope == {"loadbalancer.listener:stated", "loadbalancer.listener:tcp-off"} with input as inp
	rule.deny == {{
		"uid": "loadbalancer.listener:tcp-off",
		"message": "Listener \"tcp-off\" accepts unencrypted connections (TLS is not required)",
		"evidence": {"property": "tls.required", "value": false, "defaulted": false},
	}} with input as inp
}

test_databases_in_scope_only_when_stated if {
	inp := {"kinds": {"database.instance": [
		database("enforced", {"tls": {"required": true}}),
		database("open", {"tls": {"required": false, "minVersion": "1.2"}}),
		database("unknown", {"engine": "postgres"}),
	]}}
	rule.in_scope == {"database.instance:enforced", "database.instance:open"} with input as inp
	{f.message | some f in rule.deny} == {"Database \"open\" accepts unencrypted connections (TLS is not required)"} with input as inp
}

test_bucket_policy_with_unknown_deciding_part_is_neither_pass_nor_failure if {
	b := object.union(bucket("assembled", "aws", {}), {"unknown": ["tls.required"]})
	inp := {"kinds": {"storage.bucket": [b]}}
	rule.deny == set() with input as inp
	rule.in_scope == {"storage.bucket:assembled"} with input as inp
}
