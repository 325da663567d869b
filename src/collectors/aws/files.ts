// The offline input: what an auditor is handed without credentials. Config snapshot and history
// files as delivered to S3 (gzipped or not, anywhere under the folder, typically
// AWSLogs/<account>/Config/<region>/...), and saved output of `aws configservice
// batch-get-resource-config` or `select-resource-config`. Each file yields its raw items or a
// problem; reading goes on with the next file.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

export interface FileItems {
  /** Path relative to the root, with forward slashes. */
  file: string;
  items?: unknown[];
  problem?: string;
}

const GZIP_MAGIC = [0x1f, 0x8b];

async function listFiles(target: string): Promise<string[]> {
  const info = await stat(target);
  if (!info.isDirectory()) return [target];
  const entries = await readdir(target, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && /\.json(\.gz)?$/i.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** The items of one parsed document, whichever delivery it is; undefined when it is none of them. */
export function itemsOf(document: unknown): unknown[] | undefined {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return undefined;
  const d = document as Record<string, unknown>;
  if (Array.isArray(d.configurationItems)) return d.configurationItems; // snapshot and history files
  if (Array.isArray(d.baseConfigurationItems)) return d.baseConfigurationItems; // batch-get-resource-config
  if (Array.isArray(d.BaseConfigurationItems)) return d.BaseConfigurationItems;
  // select-resource-config: each result is a JSON text.
  if (Array.isArray(d.Results)) return d.Results.map((r) => (typeof r === 'string' ? safeJson(r) : r));
  if (typeof d.configurationItem === 'object') return [d.configurationItem]; // a change notification
  return undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function readConfigFiles(target: string, root: string): Promise<FileItems[]> {
  const out: FileItems[] = [];
  for (const file of await listFiles(target)) {
    const rel = path.relative(root, file).split(path.sep).join('/') || path.basename(file);
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
      if (bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1]) bytes = gunzipSync(bytes);
    } catch (error) {
      out.push({ file: rel, problem: `cannot be read: ${(error as Error).message}` });
      continue;
    }
    let document: unknown;
    try {
      document = JSON.parse(bytes.toString('utf8'));
    } catch (error) {
      out.push({ file: rel, problem: `is not JSON: ${(error as Error).message}` });
      continue;
    }
    const items = itemsOf(document);
    if (items) out.push({ file: rel, items });
    else out.push({ file: rel, problem: 'is no Config snapshot, history file or saved Config output' });
  }
  return out;
}
