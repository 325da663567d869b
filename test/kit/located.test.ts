import { describe, expect, it } from 'vitest';
import {
  describeJsonError,
  JsonSyntaxError,
  parseLocated,
  parseLocatedJson,
  yamlErrorMessage,
} from '../../src/kit/located.ts';
import { unknown } from '../../src/kit/unknown.ts';

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

describe('limits', () => {
  it('stops a YAML alias bomb with a limit-exceeded outcome naming the alias line', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i <= 9; i++)
      lines.push(
        `l${i}: &l${i} [${Array(9)
          .fill(i === 1 ? '*a' : `*l${i - 1}`)
          .join(', ')}]`,
      );
    const outcome = parseLocated(`${lines.join('\n')}\n`);
    // Line 5: the first alias whose expansion passes the budget (9^4 nodes).
    expect(outcome).toMatchObject({ ok: false, reason: 'limit-exceeded', line: 5 });
    if (!outcome.ok) expect(outcome.message).toContain('more than 10000 nodes');
  });

  it('still expands ordinary aliases', () => {
    const outcome = parseLocated('base: &b {x: 1}\nuse: *b\n');
    expect(outcome).toMatchObject({ ok: true, value: { base: { x: 1 }, use: { x: 1 } }, issues: [] });
  });

  it('leaves numbers out of range unknown (JSON and YAML) with their lines, never null', () => {
    const fromJson = parseLocatedJson('{\n "a": 1e400,\n "b": -1e400,\n "c": 9007199254740993,\n "d": 1.5\n}');
    expect(fromJson.value).toEqual({ a: unknown(), b: unknown(), c: unknown(), d: 1.5 });
    expect(fromJson.issues.map((i) => i.line)).toEqual([2, 3, 4]);
    const fromYaml = parseLocated('a: 1e400\nb: 12\nc: 9007199254740993\n');
    expect(fromYaml).toMatchObject({ ok: true, value: { a: unknown(), b: 12, c: unknown() } });
    if (fromYaml.ok)
      expect(fromYaml.issues).toEqual([expect.objectContaining({ line: 1 }), expect.objectContaining({ line: 3 })]);
  });
});

describe('parse error messages quote none of the text', () => {
  const secret = 'RJ35hcfWoqAk2f3ME5oe';

  it('describes a JSON.parse failure by line, column and kind, without the excerpt Node copies', () => {
    const text = `{\n  "service": "billing",\n  "api_key": @${secret}\n}`;
    let error: Error | undefined;
    try {
      JSON.parse(text);
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toContain(secret.slice(0, 8));
    expect(describeJsonError(text, error!)).toEqual({ line: 3, column: 14, message: "unexpected '@'" });
  });

  it('drops the excerpt when only Node finds the fault', () => {
    const error = new Error(`Unexpected token 'R', ..."api_key": ${secret.slice(0, 9)}"... is not valid JSON`);
    const described = describeJsonError('{"a": 1, "a": 2}', error);
    expect(described.message).toBe("Unexpected token 'R' (not valid JSON)");
  });

  it('keeps the yaml library message but not the source text it quotes', () => {
    expect(yamlErrorMessage({ message: `Unexpected scalar token in YAML stream: "${secret}"` })).toBe(
      'Unexpected scalar token in YAML stream',
    );
    expect(yamlErrorMessage({ message: `Block scalar header includes extra characters: ${secret}` })).toBe(
      'Block scalar header includes extra characters',
    );
    expect(yamlErrorMessage({ message: 'Map keys must be unique at line 3, column 1:\n\nkey: x\n^' })).toBe(
      'Map keys must be unique at line 3, column 1:',
    );
  });
});

describe('keys named __proto__', () => {
  it('are own properties, never the prototype (JSON and YAML)', () => {
    const fromJson = parseLocatedJson('{"__proto__": {"a": 1}, "b": 2}');
    const json = fromJson.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(json)).toBe(Object.prototype);
    expect(json.a).toBeUndefined();
    expect(Object.keys(json)).toEqual(['__proto__', 'b']);
    const fromYaml = parseLocated('__proto__: {a: 1}\nb: 2\n');
    expect(fromYaml.ok).toBe(true);
    if (!fromYaml.ok) return;
    const yaml = fromYaml.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(yaml)).toBe(Object.prototype);
    expect(yaml.a).toBeUndefined();
    expect(Object.keys(yaml)).toEqual(['__proto__', 'b']);
  });
});
