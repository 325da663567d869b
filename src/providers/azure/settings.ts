// How Azure spells settings that many services share, read the same from ARM, Resource Graph and
// Terraform's azurerm attributes.
import { str } from '../../kit/values.ts';

/** "TLS1_2", "TLSv1.2", "1.2" -> "1.2". Values that switch enforcement off accept TLS 1.0 and up. */
export function tlsVersion(value: unknown): string | undefined {
  const text = str(value);
  if (text === undefined) return undefined;
  const match = /^(?:TLS)?v?(1)[._](\d)$/i.exec(text.trim());
  if (match) return `${match[1]}.${match[2]}`;
  if (/^(Disabled|TLSEnforcementDisabled)$/i.test(text.trim())) return '1.0';
  return undefined;
}

/** publicNetworkAccess "Enabled" / "Disabled" (any case) -> true / false; anything else is not known. */
export function publicNetworkAccess(value: unknown): boolean | undefined {
  const text = str(value)?.toLowerCase();
  return text === 'enabled' ? true : text === 'disabled' ? false : undefined;
}
