// Microsoft.KeyVault/vaults/keys -> crypto.key. The vault itself holds no setting a rule reads yet.
import { num, str, strList } from '../../kit/values.ts';
import type { CryptoKeyProps } from '../../model/kinds.ts';
import type { Resource } from '../../model/resource.ts';
import { type AzureResource, type AzureResources, bool, obj } from './resources.ts';

const KEY = 'Microsoft.KeyVault/vaults/keys';

/** An ISO 8601 duration of days, weeks, months or years ("P90D", "P1Y", "P2M") in days; months count 30, years 365. */
export function durationDays(value: unknown): number | undefined {
  const match = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/i.exec(str(value)?.trim() ?? '');
  if (!match || match.slice(1).every((part) => part === undefined)) return undefined;
  const [years, months, weeks, days] = match.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
  ];
  return years * 365 + months * 30 + weeks * 7 + days;
}

/** The rotation a key's rotationPolicy schedules: after creation, or before the expiry it sets. */
function rotation(
  policy: Record<string, unknown> | undefined,
): Pick<CryptoKeyProps, 'rotationEnabled' | 'rotationPeriodDays'> {
  if (!policy) return {};
  const actions = Array.isArray(policy.lifetimeActions) ? policy.lifetimeActions : [];
  const rotate = actions
    .map((item) => obj(item))
    .find((item) => str(obj(item?.action)?.type)?.toLowerCase() === 'rotate');
  if (!rotate) return { rotationEnabled: false };
  const trigger = obj(rotate.trigger);
  const afterCreate = durationDays(trigger?.timeAfterCreate);
  const expiry = durationDays(obj(policy.attributes)?.expiryTime);
  const beforeExpiry = durationDays(trigger?.timeBeforeExpiry);
  const period =
    afterCreate ??
    (expiry !== undefined && beforeExpiry !== undefined ? Math.max(expiry - beforeExpiry, 0) : undefined);
  return { rotationEnabled: true, rotationPeriodDays: period };
}

export function mapKeys<R extends AzureResource>(source: AzureResources<R>): Resource[] {
  return source.ofType(KEY).map((key) => {
    const p = key.properties;
    const attributes = obj(p.attributes);
    const kty = str(p.kty);
    const size = num(p.keySize) ?? str(p.curveName);
    const enabled = bool(attributes?.enabled);
    const props: CryptoKeyProps = {
      // A key is enabled unless its attributes say otherwise (Key Vault's default).
      enabled: enabled ?? true,
      ...rotation(obj(p.rotationPolicy)),
      keySpec: kty ? (size === undefined ? kty : `${kty}_${String(size)}`) : undefined,
      usage: strList(p.keyOps)?.join(','),
    };
    return source.build(key, 'crypto.key', props, {
      defaulted: enabled === undefined ? ['enabled'] : [],
      propLines: {
        rotationEnabled: source.lineOf(p, 'rotationPolicy'),
        enabled: source.lineOf(attributes, 'enabled'),
      },
    });
  });
}
