import { describe, expect, it } from 'vitest';
import { isMappedType, mapTerraformRecords } from '../../../../../src/collectors/iac/terraform/mappers/index.ts';
import { rec } from './aws-helpers.ts';

describe('mapTerraformRecords', () => {
  it('sends aws_ records to the AWS mapper and leaves unknown providers out', () => {
    const { resources, gaps } = mapTerraformRecords(
      [rec('aws_kms_key.k', {}), rec('google_storage_bucket.g', {})],
      'src',
    );
    expect(resources.map((r) => r.uid)).toEqual(['terraform:main.tf:aws_kms_key.k']);
    expect(gaps).toEqual([]);
    expect(isMappedType('aws_s3_bucket')).toBe(true);
    expect(isMappedType('google_storage_bucket')).toBe(false);
  });

  it('gives plan records plan uids', () => {
    const { resources } = mapTerraformRecords([rec('aws_kms_key.k', {}, { file: 'plans/tfplan.json' })], 'src');
    expect(resources[0]?.uid).toBe('terraform-plan:plans/tfplan.json:aws_kms_key.k');
  });
});
