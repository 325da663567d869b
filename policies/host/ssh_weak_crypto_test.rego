package assay.rules.host.ssh_weak_crypto_test

import data.assay.rules.host.ssh_weak_crypto as rule

sshd(props) := {"kinds": {"host.ssh": [{"uid": "linux:web:sshd", "kind": "host.ssh", "provider": "linux", "name": "web sshd", "location": {"host": "web"}, "props": props}]}}

strong := {
	"ciphers": ["chacha20-poly1305@openssh.com", "aes256-gcm@openssh.com", "aes128-ctr"],
	"macs": ["hmac-sha2-256-etm@openssh.com", "umac-128-etm@openssh.com"],
	"kexAlgorithms": ["curve25519-sha256", "diffie-hellman-group16-sha512", "ecdh-sha2-nistp256"],
}

test_modern_lists_pass if {
	rule.deny == set() with input as sshd(strong)
	rule.in_scope == {"linux:web:sshd"} with input as sshd(strong)
}

test_each_weak_list_is_one_finding if {
	weak := {
		"ciphers": ["aes128-ctr", "aes128-cbc", "3des-cbc"],
		"macs": ["hmac-sha2-256", "hmac-sha1", "hmac-md5"],
		"kexAlgorithms": ["curve25519-sha256", "diffie-hellman-group14-sha1", "diffie-hellman-group1-sha1"],
	}
	{f.evidence.property: f.evidence.value | some f in rule.deny} == {
		"ciphers": ["aes128-cbc", "3des-cbc"],
		"macs": ["hmac-sha1", "hmac-md5"],
		"kexAlgorithms": ["diffie-hellman-group14-sha1", "diffie-hellman-group1-sha1"],
	} with input as sshd(weak)
}

test_unread_list_fails_as_unknown if {
	[f.evidence.property | some f in rule.deny] == ["macs"] with input as sshd(object.remove(strong, ["macs"]))
}
