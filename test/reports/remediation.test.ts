// A rule's remediation trimmed to the platforms of the resources a report shows.
import { describe, expect, it } from 'vitest';
import { platformOf, remediationFor } from '../../src/reports/remediation.ts';

const TEXT =
  'Keep databases private. Terraform (aws): `publicly_accessible = false` on `aws_db_instance`. ' +
  'CloudFormation: `PubliclyAccessible: false`. Terraform (azurerm): `public_network_access_enabled = false`; ' +
  'remove firewall rules that cover 0.0.0.0 to 255.255.255.255. ARM: `publicNetworkAccess: "Disabled"`.';

const tf = { nativeType: 'aws_db_instance', provider: 'aws', location: { file: 'main.tf', line: 3 } } as const;
const arm = { nativeType: 'Microsoft.Sql/servers', provider: 'azure', location: { file: 'db.json' } } as const;
const live = {
  nativeType: 'AWS::RDS::DBInstance',
  provider: 'aws',
  location: { account: '1', region: 'eu-west-1' },
} as const;

describe('remediationFor', () => {
  it('keeps the unlabelled advice and the parts for the platforms present, in their order', () => {
    expect(remediationFor(TEXT, [tf])).toBe(
      'Keep databases private. Terraform (aws): `publicly_accessible = false` on `aws_db_instance`.',
    );
    expect(remediationFor(TEXT, [arm, tf])).toBe(
      'Keep databases private. Terraform (aws): `publicly_accessible = false` on `aws_db_instance`. ARM: `publicNetworkAccess: "Disabled"`.',
    );
  });

  it('keeps everything for live resources, unknown platforms and texts without labels', () => {
    expect(remediationFor(TEXT, [live, tf])).toBe(TEXT);
    expect(remediationFor(TEXT, [{ nativeType: 'thing', provider: 'gcp' as never, location: {} }])).toBe(TEXT);
    expect(remediationFor('Rotate the key. Then remove it.', [tf])).toBe('Rotate the key. Then remove it.');
  });

  it('tells platforms apart by type and by whether the resource came from a file', () => {
    expect(platformOf(tf)).toBe('terraform-aws');
    expect(platformOf({ ...live, location: { file: 'stack.yaml' } })).toBe('cloudformation');
    expect(platformOf(live)).toBe('aws');
    expect(platformOf(arm)).toBe('arm');
    expect(platformOf({ nativeType: 'Deployment', provider: 'kubernetes', location: { file: 'a.yaml' } })).toBe(
      'kubernetes',
    );
  });
});
