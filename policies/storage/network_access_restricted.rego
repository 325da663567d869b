# METADATA
# title: Storage accounts do not accept connections from all networks
# description: >-
#   Checks which networks reach an Azure storage account's endpoints. An account whose public
#   network access is on and whose network rules' default action is Allow accepts connections
#   from every network on the internet; only its keys, SAS tokens or Entra ID stand between its
#   data and anyone who holds or guesses one. Public network access off (publicNetworkAccess
#   Disabled or SecuredByPerimeter, public_network_access_enabled = false) or a default action of
#   Deny (only the listed networks, private endpoints and trusted services get through) passes.
#   Defaults count: without network rules the default action is Allow, and public network access
#   is on unless set (both listed in `defaulted`). A value known only at deployment is not
#   evaluated. Applies to Azure storage accounts only (S3 buckets have no network default).
# custom:
#   id: storage.network_access_restricted
#   severity: high
#   kinds: [storage.bucket]
#   decides:
#     - networkAccess.publicEnabled
#     - networkAccess.defaultAction
#   remediation: >-
#     Terraform (azurerm): set `network_rules { default_action = "Deny" }` on the
#     azurerm_storage_account (or `default_action = "Deny"` on its
#     azurerm_storage_account_network_rules) and list the subnets and IP ranges that need access
#     in `virtual_network_subnet_ids` / `ip_rules`, or set `public_network_access_enabled = false`
#     and reach the account through private endpoints. ARM: `networkAcls: { defaultAction:
#     "Deny", ... }` or `publicNetworkAccess: "Disabled"`.
package assay.rules.storage.network_access_restricted

import data.assay.lib

accounts := [r |
	some r in lib.resources(["storage.bucket"])
	r.provider == "azure"
]

in_scope contains r.uid if some r in accounts

deny contains lib.finding_on_prop(r, msg, "networkAccess.defaultAction", "allow") if {
	some r in accounts
	r.props.networkAccess.defaultAction == "allow"
	r.props.networkAccess.publicEnabled == true
	msg := concat("", [
		"Storage account \"", lib.fmt_s(r.name),
		"\" accepts connections from all networks: public network access is on and the network rules' default action is Allow",
		lib.fmt_s(defaults_note(r)),
	])
}

# Say when the open setting is the provider's default rather than written.
defaults_note(r) := " (no network rules are declared, so Azure allows every network)" if {
	"networkAccess.defaultAction" in object.get(r, "defaulted", [])
} else := ""
