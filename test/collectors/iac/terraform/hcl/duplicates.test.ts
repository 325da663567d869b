// duplicateGaps: an attribute set twice is named with the chain of blocks it sits in, at its
// second line, with the line of the first; short bodies and long ones (more than 16 attributes,
// checked with a Map) give the same gaps.
import { describe, expect, it } from 'vitest';
import type { Attribute, Block, Body } from '../../../../../src/collectors/iac/terraform/hcl/ast.ts';
import { duplicateGaps } from '../../../../../src/collectors/iac/terraform/hcl/duplicates.ts';

const attr = (name: string, line: number): Attribute => ({ name, line, expr: { t: 'literal', value: 1 } });
const block = (type: string, labels: string[], body: Body, line = 1): Block => ({
  type,
  labels,
  body,
  line,
  endLine: line + 1,
});
const file = (body: Body) => [{ relPath: 'main.tf', absPath: '/x/main.tf', body }];

/** `n` attributes a0..a(n-1) on lines 1..n, then the `repeats` names on the next lines. */
function attrs(n: number, repeats: string[]): Attribute[] {
  const list = Array.from({ length: n }, (_, i) => attr(`a${i}`, i + 1));
  for (const [i, name] of repeats.entries()) list.push(attr(name, n + i + 1));
  return list;
}

describe('duplicateGaps', () => {
  it('names the chain of nested blocks down to an attribute set twice', () => {
    const inner = block('rule', [], { attributes: [attr('x', 20), attr('x', 21)], blocks: [] }, 19);
    const middle = block('ingress', [], { attributes: [attr('y', 17)], blocks: [inner] }, 16);
    const top = block('resource', ['aws_x', 'y'], { attributes: [attr('z', 2), attr('z', 3)], blocks: [middle] });
    const messages = duplicateGaps(file({ attributes: [], blocks: [top] })).map((g) => `${g.line} ${g.message}`);
    expect(messages).toEqual([
      expect.stringMatching(/^3 attribute z in resource\.aws_x\.y is set twice \(first at line 2\);/),
      expect.stringMatching(
        /^21 attribute x in resource\.aws_x\.y > ingress > rule is set twice \(first at line 20\);/,
      ),
    ]);
  });

  it('reports every repeat against the first line, in a short body and in a long one', () => {
    for (const n of [3, 40]) {
      const body = { attributes: attrs(n, ['a1', 'a2', 'a1']), blocks: [] };
      const gaps = duplicateGaps(file(body));
      expect(gaps.map((g) => [g.line, g.message.slice(0, g.message.indexOf(';'))])).toEqual([
        [n + 1, 'attribute a1 is set twice (first at line 2)'],
        [n + 2, 'attribute a2 is set twice (first at line 3)'],
        [n + 3, 'attribute a1 is set twice (first at line 2)'],
      ]);
    }
  });

  it('finds nothing when every name is set once', () => {
    expect(duplicateGaps(file({ attributes: attrs(30, []), blocks: [] }))).toEqual([]);
  });
});
