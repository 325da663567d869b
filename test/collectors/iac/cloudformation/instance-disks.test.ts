// EC2 instances and launch templates in CloudFormation: the EBS volumes their BlockDeviceMappings
// declare, and the root volume an instance gets from its image when no mapping names one.
import { describe, expect, it } from 'vitest';
import { collectCloudFormation } from '../../../../src/collectors/iac/cloudformation/index.ts';
import { validateResources } from '../../../../src/model/validate.ts';

async function collect(content: string) {
  return collectCloudFormation(
    [{ relPath: 'template.yaml', absPath: '/x/template.yaml', content, format: 'cloudformation' }],
    'src-1',
  );
}

const template = [
  'Resources:',
  '  Bare:',
  '    Type: AWS::EC2::Instance',
  '    Properties:',
  '      ImageId: ami-1',
  '  Mapped:',
  '    Type: AWS::EC2::Instance',
  '    Properties:',
  '      ImageId: ami-1',
  '      BlockDeviceMappings:',
  '        - DeviceName: /dev/xvda',
  '          Ebs:',
  '            Encrypted: true',
  '            VolumeSize: 20',
  '        - DeviceName: /dev/sdf',
  '          Ebs:',
  '            SnapshotId: snap-1',
  '        - DeviceName: /dev/sdg',
  '          NoDevice: {}',
  '  FromTemplate:',
  '    Type: AWS::EC2::Instance',
  '    Properties:',
  '      LaunchTemplate:',
  '        LaunchTemplateId: !Ref Template',
  '        Version: "1"',
  '  Template:',
  '    Type: AWS::EC2::LaunchTemplate',
  '    Properties:',
  '      LaunchTemplateData:',
  '        BlockDeviceMappings:',
  '          - DeviceName: /dev/sdh',
  '            Ebs:',
  '              VolumeSize: 8',
  '  Odd:',
  '    Type: AWS::EC2::Instance',
  '    Properties:',
  '      BlockDeviceMappings: not-a-list',
].join('\n');

describe('CloudFormation instance and launch template disks', async () => {
  const { resources, gaps } = await collect(template);
  const disk = (name: string) => resources.find((r) => r.name === name);

  it('gives an instance without mappings its image root volume, unencrypted by default', () => {
    expect(validateResources(resources)).toEqual([]);
    expect(disk('Bare/root (image default)')).toMatchObject({
      kind: 'compute.disk',
      nativeType: 'AWS::EC2::Volume',
      props: { encryption: { enabled: false }, attachedTo: 'cloudformation:template.yaml:Bare' },
      location: { line: 2 },
    });
    expect(disk('Bare/root (image default)')?.defaulted).toContain('encryption.enabled');
  });

  it('reads each mapped EBS volume; a volume restored from a snapshot is unknown, never a pass or a failure', () => {
    expect(disk('Mapped/BlockDeviceMappings[/dev/xvda]')?.props).toMatchObject({
      encryption: { enabled: true },
      sizeGb: 20,
    });
    expect(disk('Mapped/BlockDeviceMappings[/dev/sdf]')?.props).not.toHaveProperty('encryption');
    expect(disk('Mapped/BlockDeviceMappings[/dev/sdf]')?.unknown).toContain('encryption.enabled');
    // /dev/xvda is the root device: no implicit root volume besides it; NoDevice is no volume.
    expect(resources.filter((r) => r.name.startsWith('Mapped/')).map((r) => r.name)).toHaveLength(2);
  });

  it("reports a launch template's volumes there, not again on the instance launched from it", () => {
    expect(disk('Template/BlockDeviceMappings[/dev/sdh]')?.props).toMatchObject({ encryption: { enabled: false } });
    // The template maps no root device: the image's root volume is the template's.
    expect(disk('Template/root (image default)')).toBeDefined();
    expect(resources.some((r) => r.name.startsWith('FromTemplate/'))).toBe(false);
  });

  it('reads nothing from BlockDeviceMappings that is not a list and says so with file and line', () => {
    expect(resources.some((r) => r.name.startsWith('Odd/'))).toBe(false);
    expect(gaps).toContainEqual({
      reason: 'parse-error',
      file: 'template.yaml',
      line: 37,
      message: 'Odd (AWS::EC2::Instance): BlockDeviceMappings is not a list; its volumes were not read',
    });
    expect(gaps.filter((g) => g.message.includes('AWS::EC2::Instance') && g.reason === 'unsupported')).toEqual([]);
  });
});
