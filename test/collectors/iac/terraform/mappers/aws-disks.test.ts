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
