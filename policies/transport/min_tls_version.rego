# METADATA
# title: Services refuse TLS versions older than 1.2
# description: >-
#   Checks that buckets, load balancer listeners and databases refuse TLS 1.0 and 1.1 (and any
#   SSL), which have known weaknesses and are no longer allowed by PCI DSS. The lowest accepted
#   version is `tls.minVersion` ("1.0" to "1.3"); for a listener that states none, it is derived
#   from its named SSL policy (AWS `ELBSecurityPolicy-*`, Azure Application Gateway
#   `AppGwSslPolicy*`). Any version other than 1.2 or 1.3 fails. A resource whose source states
#   neither a minimum version nor a known SSL policy is not in scope: the effective minimum then
#   depends on a provider default the source did not state (collectors fill documented defaults
#   and mark them defaulted).
# custom:
#   id: transport.min_tls_version
#   severity: medium
#   kinds: [storage.bucket, loadbalancer.listener, database.instance]
#   decides:
#     - tls.minVersion
#     - sslPolicy
#   remediation: >-
#     Terraform (aws): give HTTPS/TLS listeners `ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06"`;
#     deny S3 requests with `s3:TlsVersion` below 1.2 in the bucket policy. CloudFormation:
#     `SslPolicy` on `AWS::ElasticLoadBalancingV2::Listener`. Terraform (azurerm):
#     `min_tls_version = "TLS1_2"` on storage accounts and SQL servers,
#     `ssl_minimal_tls_version_enforced = "TLS1_2"` on database servers. ARM:
#     `minimumTlsVersion: "TLS1_2"` (storage), `minimalTlsVersion: "1.2"` (SQL).
package assay.rules.transport.min_tls_version

import data.assay.lib

accepted_versions := {"1.2", "1.3"}

# Azure Application Gateway predefined policies and the lowest version each accepts.
app_gateway_policies := {
	"AppGwSslPolicy20150501": "1.0",
	"AppGwSslPolicy20170401": "1.1",
	"AppGwSslPolicy20170401S": "1.2",
	"AppGwSslPolicy20220101": "1.2",
	"AppGwSslPolicy20220101S": "1.2",
}

services := lib.resources(["storage.bucket", "loadbalancer.listener", "database.instance"])

noun := {"storage.bucket": "Bucket", "loadbalancer.listener": "Listener", "database.instance": "Database"}

in_scope contains r.uid if {
	some r in services
	lowest_version(r)
}

deny contains lib.finding_on_prop(r, msg, "tls.minVersion", version) if {
	some r in services
	version := r.props.tls.minVersion
	is_string(version)
	not version in accepted_versions
	msg := concat("", [lib.fmt_s(noun[r.kind]), " \"", lib.fmt_s(r.name), "\" accepts TLS versions down to ", lib.fmt_s(version)])
}

deny contains lib.finding_on_prop(r, msg, "sslPolicy", policy) if {
	some r in services
	not states_min_version(r)
	policy := r.props.sslPolicy
	version := ssl_policy_min_version(policy)
	not version in accepted_versions
	msg := concat("", ["Listener \"", lib.fmt_s(r.name), "\" uses SSL policy ", lib.fmt_s(policy), ", which accepts TLS ", lib.fmt_s(version)])
}

states_min_version(r) if is_string(r.props.tls.minVersion)

lowest_version(r) := r.props.tls.minVersion if states_min_version(r)

lowest_version(r) := ssl_policy_min_version(r.props.sslPolicy) if not states_min_version(r)

# AWS names carry the version after TLS-/TLS13-/FS- (ELBSecurityPolicy-TLS13-1-2-2021-06); the
# older names (ELBSecurityPolicy-2016-08, ELBSecurityPolicy-FS-2018-06) all accept TLS 1.0.
ssl_policy_min_version(policy) := version if {
	some minor in ["0", "1", "2", "3"]
	regex.match(concat("", [`^ELBSecurityPolicy-(TLS13-|TLS-|FS-)1-`, minor, `-`]), policy)
	version := concat(".", ["1", minor])
} else := "1.0" if {
	startswith(policy, "ELBSecurityPolicy-")
} else := app_gateway_policies[policy]
