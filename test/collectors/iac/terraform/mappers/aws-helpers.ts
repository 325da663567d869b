// Builds Terraform records the way the readers produce them, for the AWS mapper tests.
import { expect } from 'vitest';
import { mapAwsRecords } from '../../../../../src/collectors/iac/terraform/mappers/aws.ts';
import type { TfResourceRecord } from '../../../../../src/collectors/iac/terraform/records.ts';
import type { Resource } from '../../../../../src/model/resource.ts';
import { validateResources } from '../../../../../src/model/validate.ts';

let nextLine = 1;

export function rec(
  address: string,
  values: Record<string, unknown>,
  extra: Partial<TfResourceRecord> = {},
): TfResourceRecord {
  const data = address.startsWith('data.');
  const [type = '', nameWithIndex = ''] = address.replace(/^data\./, '').split('.');
  const name = nameWithIndex.replace(/\[.*$/, '');
  const line = nextLine;
  nextLine += 10;
  return {
    address,
    mode: data ? 'data' : 'managed',
    type,
    name,
    modulePath: '',
    values,
    file: 'main.tf',
    line,
    ...extra,
  };
}

/** Maps the records, checks every resource against the model's schemas, and returns them by uid. */
export function mapAll(records: TfResourceRecord[]) {
  const result = mapAwsRecords(records, 'src-1');
  expect(validateResources(result.resources)).toEqual([]);
  const byUid = new Map(result.resources.map((r) => [r.uid, r]));
  const get = (address: string, file = 'main.tf'): Resource => {
    const found = byUid.get(`terraform:${file}:${address}`);
    if (!found) throw new Error(`no resource ${address}; have ${[...byUid.keys()].join(', ')}`);
    return found;
  };
  return { ...result, get };
}
