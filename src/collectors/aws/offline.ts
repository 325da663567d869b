// `assay collect aws --from <file|dir>`: Config deliveries read from disk, no credentials. Of
// several items of one resource (history files, overlapping snapshots) the latest capture wins.
import path from 'node:path';
import type { Gap } from '../../model/resource.ts';
import type { ConfigItem } from '../../providers/aws/config-items/index.ts';
import { readConfigFiles } from './files.ts';
import { readItem } from './items.ts';
import { type CollectedItems, toResources } from './resources.ts';

export interface OfflineCollection extends CollectedItems {
  files: number;
  items: number;
  accounts: string[];
  regions: string[];
}

export async function collectOffline(
  from: string,
  root: string,
  sourceId: string,
  progress: (message: string) => void,
): Promise<OfflineCollection> {
  const target = path.resolve(root, from);
  const files = await readConfigFiles(target, root);
  const gaps: Gap[] = [];
  const latest = new Map<string, { item: ConfigItem; capturedAt: string; where: { file: string } }>();
  let count = 0;
  for (const file of files) {
    if (file.problem) {
      gaps.push({ reason: 'parse-error', message: `${file.file} ${file.problem}`, file: file.file });
      continue;
    }
    for (const value of file.items ?? []) {
      count++;
      const read = readItem(value);
      if (read.status === 'gone') continue;
      if (read.status === 'error') {
        gaps.push({ reason: 'parse-error', message: `${read.name} ${read.message}`, file: file.file });
        continue;
      }
      const { item } = read;
      const key = `${item.accountId}|${item.region}|${item.resourceType}|${item.resourceId}`;
      const capturedAt = read.capturedAt ?? '';
      const seen = latest.get(key);
      if (!seen || seen.capturedAt <= capturedAt) latest.set(key, { item, capturedAt, where: { file: file.file } });
    }
  }
  progress(`${count} configuration items in ${files.length} files`);
  const collected = toResources([...latest.values()], sourceId);
  const items = [...latest.values()].map((entry) => entry.item);
  return {
    ...collected,
    gaps: [...gaps, ...collected.gaps],
    files: files.length,
    items: count,
    accounts: [...new Set(items.flatMap((i) => (i.accountId ? [i.accountId] : [])))].sort(),
    regions: [...new Set(items.flatMap((i) => (i.region ? [i.region] : [])))].sort(),
  };
}
