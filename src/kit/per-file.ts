// Builds a format collector from a function that collects one file: a failure on one odd file
// (a bug, not bad input, which collectors already turn into gaps) is recorded as a gap for that
// file and the other files are still collected.
import type { Gap, Resource } from '../model/resource.ts';
import type { IacCollector, IacCollectResult, IacFile } from './format-contract.ts';

export function collectEachFile(
  label: string,
  collectFile: (file: IacFile, sourceId: string) => IacCollectResult,
): IacCollector {
  return async (files, sourceId) => {
    const resources: Resource[] = [];
    const gaps: Gap[] = [];
    for (const file of files) {
      try {
        const result = collectFile(file, sourceId);
        // One by one: spreading a long list into push() overflows the stack (~125,000 items).
        for (const resource of result.resources) resources.push(resource);
        for (const gap of result.gaps) gaps.push(gap);
      } catch (error) {
        gaps.push({
          reason: 'other',
          message: `${label} collector failed: ${(error as Error).message}`,
          file: file.relPath,
        });
      }
    }
    return { resources, gaps };
  };
}
