import { describe, expect, it } from 'vitest';
import { AWS_KINDS, awsCollector } from '../../../src/collectors/aws/collector.ts';
import { ADAPTERS } from '../../../src/providers/aws/config-items/index.ts';

describe('the aws collector definition', () => {
  it('declares exactly the kinds its Config item adapters produce', () => {
    const produced = new Set(Object.values(ADAPTERS).flatMap((adapter) => adapter.kinds));
    expect(new Set(AWS_KINDS)).toEqual(produced);
    expect(AWS_KINDS).toHaveLength(produced.size);
    expect(awsCollector.kinds).toEqual([...AWS_KINDS]);
  });
});
