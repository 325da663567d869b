// Implicit root volumes: an instance or launch template that states no root disk still has one.
import { describe, expect, it } from 'vitest';
import { unknown } from '../../../../../src/kit/unknown.ts';
import { mapAll, rec } from './aws-helpers.ts';

describe('implicit root disks', () => {
  it("gives an aws_instance without root_block_device a root disk with the provider's default, stated as defaulted", () => {
    const { resources, get } = mapAll([rec('aws_instance.web', { ami: 'ami-0abc', instance_type: 't3.micro' })]);
    const disk = get('aws_instance.web/root_block_device');
    expect(disk.props).toEqual({ encryption: { enabled: false }, attachedTo: 'terraform:main.tf:aws_instance.web' });
    expect(disk.defaulted).toEqual(['encryption.enabled']);
    expect(resources.filter((r) => r.kind === 'compute.disk')).toHaveLength(1);
  });

  it('takes the account encryption by default of the same configuration into account', () => {
    const { get } = mapAll([
      rec('aws_ebs_encryption_by_default.this', { enabled: true }),
      rec('aws_instance.web', { ami: 'ami-0abc' }),
      rec('aws_launch_template.app', { image_id: 'ami-0abc' }),
    ]);
    expect(get('aws_instance.web/root_block_device').props).toMatchObject({ encryption: { enabled: true } });
    expect(get('aws_launch_template.app/root (image default)').props).toMatchObject({ encryption: { enabled: true } });
  });

  it('adds no implicit disk where a root disk is stated, unknown, or comes from a launch template', () => {
    const { resources } = mapAll([
      rec('aws_instance.stated', { root_block_device: [{ encrypted: true }] }),
      rec('aws_instance.unknown', { root_block_device: unknown('var.root') }),
      rec('aws_instance.templated', { launch_template: [{ id: unknown('aws_launch_template.app.id') }] }),
      rec('aws_launch_template.mapped', {
        block_device_mappings: [{ device_name: '/dev/xvda', ebs: [{ encrypted: 'true' }] }],
      }),
    ]);
    expect(resources.map((r) => r.name).sort()).toEqual([
      'mapped/block_device_mappings[/dev/xvda]',
      'stated/root_block_device',
    ]);
  });
});

describe('aws_ebs_encryption_by_default as the region setting (compute.disk_encryption_default)', () => {
  it('enabled defaults to true in the provider, stated as defaulted; the default KMS key is read', () => {
    const { get } = mapAll([
      rec('aws_ebs_encryption_by_default.this', {}),
      rec('aws_ebs_default_kms_key.this', { key_arn: unknown('aws_kms_key.ebs.arn') }),
    ]);
    const setting = get('aws_ebs_encryption_by_default.this');
    expect(setting.kind).toBe('compute.disk_encryption_default');
    expect(setting.props).toEqual({ enabled: true, kmsKeyId: 'aws_kms_key.ebs.arn' });
    expect(setting.defaulted).toEqual(['enabled']);
  });

  it('enabled = false is stated off; an unknown enabled is a gap and no resource that could pass', () => {
    expect(
      mapAll([rec('aws_ebs_encryption_by_default.off', { enabled: false })]).get('aws_ebs_encryption_by_default.off')
        .props,
    ).toEqual({
      enabled: false,
    });
    const { resources, gaps } = mapAll([
      rec('aws_ebs_encryption_by_default.maybe', { enabled: unknown('var.encrypt') }),
    ]);
    expect(resources.filter((r) => r.kind === 'compute.disk_encryption_default')).toEqual([]);
    expect(gaps.map((g) => g.message)).toContain(
      'aws_ebs_encryption_by_default.maybe: enabled depends on var.encrypt, which has no value',
    );
  });
});
