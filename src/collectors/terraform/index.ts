// The Terraform collector: .tf/.tfvars sources and `terraform show -json` plans -> records ->
// normalized resources. Never throws for bad input: every failure becomes a gap.
import type { Gap, Resource } from '../../model/resource.ts';
import type { IacCollector, IacFile } from '../iac/types.ts';
import { readTerraformSources } from './hcl/read.ts';
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

/** Managed resources of types no mapper knows: not evaluated, so say so (one gap per type and file). */
function unmappedGaps(records: TfResourceRecord[]): Gap[] {
  const seen = new Map<string, Gap>();
  for (const r of records) {
    if (r.mode !== 'managed' || isMappedType(r.type)) continue;
    const key = `${r.file}|${r.type}`;
    if (!seen.has(key))
      seen.set(key, {
        reason: 'unsupported',
        message: `${r.type} is not mapped to a normalized kind; its resources were not evaluated`,
        file: r.file,
        line: r.line,
      });
  }
  return [...seen.values()];
}

export const collectTerraform: IacCollector = async (files, sourceId) => {
  const records: TfResourceRecord[] = [];
  const gaps: Gap[] = [];
  const sources: IacFile[] = files.filter((f) => f.format === 'terraform' || f.format === 'tfvars');
  if (sources.length > 0) {
    try {
      const read = await readTerraformSources(sources);
      records.push(...read.records);
      gaps.push(...read.gaps);
    } catch (error) {
      gaps.push(failure(error));
    }
  }
  for (const plan of files.filter((f) => f.format === 'terraform-plan')) {
    try {
      const read = readTerraformPlan(plan);
      records.push(...read.records);
      gaps.push(...read.gaps);
    } catch (error) {
      gaps.push(failure(error, plan.relPath));
    }
  }
  let resources: Resource[] = [];
  try {
    const mapped = mapTerraformRecords(records, sourceId);
    resources = mapped.resources;
    gaps.push(...mapped.gaps);
  } catch (error) {
    gaps.push(failure(error));
  }
  gaps.push(...unmappedGaps(records));
  return { resources, gaps };
};
