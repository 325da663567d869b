// A format collector built with collectEachFile gathers a file's resources without spreading them
// into one call: a single file mapping to 200,000 resources overflowed the stack.
import { describe, expect, it } from 'vitest';
import { collectEachFile } from '../../src/kit/per-file.ts';
import type { Resource } from '../../src/model/resource.ts';

const COUNT = 200_000;

describe('collectEachFile', () => {
  it('keeps every resource of a file that maps to 200,000 of them', async () => {
    const collect = collectEachFile('test', (file, sourceId) => ({
      resources: Array.from(
        { length: COUNT },
        (_, i): Resource => ({
          uid: `r${i}`,
          kind: 'storage.bucket',
          provider: 'aws',
          nativeType: 'aws_s3_bucket',
          name: `r${i}`,
          location: { file: file.relPath, line: 1 },
          props: {},
          sourceId,
        }),
      ),
      gaps: [],
    }));
    const result = await collect(
      [{ relPath: 'big.json', absPath: '/big.json', content: '{}', format: 'cloudformation' }],
      's',
    );
    expect(result.gaps).toEqual([]);
    expect(result.resources).toHaveLength(COUNT);
  });
});
