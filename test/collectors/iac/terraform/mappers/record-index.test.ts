// RecordIndex.ofType: the managed records of the types asked for, in record order (as a filter
// over every record gives them) whatever the order of the types, each once; data sources left out.
import { describe, expect, it } from 'vitest';
import { RecordIndex } from '../../../../../src/collectors/iac/terraform/mappers/aws/link.ts';
import type { TfResourceRecord } from '../../../../../src/collectors/iac/terraform/records.ts';

function record(type: string, name: string, mode: 'managed' | 'data' = 'managed'): TfResourceRecord {
  const address = `${mode === 'data' ? 'data.' : ''}${type}.${name}`;
  return { address, mode, type, name, modulePath: '', values: {}, file: 'main.tf', line: 1 };
}

describe('RecordIndex.ofType', () => {
  const records = [
    record('aws_b', 'one'),
    record('aws_a', 'two'),
    record('aws_c', 'three'),
    record('aws_a', 'four', 'data'),
    record('aws_b', 'five'),
    record('aws_a', 'six'),
  ];
  const names = (list: TfResourceRecord[]) => list.map((r) => r.name);
  const filtered = (types: string[]) => names(records.filter((r) => r.mode === 'managed' && types.includes(r.type)));

  it('gives the records of several types in record order, as a filter does', () => {
    for (const types of [
      ['aws_a', 'aws_b'],
      ['aws_b', 'aws_a'],
      ['aws_c', 'aws_a', 'aws_b'],
      ['aws_a', 'aws_a', 'aws_x'],
    ]) {
      expect(names(new RecordIndex(records).ofType(...types))).toEqual(filtered(types));
    }
    expect(names(new RecordIndex(records).ofType('aws_a', 'aws_b'))).toEqual(['one', 'two', 'five', 'six']);
  });

  it('gives a copy: the caller may change the list', () => {
    const index = new RecordIndex(records);
    index.ofType('aws_a').push(record('aws_a', 'extra'));
    index.ofType('aws_x', 'aws_b').pop();
    expect(names(index.ofType('aws_a'))).toEqual(['two', 'six']);
    expect(names(index.ofType('aws_b', 'aws_x'))).toEqual(['one', 'five']);
    expect(index.ofType('aws_x', 'aws_y')).toEqual([]);
  });

  it('records every type asked for as read', () => {
    const index = new RecordIndex(records);
    index.ofType('aws_a', 'aws_x');
    expect([...index.readTypes].sort()).toEqual(['aws_a', 'aws_x']);
  });
});
