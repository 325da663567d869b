// The Terraform collector: .tf/.tfvars sources and `terraform show -json` plans -> records ->
// normalized resources. Never throws for bad input: every failure becomes a gap.

import type { IacCollector, IacFile } from '../../../kit/format-contract.ts';
import type { Gap, Resource } from '../../../model/resource.ts';
import { readTerraformSources } from './hcl/read.ts';
import { unmappedTypeGaps } from './mappers/common.ts';
import { isMappedType, mapTerraformRecords } from './mappers/index.ts';
import { readTerraformPlan } from './plan.ts';
import type { TfResourceRecord } from './records.ts';

function failure(error: unknown, file?: string): Gap {
  const gap: Gap = {
    reason: 'other',
    message: `Terraform collector failed: ${(error as Error)?.message ?? String(error)}`,
  };
  if (file) gap.file = file;
  return gap;
}

export const collectTerraform: IacCollector = async (files, sourceId) => {
  const records: TfResourceRecord[] = [];
  const gaps: Gap[] = [];
  const sources: IacFile[] = files.filter((f) => f.format === 'terraform' || f.format === 'tfvars');
  if (sources.length > 0) {
    try {
      const read = await readTerraformSources(sources);
      for (const item of read.records) records.push(item);
      for (const item of read.gaps) gaps.push(item);
    } catch (error) {
      gaps.push(failure(error));
    }
  }
  for (const plan of files.filter((f) => f.format === 'terraform-plan')) {
    try {
      const read = readTerraformPlan(plan);
      for (const item of read.records) records.push(item);
      for (const item of read.gaps) gaps.push(item);
    } catch (error) {
      gaps.push(failure(error, plan.relPath));
    }
  }
  let resources: Resource[] = [];
  try {
    const mapped = mapTerraformRecords(records, sourceId);
    resources = mapped.resources;
    for (const item of mapped.gaps) gaps.push(item);
  } catch (error) {
    gaps.push(failure(error));
  }
  for (const item of unmappedTypeGaps(records, isMappedType)) gaps.push(item);
  return { resources, gaps };
};
