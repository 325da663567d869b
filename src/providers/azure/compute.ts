// Microsoft.Compute/disks -> compute.disk.

import { num } from '../../kit/values.ts';
import type { Resource } from '../../model/resource.ts';
import { type AzureResource, type AzureResources, idText, obj } from './resources.ts';

export function mapDisks<R extends AzureResource>(source: AzureResources<R>): Resource[] {
  return source.ofType('Microsoft.Compute/disks').map((disk) => {
    const p = disk.properties;
    const encryption = obj(p.encryption);
    const ade = obj(p.encryptionSettingsCollection);
    // Managed disks are always encrypted at rest (server-side encryption with platform-managed keys
    // unless a disk encryption set gives a customer key). encryptionSettingsCollection is Azure Disk
    // Encryption inside the guest, a separate layer: its line is kept for annotations.
    return source.build(
      disk,
      'compute.disk',
      { encryption: { enabled: true, kmsKeyId: idText(encryption?.diskEncryptionSetId) }, sizeGb: num(p.diskSizeGB) },
      {
        defaulted: ['encryption.enabled'],
        propLines: {
          'encryption.enabled': source.lineOf(ade, 'enabled') ?? source.lineOf(p, 'encryption'),
          sizeGb: source.lineOf(p, 'diskSizeGB'),
        },
      },
    );
  });
}
