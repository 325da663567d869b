# Deliberate difference from KICS: KICS flags an Azure storage account without
# `supportsHttpsTrafficOnly` only for old ARM API versions; collectors record that version-specific
# default (marked defaulted), so an account whose source states nothing passes here.

# METADATA
# title: Services accept only encrypted (TLS) connections
# description: >-
#   Checks that buckets, load balancer listeners and databases refuse unencrypted connections, so
#   data and credentials never cross the network in clear text. `tls.required: false` fails.
#   Absent values: an AWS bucket fails (S3 accepts plain HTTP unless a bucket policy denies
#   requests without `aws:SecureTransport`), unless its bucket policy is stated but the part
#   that would decide is unknown (then it is not evaluated); an Azure storage account passes (secure transfer is
#   required by default in the azurerm provider and in ARM API versions since 2019-04-01). A
#   listener without a TLS setting is judged by its protocol: HTTPS, TLS and SSL pass, HTTP fails
#   unless its default action redirects to HTTPS, other protocols (TCP, UDP) are not in scope
#   because they may carry TLS end to end. A database is in scope only when the source states
#   whether it requires TLS, since that usually lives in a parameter or server setting.
# custom:
#   id: transport.tls_required
#   severity: high
#   kinds: [storage.bucket, loadbalancer.listener, database.instance]
#   decides:
#     - tls.required
#     - protocol
#     - redirectsToHttps
#   remediation: >-
#     Terraform (aws): add a bucket policy statement denying `s3:*` when `aws:SecureTransport` is
#     false; make ALB listeners `protocol = "HTTPS"` with a certificate, or give HTTP listeners a
#     `redirect` default action to HTTPS; set `rds.force_ssl = 1` (PostgreSQL) or
#     `require_secure_transport = ON` (MySQL) in the DB parameter group. CloudFormation: the same
#     through `AWS::S3::BucketPolicy`, `AWS::ElasticLoadBalancingV2::Listener` and
#     `AWS::RDS::DBParameterGroup`. Terraform (azurerm): `https_traffic_only_enabled = true` on
#     storage accounts, `ssl_enforcement_enabled = true` / `require_secure_transport = ON` on
#     database servers. ARM: `supportsHttpsTrafficOnly: true`, `sslEnforcement: "Enabled"`.
package assay.rules.transport.tls_required

import data.assay.lib

encrypted_protocols := {"HTTPS", "TLS", "SSL"}

buckets := lib.resources(["storage.bucket"])

listeners := lib.resources(["loadbalancer.listener"])

databases := lib.resources(["database.instance"])

in_scope contains r.uid if some r in buckets

in_scope contains r.uid if {
	some r in listeners
	judged_listener(r)
}

in_scope contains r.uid if {
	some r in databases
	declares_tls(r)
}

# Any kind: the source says TLS is not required.
deny contains lib.finding_on_prop(r, msg, "tls.required", false) if {
	some r in array.concat(array.concat(buckets, listeners), databases)
	r.props.tls.required == false
	msg := concat("", [lib.fmt_s(noun[r.kind]), " \"", lib.fmt_s(r.name), "\" accepts unencrypted connections (TLS is not required)"])
}

deny contains lib.finding(r, msg, "tls.required", null) if {
	some r in buckets
	not declares_tls(r)
	r.provider != "azure"
	not stated_unknown(r)
	msg := concat("", ["Bucket \"", lib.fmt_s(r.name), "\" does not require TLS: no setting or bucket policy denies plain HTTP requests"])
}

deny contains lib.finding_on_prop(r, msg, "protocol", r.props.protocol) if {
	some r in listeners
	not declares_tls(r)
	upper(r.props.protocol) == "HTTP"
	not r.props.redirectsToHttps == true
	msg := concat("", ["Listener \"", lib.fmt_s(r.name), "\" accepts plain HTTP without redirecting to HTTPS"])
}

noun := {"storage.bucket": "Bucket", "loadbalancer.listener": "Listener", "database.instance": "Database"}

declares_tls(r) if is_boolean(r.props.tls.required)

# The source states a bucket policy whose deciding part is not known: not evaluated, never a failure.
stated_unknown(r) if "tls.required" in object.get(r, "unknown", [])

judged_listener(r) if declares_tls(r)

judged_listener(r) if upper(r.props.protocol) in encrypted_protocols

judged_listener(r) if upper(r.props.protocol) == "HTTP"
