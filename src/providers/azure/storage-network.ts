// Which networks reach a storage account, as ARM / Resource Graph (publicNetworkAccess,
// networkAcls.defaultAction) and azurerm (public_network_access_enabled, network_rules,
// azurerm_storage_account_network_rules) state it. The sources read their syntax; what the values
// mean and their defaults are decided here, once.
import { isUnknown } from '../../kit/unknown.ts';
import type { StorageBucketProps } from '../../model/kinds.ts';

type NetworkAccess = NonNullable<StorageBucketProps['networkAccess']>;

/**
 * publicNetworkAccess: "Enabled", or "Disabled" / "SecuredByPerimeter" (only the network security
 * perimeter's rules admit public traffic); a boolean from azurerm. Unknown values stay undefined.
 */
export function publicNetworkEnabled(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string' || isUnknown(value)) return undefined;
  const text = value.toLowerCase();
  if (text === 'enabled' || text === 'true') return true;
  if (text === 'disabled' || text === 'securedbyperimeter' || text === 'false') return false;
  return undefined;
}

/** defaultAction "Allow" / "Deny" in any case; anything else is not known. */
export function networkDefaultAction(value: unknown): NetworkAccess['defaultAction'] {
  if (typeof value !== 'string') return undefined;
  const text = value.toLowerCase();
  return text === 'allow' || text === 'deny' ? text : undefined;
}

/**
 * The documented defaults: public network access is on unless set (ARM: absent means the network
 * rules decide; azurerm: public_network_access_enabled defaults to true), and without network
 * rules the default action is Allow (every network). `defaulted` receives the props paths filled;
 * `unreadable` the paths whose stated value is known but not one Azure defines (never a pass).
 */
export function networkAccessWithDefaults(
  stated: { publicEnabled?: unknown; defaultAction?: unknown },
  defaulted: string[],
  unreadable: string[] = [],
): NetworkAccess {
  const out: NetworkAccess = {};
  if (stated.publicEnabled === undefined) {
    out.publicEnabled = true;
    defaulted.push('networkAccess.publicEnabled');
  } else {
    const enabled = publicNetworkEnabled(stated.publicEnabled);
    if (enabled !== undefined) out.publicEnabled = enabled;
    else if (!isUnknown(stated.publicEnabled)) unreadable.push('networkAccess.publicEnabled');
  }
  if (stated.defaultAction === undefined) {
    out.defaultAction = 'allow';
    defaulted.push('networkAccess.defaultAction');
  } else {
    const action = networkDefaultAction(stated.defaultAction);
    if (action !== undefined) out.defaultAction = action;
    else if (!isUnknown(stated.defaultAction)) unreadable.push('networkAccess.defaultAction');
  }
  return out;
}

/** Why a stated but unrecognized value leaves `path` unknown. */
export function unreadableReason(path: string): string {
  return path === 'networkAccess.defaultAction'
    ? 'the network rules default action is neither Allow nor Deny'
    : 'public network access is neither enabled nor disabled';
}
