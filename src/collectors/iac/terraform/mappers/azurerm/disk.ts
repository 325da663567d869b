// azurerm_managed_disk -> compute.disk.
//
// Every Azure managed disk is encrypted at rest by the platform (server-side encryption with
// platform-managed keys; it cannot be turned off). So `encryption.enabled` is always true:
// - disk_encryption_set_id (or secure_vm_disk_encryption_set_id) -> a customer-managed key,
//   kmsKeyId = the disk encryption set, not defaulted;
// - otherwise the platform key, listed in `defaulted`.
// `encryption_settings { enabled = false }` only declines Azure Disk Encryption (guest-level
// BitLocker/dm-crypt); the platform encryption still applies, so it does not make
// `encryption.enabled` false. The statement stays in `raw` and its line in propLines
// (`encryption.enabled`) for a finding that wants to point at it.

import { compact, num } from '../../../../../kit/values.ts';
import type { ComputeDiskProps } from '../../../../../model/kinds.ts';
import type { Resource } from '../../../../../model/resource.ts';
import type { TfResourceRecord } from '../../records.ts';
import { buildResource } from '../common.ts';
import { firstWritten, linkedRecord, linkedRecords, pointerText, type Scan } from './scan.ts';

function attachedVm(record: TfResourceRecord, scan: Scan): string | undefined {
  const vms = scan.ofType(
    'azurerm_linux_virtual_machine',
    'azurerm_windows_virtual_machine',
    'azurerm_virtual_machine',
  );
  const [attachment] = scan.pointingAt(
    record,
    'disk attachments',
    ['azurerm_virtual_machine_data_disk_attachment'],
    (a) => linkedRecords(a.values.managed_disk_id, a, scan.records, 'id'),
  );
  if (!attachment) return undefined;
  const vmId = attachment.values.virtual_machine_id;
  return pointerText(vmId, linkedRecord(vmId, attachment, vms, 'id'));
}

export function mapManagedDisk(record: TfResourceRecord, scan: Scan): Resource<'compute.disk'> {
  const values = record.values;
  const defaulted: string[] = [];
  const setAttr = firstWritten(values, ['disk_encryption_set_id', 'secure_vm_disk_encryption_set_id']);
  let encryption: ComputeDiskProps['encryption'];
  if (setAttr) {
    const sets = scan.ofType('azurerm_disk_encryption_set');
    const kmsKeyId = pointerText(setAttr.value, linkedRecord(setAttr.value, record, sets, 'id'));
    encryption = kmsKeyId === undefined ? { enabled: true } : { enabled: true, kmsKeyId };
  } else {
    encryption = { enabled: true };
    defaulted.push('encryption.enabled');
  }
  const props: ComputeDiskProps = compact({
    encryption,
    sizeGb: num(values.disk_size_gb),
    attachedTo: attachedVm(record, scan),
  });
  return buildResource(record, scan.sourceId, 'compute.disk', props, {
    defaulted,
    propAttrs: compact({
      'encryption.enabled': setAttr?.name ?? 'encryption_settings',
      'encryption.kmsKeyId': setAttr?.name,
      sizeGb: 'disk_size_gb',
    }) as Record<string, string>,
  });
}
