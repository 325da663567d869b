// azurerm_key_vault_key -> crypto.key.
// rotationEnabled: a rotation_policy with an `automatic` block that sets time_after_creation or
// time_before_expiry. Without a rotation_policy Key Vault never rotates a key: false, listed in
// `defaulted`. rotationPeriodDays: time_after_creation, else expire_after - time_before_expiry.

import { compact, num, str } from '../../../../../kit/values.ts';
import type { CryptoKeyProps } from '../../../../../model/kinds.ts';
import type { Resource } from '../../../../../model/resource.ts';
import type { TfResourceRecord } from '../../records.ts';
import { buildResource, firstBlock, isKnown } from '../common.ts';
import { durationDays, isAbsent, type Scan } from './scan.ts';

function rotationOf(
  record: TfResourceRecord,
  defaulted: string[],
): Pick<CryptoKeyProps, 'rotationEnabled' | 'rotationPeriodDays'> {
  const policyValue = record.values.rotation_policy;
  if (isAbsent(policyValue) || (Array.isArray(policyValue) && policyValue.length === 0)) {
    defaulted.push('rotationEnabled');
    return { rotationEnabled: false };
  }
  const policy = firstBlock(policyValue);
  if (!policy) return {}; // unknown (dynamic block, variable)
  const automaticValue = policy.automatic;
  if (isAbsent(automaticValue) || (Array.isArray(automaticValue) && automaticValue.length === 0)) {
    return { rotationEnabled: false };
  }
  const automatic = firstBlock(automaticValue);
  if (!automatic) return {};
  const afterCreation = automatic.time_after_creation;
  const beforeExpiry = automatic.time_before_expiry;
  if (!isKnown(afterCreation) && !isKnown(beforeExpiry)) {
    return isAbsent(afterCreation) && isAbsent(beforeExpiry) ? { rotationEnabled: false } : {};
  }
  let period = durationDays(afterCreation);
  if (period === undefined) {
    const expiry = durationDays(policy.expire_after);
    const before = durationDays(beforeExpiry);
    if (expiry !== undefined && before !== undefined && expiry > before) period = expiry - before;
  }
  return compact({ rotationEnabled: true, rotationPeriodDays: period });
}

export function mapKeyVaultKey(record: TfResourceRecord, scan: Scan): Resource<'crypto.key'> {
  const values = record.values;
  const defaulted: string[] = [];
  const type = str(values.key_type);
  const size = num(values.key_size) ?? str(values.curve);
  const opts =
    Array.isArray(values.key_opts) && values.key_opts.every((o) => typeof o === 'string') ? values.key_opts : undefined;
  const props: CryptoKeyProps = compact({
    ...rotationOf(record, defaulted),
    keySpec: type === undefined ? undefined : size === undefined ? type : `${type}_${size}`,
    usage: opts && opts.length > 0 ? opts.join(',') : undefined,
  });
  return buildResource(record, scan.sourceId, 'crypto.key', props, {
    defaulted,
    propAttrs: { rotationEnabled: 'rotation_policy', rotationPeriodDays: 'rotation_policy', keySpec: 'key_type' },
  });
}
