package assay.rules.host.insecure_services_test

import data.assay.rules.host.insecure_services as rule

service(name, props) := {"uid": concat(":", ["linux:web:service", name]), "kind": "host.service", "provider": "linux", "name": name, "location": {"host": "web"}, "props": props}

batch(services) := {"kinds": {"host.service": services}}

test_ssh_and_disabled_telnet_pass if {
	inp := batch([
		service("sshd", {"running": true, "listening": [{"protocol": "tcp", "address": "0.0.0.0", "port": 22}]}),
		service("telnet.socket", {"enabled": false, "unitFileState": "disabled"}),
	])
	rule.deny == set() with input as inp
	count(rule.in_scope) == 2 with input as inp
}

test_enabled_ftp_unit_fails if {
	[f.uid | some f in rule.deny] == ["linux:web:service:vsftpd.service"] with input as batch([service("vsftpd.service", {"enabled": true})])
}

test_listener_on_telnet_port_fails if {
	inp := batch([service("inetutils-telnetd", {"running": true, "listening": [{"protocol": "tcp", "address": "::", "port": 23}]})])
	[f.evidence.value.port | some f in rule.deny] == [23] with input as inp
}

test_tftp_udp_fails if {
	count(rule.deny) == 1 with input as batch([service("in.tftpd", {"listening": [{"protocol": "udp", "address": "0.0.0.0", "port": 69}]})])
}
