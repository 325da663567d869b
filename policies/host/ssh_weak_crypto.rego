# METADATA
# title: SSH servers offer no weak ciphers, MACs or key exchange algorithms
# description: >-
#   Reads the effective cipher, MAC and key exchange lists of each SSH server (`sshd -T`) and
#   fails on any weak algorithm: CBC-mode, 3DES, RC4 (arcfour) and Blowfish ciphers; MD5, SHA-1,
#   RIPEMD-160 and 64-bit-tag MACs; SHA-1 Diffie-Hellman key exchange and the 1024-bit group 1.
#   A client that offers only those can still connect, and a downgrade exposes the session. One
#   finding per list; a list that was not read fails as unknown.
# custom:
#   id: host.ssh_weak_crypto
#   severity: high
#   kinds: [host.ssh]
#   decides:
#     - ciphers
#     - macs
#     - kexAlgorithms
#   remediation: >-
#     Set explicit lists in /etc/ssh/sshd_config, e.g. `Ciphers
#     chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes128-gcm@openssh.com,aes256-ctr,aes128-ctr`,
#     `MACs hmac-sha2-512-etm@openssh.com,hmac-sha2-256-etm@openssh.com` and `KexAlgorithms
#     curve25519-sha256,curve25519-sha256@libssh.org,diffie-hellman-group16-sha512,diffie-hellman-group18-sha512`,
#     or apply the system-wide crypto policy (update-crypto-policies --set DEFAULT:NO-SHA1 on RHEL).
package assay.rules.host.ssh_weak_crypto

import data.assay.lib

servers := lib.resources(["host.ssh"])

lists := {
	"ciphers": "ciphers",
	"macs": "MACs",
	"kexAlgorithms": "key exchange algorithms",
}

weak_patterns := {
	"ciphers": [`-cbc$`, `^3des`, `^arcfour`, `^blowfish`, `^cast128`, `^rijndael-cbc`],
	"macs": [`^hmac-md5`, `^hmac-sha1`, `^umac-64`, `^hmac-ripemd160`],
	"kexAlgorithms": [`sha1`, `^diffie-hellman-group1-`],
}

in_scope contains r.uid if some r in servers

weak(prop, algorithm) if {
	some pattern in weak_patterns[prop]
	regex.match(pattern, algorithm)
}

deny contains lib.finding(r, message, prop, found) if {
	some r in servers
	some prop, label in lists
	found := [a | some a in object.get(r.props, prop, []); weak(prop, a)]
	count(found) > 0
	message := concat("", ["SSH server \"", lib.fmt_s(r.name), "\" offers weak ", lib.fmt_s(label), ": ", lib.fmt_s(concat(", ", found))])
}

deny contains lib.finding(r, message, prop, null) if {
	some r in servers
	some prop, label in lists
	object.get(r.props, prop, null) == null
	message := concat("", ["SSH server \"", lib.fmt_s(r.name), "\": its ", lib.fmt_s(label), " were not read"])
}
