// `assay collect azure --from <file|dir>`: what an auditor is handed without credentials. Saved
// `az graph query` output ({"count", "data": [...], "skip_token"}), plain arrays (`az resource
// list`, `az graph query` with --query data), one resource (`az resource show`), and Resource
// Manager list bodies ({"value": [...]}, `az rest`), and Azure Policy's `az policy state list|summarize`
// output (./policy-files.ts). Each file yields its rows or a problem;
// reading goes on with the next file. Of one resource read twice, the last file read wins.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Gap } from '../../model/resource.ts';
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
  if (typeof d.$schema === 'string' && /deploymentTemplate/i.test(d.$schema)) {
    return 'is an ARM template: scan it with `assay scan` (or `assay collect iac`), which evaluates its expressions';
  }
  if (typeof d.data === 'object' && d.data !== null && 'rows' in d.data) {
    return 'is Resource Graph output in table format: save it with --output json (objectArray)';
  }
  return 'is no az graph query, az resource or Resource Manager list output';
}

export async function collectOffline(from: string, root: string): Promise<OfflineCollection> {
  const byId = new Map<string, GraphResource>();
  const gaps: Gap[] = [];
  const files = await listFiles(path.resolve(root, from));
  let rows = 0;
  const policy: PolicyEvidence = { assignments: [], states: [] };
  let policyFiles = 0;
  for (const file of files) {
    const rel = path.relative(root, file).split(path.sep).join('/') || path.basename(file);
    let document: unknown;
    try {
      document = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      const why =
        error instanceof SyntaxError
          ? `is not JSON: ${error.message}`
          : `cannot be read: ${(error as NodeJS.ErrnoException).code}`;
      gaps.push({ reason: 'parse-error', message: `${rel} ${why}`, file: rel });
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
  return { resources: [...byId.values()], gaps, files: files.length, rows, policy, policyFiles };
}
