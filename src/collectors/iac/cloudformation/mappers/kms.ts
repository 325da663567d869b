// AWS::KMS::Key -> crypto.key.

import { num, str } from '../../../../kit/values.ts';
import type { CryptoKeyProps } from '../../../../model/kinds.ts';
import type { Resource } from '../../../../model/resource.ts';
import { bool, type MapContext, stated } from '../context.ts';

export function mapKmsKeys(ctx: MapContext): Resource[] {
  return ctx.ofType('AWS::KMS::Key').map((key) => {
    const p = key.props;
    const defaulted: string[] = [];
    const props: CryptoKeyProps = {};
    // Documented defaults of AWS::KMS::Key: Enabled true, EnableKeyRotation false,
    // KeySpec SYMMETRIC_DEFAULT, KeyUsage ENCRYPT_DECRYPT, RotationPeriodInDays 365.
    const withDefault = <T>(
      name: string,
      prop: keyof CryptoKeyProps,
      read: (v: unknown) => T | undefined,
      fallback: T,
    ) => {
      if (stated(p, name)) (props as Record<string, unknown>)[prop] = read(p[name]);
      else {
        (props as Record<string, unknown>)[prop] = fallback;
        defaulted.push(prop);
      }
    };
    withDefault('Enabled', 'enabled', bool, true);
    withDefault('EnableKeyRotation', 'rotationEnabled', bool, false);
    withDefault('KeySpec', 'keySpec', str, 'SYMMETRIC_DEFAULT');
    withDefault('KeyUsage', 'usage', str, 'ENCRYPT_DECRYPT');
    if (props.rotationEnabled) withDefault('RotationPeriodInDays', 'rotationPeriodDays', num, 365);
    return ctx.build(key, 'crypto.key', props, {
      defaulted,
      propLines: { rotationEnabled: ctx.lineOf(p, 'EnableKeyRotation'), enabled: ctx.lineOf(p, 'Enabled') },
    });
  });
}
