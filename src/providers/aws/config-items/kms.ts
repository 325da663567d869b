// AWS::KMS::Key -> crypto.key. Config records the key's state and spec; rotation comes from
// GetKeyRotationStatus, which Config keeps in supplementaryConfiguration when it has it.
import { num, str } from '../../../kit/values.ts';
import { bool, type ConfigItem, type MapResult, obj, single } from './item.ts';

export function mapKey(item: ConfigItem): MapResult {
  const c = item.configuration;
  const supp = item.supplementaryConfiguration;
  const rotation = obj(supp.KeyRotationStatus);
  const state = str(c.keyState);
  return single('crypto.key', {
    enabled: state !== undefined ? state === 'Enabled' : bool(c.enabled),
    // AWS rotates the keys it manages (aws/s3, aws/lambda...) every year; the account cannot change that.
    rotationEnabled: str(c.keyManager) === 'AWS' ? true : bool(rotation?.keyRotationEnabled ?? supp.KeyRotationStatus),
    rotationPeriodDays: num(rotation?.rotationPeriodInDays),
    keySpec: str(c.keySpec) ?? str(c.customerMasterKeySpec),
    usage: str(c.keyUsage),
  });
}
