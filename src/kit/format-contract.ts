// The contract between the IaC dispatcher (src/collectors/iac/index.ts) and each format's collector.
import type { Gap, Resource } from '../model/resource.ts';

export type IacFormat = 'terraform' | 'terraform-plan' | 'tfvars' | 'cloudformation' | 'kubernetes' | 'arm';

/** One file handed to a format collector, already read from disk. */
export interface IacFile {
  /** Path relative to the scan root, forward slashes: used in uids, locations and gaps. */
  relPath: string;
  /** Absolute path, for collectors that must resolve neighbours (Terraform modules). */
  absPath: string;
  content: string;
  format: IacFormat;
}

export interface IacCollectResult {
  resources: Resource[];
  /** Every file or construct that could not be read: file + line + the parser's reason. */
  gaps: Gap[];
}

/**
 * A format collector turns files into normalized resources. It never throws for bad input:
 * a malformed file becomes a gap and the other files are still collected.
 * `sourceId` goes into every resource's `sourceId`.
 */
export type IacCollector = (files: IacFile[], sourceId: string) => Promise<IacCollectResult>;
