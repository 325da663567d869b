// `assay collect azure --from <file|dir>`: what an auditor is handed without credentials. Saved
// `az graph query` output ({"count", "data": [...], "skip_token"}), plain arrays (`az resource
// list`, `az graph query` with --query data), one resource (`az resource show`), and Resource
// Manager list bodies ({"value": [...]}, `az rest`), and Azure Policy's `az policy state list|summarize`
// output (./policy-files.ts). Exported ARM templates (`az group export`) go through the ARM template
// reader of `assay scan`, which resolves their parameters and expressions the same way. Each file yields its rows or a problem;
// reading goes on with the next file. Of one resource read twice, the last file read wins.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { IacFile } from '../../kit/format-contract.ts';
import type { Gap, Resource } from '../../model/resource.ts';
import { collectArm, looksLikeArm } from '../iac/arm/index.ts';
import { policyDocument, readPolicyDocument } from './policy-files.ts';
import type { PolicyEvidence } from './policy-link.ts';
import { type GraphResource, readRow } from './rows.ts';

export interface OfflineCollection {
  resources: GraphResource[];
  gaps: Gap[];
  files: number;
  rows: number;
  /** Azure Policy's states and assignments from saved `az policy state list|summarize` output. */
  policy: PolicyEvidence;
  policyFiles: number;
  /** Resources of exported ARM templates (`az group export`), read by the ARM template reader. */
  templateResources: Resource[];
  templateFiles: number;
}

async function listFiles(target: string): Promise<string[]> {
  const info = await stat(target);
  if (!info.isDirectory()) return [target];
  const entries = await readdir(target, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && /\.json$/i.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** The rows of one parsed document, whichever output it is; a string says why it is none of them. */
export function rowsOf(document: unknown): unknown[] | string {
  if (Array.isArray(document)) return document;
  if (typeof document !== 'object' || document === null) return 'is no Azure resource output';
  const d = document as Record<string, unknown>;
  if (Array.isArray(d.data)) return d.data; // az graph query
  if (Array.isArray(d.value)) return d.value; // Resource Manager list, az rest
  if (typeof d.id === 'string' && typeof d.type === 'string') return [d]; // az resource show
  if (typeof d.data === 'object' && d.data !== null && 'rows' in d.data) {
    return 'is Resource Graph output in table format: save it with --output json (objectArray)';
  }
  return 'is no az graph query, az resource or Resource Manager list output';
}

/**
 * An exported resource whose name is still an expression (a parameter the export left without a
 * value) cannot be tied to a resource in Azure: it is evaluated as written and said as a gap.
 */
function unnamed(resource: Resource): Gap[] {
  if (!resource.name.includes('[')) return [];
  const { file, line } = resource.location;
  return [
    {
      reason: 'unresolved-reference',
      message: `${file}:${line}: ${resource.nativeType} ${resource.name}: its name depends on a parameter the export gives no value; not tied to a resource in Azure`,
      file,
      line,
      kinds: [resource.kind],
    },
  ];
}

export async function collectOffline(from: string, root: string, sourceId: string): Promise<OfflineCollection> {
  const byId = new Map<string, GraphResource>();
  const gaps: Gap[] = [];
  const files = await listFiles(path.resolve(root, from));
  let rows = 0;
  const policy: PolicyEvidence = { assignments: [], states: [] };
  let policyFiles = 0;
  const templates: IacFile[] = [];
  for (const file of files) {
    const rel = path.relative(root, file).split(path.sep).join('/') || path.basename(file);
    let document: unknown;
    let content = '';
    try {
      content = await readFile(file, 'utf8');
      document = JSON.parse(content);
    } catch (error) {
      // A broken template: the ARM reader's own parser says where (file and line).
      if (error instanceof SyntaxError && /deploymentTemplate\.json/i.test(content)) {
        templates.push({ relPath: rel, absPath: file, content, format: 'arm' });
        continue;
      }
      const why =
        error instanceof SyntaxError
          ? `is not JSON: ${error.message}`
          : `cannot be read: ${(error as NodeJS.ErrnoException).code}`;
      gaps.push({ reason: 'parse-error', message: `${rel} ${why}`, file: rel });
      continue;
    }
    // An exported template keeps parameters and expressions: the ARM reader resolves them as for IaC.
    if (looksLikeArm(document)) {
      templates.push({ relPath: rel, absPath: file, content, format: 'arm' });
      continue;
    }
    const policyFound = policyDocument(document);
    if (policyFound) {
      policyFiles++;
      rows += readPolicyDocument(policyFound, rel, policy, gaps);
      continue;
    }
    const found = rowsOf(document);
    if (typeof found === 'string') {
      gaps.push({ reason: 'parse-error', message: `${rel} ${found}`, file: rel });
      continue;
    }
    found.forEach((value, index) => {
      rows++;
      const read = readRow(value, { file: rel });
      if (read.ok) byId.set(read.resource.id.toLowerCase(), read.resource);
      else gaps.push({ reason: 'parse-error', message: `${rel} row ${index + 1}: ${read.message}`, file: rel });
    });
  }
  const exported = templates.length > 0 ? await collectArm(templates, sourceId) : { resources: [], gaps: [] };
  gaps.push(...exported.gaps, ...exported.resources.flatMap(unnamed));
  return {
    resources: [...byId.values()],
    gaps,
    files: files.length,
    rows,
    policy,
    policyFiles,
    templateResources: exported.resources,
    templateFiles: templates.length,
  };
}
