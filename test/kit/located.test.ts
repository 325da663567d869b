import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, parseLocated, parseLocatedJson } from '../../src/kit/located.ts';

const json = ['{', '  "a": {', '    "b": [1,', '      null]', '  },', '  "c": "x"', '}'].join('\n');

describe('parseLocatedJson', () => {
  it('keeps the lines of every object and array, their keys and items', () => {
    const { value, positions } = parseLocatedJson(json);
    const top = value as { a: { b: unknown[] } };
    expect(top).toEqual({ a: { b: [1, null] }, c: 'x' });
    expect(positions.get(top)).toEqual({ line: 1, endLine: 7, keys: { a: 2, c: 6 }, items: [] });
    expect(positions.get(top.a)).toEqual({ line: 2, endLine: 5, keys: { b: 3 }, items: [] });
    expect(positions.get(top.a.b)).toEqual({ line: 3, endLine: 4, keys: {}, items: [3, 4] });
  });

  it('refuses a duplicate key and says where', () => {
    const parse = () => parseLocatedJson('{\n "a": 1,\n "a": 2\n}');
    expect(parse).toThrow(JsonSyntaxError);
    expect(parse).toThrow(expect.objectContaining({ message: 'duplicate key "a"', line: 3 }));
  });

  it('reports line and column of a syntax error', () => {
    expect(() => parseLocatedJson('{\n  "a": 1\n  "b": 2\n}')).toThrow(
      expect.objectContaining({ line: 3, column: 3, message: "expected ',' or '}' but found '\"'" }),
    );
  });
});

describe('parseLocated', () => {
  it('reads JSON and YAML into the same positions', () => {
    const fromJson = parseLocated('{\n  "a": [\n    1\n  ]\n}');
    const fromYaml = parseLocated('a:\n  - 1\n');
    if (!fromJson.ok || !fromYaml.ok) throw new Error('both parse');
    const a = (fromJson.value as { a: unknown[] }).a;
    expect(fromJson.positions.get(a)).toMatchObject({ line: 2, items: [3] });
    const b = (fromYaml.value as { a: unknown[] }).a;
    expect(fromYaml.positions.get(b)).toMatchObject({ line: 2, items: [2] });
  });

  it('still accepts the JSON the YAML reader accepts (a trailing comma) and refuses duplicate keys with its line', () => {
    const trailing = parseLocated('{"a": [1, 2,]}');
    expect(trailing).toMatchObject({ ok: true, value: { a: [1, 2] } });
    const duplicate = parseLocated('{\n "a": 1,\n "a": 2\n}');
    expect(duplicate).toMatchObject({ ok: false, line: 3 });
  });
});
