// Microsoft.Compute/disks -> compute.disk.

import { num } from '../../../../kit/values.ts';
import type { Resource } from '../../../../model/resource.ts';
import { type ArmContext, idText, obj } from '../context.ts';

export function mapDisks(ctx: ArmContext): Resource[] {
  return ctx.ofType('Microsoft.Compute/disks').map((disk) => {
    const p = disk.props;
    const encryption = obj(p.encryption);
    const ade = obj(p.encryptionSettingsCollection);
    // Managed disks are always encrypted at rest (server-side encryption with platform-managed keys
    // unless a disk encryption set gives a customer key). encryptionSettingsCollection is Azure Disk
    // Encryption inside the guest, a separate layer: its line is kept for annotations.
    return ctx.build(
      disk,
      'compute.disk',
      { encryption: { enabled: true, kmsKeyId: idText(encryption?.diskEncryptionSetId) }, sizeGb: num(p.diskSizeGB) },
      {
        defaulted: ['encryption.enabled'],
        propLines: {
          'encryption.enabled': ctx.lineOf(ade, 'enabled') ?? ctx.lineOf(p, 'encryption'),
          sizeGb: ctx.lineOf(p, 'diskSizeGB'),
        },
      },
    );
  });
}
