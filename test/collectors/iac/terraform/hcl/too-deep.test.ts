// The nesting-depth check before converting a tree: it skips subtrees too small to pass the limit,
// and must find exactly the node a walk over every node finds.

import { describe, expect, it } from 'vitest';
import type { Node } from 'web-tree-sitter';
import { tooDeep } from '../../../../../src/collectors/iac/terraform/hcl/convert.ts';
import { getParser } from '../../../../../src/collectors/iac/terraform/hcl/parser.ts';
import { MAX_NESTING_DEPTH } from '../../../../../src/kit/limits.ts';

/** The check as it was: every node visited, the first one deeper than the limit reported. */
function everyNode(root: Node): { line: number; depth: number } | undefined {
  const cursor = root.walk();
  try {
    let depth = 0;
    for (;;) {
      if (depth > MAX_NESTING_DEPTH) return { line: cursor.startPosition.row + 1, depth: MAX_NESTING_DEPTH };
      if (cursor.gotoFirstChild()) {
        depth++;
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return undefined;
        depth--;
      }
    }
  } finally {
    cursor.delete();
  }
}

const blocks = (n: number) => `${'a {\n'.repeat(n)}${'}\n'.repeat(n)}`;
const parens = (n: number) => `${'('.repeat(n)}1${')'.repeat(n)}`;
const ordinary = Array.from(
  { length: 40 },
  (_, i) => `resource "aws_s3_bucket" "b${i}" {\n  bucket = "b-${i}"\n  tags = { n = ${i} }\n}\n`,
).join('');

/** A tree of plain objects behind tree-sitter's Node and TreeCursor calls that tooDeep makes. */
interface Fake {
  row: number;
  children: Fake[];
}
const count = (n: Fake): number => 1 + n.children.reduce((sum, c) => sum + count(c), 0);
function asNode(n: Fake): Node {
  return {
    get descendantCount() {
      return count(n);
    },
    walk() {
      const path: { node: Fake; index: number }[] = [{ node: n, index: 0 }];
      const at = () => path[path.length - 1]!;
      return {
        get currentNode() {
          return asNode(at().node);
        },
        get startPosition() {
          return { row: at().node.row, column: 0 };
        },
        gotoFirstChild() {
          const first = at().node.children[0];
          if (!first) return false;
          path.push({ node: first, index: 0 });
          return true;
        },
        gotoNextSibling() {
          if (path.length < 2) return false;
          const parent = path[path.length - 2]!.node;
          const next = parent.children[at().index + 1];
          if (!next) return false;
          path[path.length - 1] = { node: next, index: at().index + 1 };
          return true;
        },
        gotoParent() {
          if (path.length < 2) return false;
          path.pop();
          return true;
        },
        delete() {},
      };
    },
  } as unknown as Node;
}
/** A chain of `length` nodes, one per row, under `extra` leaf siblings at the top. */
function chain(length: number, extra = 0): Fake {
  let node: Fake = { row: length - 1, children: [] };
  for (let row = length - 2; row >= 1; row--) node = { row, children: [node] };
  const leaves = Array.from({ length: extra }, () => ({ row: 0, children: [] }));
  return { row: 0, children: [...leaves, node] };
}

describe('tooDeep', () => {
  it('on a bare chain, where the subtree size bound is exact: 500 levels pass, 501 do not', () => {
    // chain(n) has its last node n - 1 levels below the root.
    for (const extra of [0, 3]) {
      expect(tooDeep(asNode(chain(MAX_NESTING_DEPTH + 1, extra)))).toBeUndefined();
      expect(tooDeep(asNode(chain(MAX_NESTING_DEPTH + 2, extra)))).toEqual({
        line: MAX_NESTING_DEPTH + 2,
        depth: MAX_NESTING_DEPTH,
      });
      expect(everyNode(asNode(chain(MAX_NESTING_DEPTH + 1, extra)))).toBeUndefined();
      expect(everyNode(asNode(chain(MAX_NESTING_DEPTH + 2, extra)))).toEqual(
        tooDeep(asNode(chain(MAX_NESTING_DEPTH + 2, extra))),
      );
    }
  });

  it('finds the same node as a walk over every node, around the limit and beside ordinary blocks', async () => {
    const parser = await getParser();
    const texts = [
      ordinary,
      `${ordinary}resource "t" "deep" {\n${blocks(400)}}\n${ordinary}`,
      // Block nesting around the limit: each `a {` is a few tree levels.
      ...[120, 150, 170, 180, 200, 260].map((n) => `${ordinary}resource "t" "r" {\n${blocks(n)}}\n`),
      // Parentheses around the limit, on a line of their own after ordinary blocks.
      ...[150, 200, 240, 250, 260, 400].map((n) => `${ordinary}locals {\n  x = ${parens(n)}\n}\n`),
      // Two deep subtrees: the first in document order is the one reported.
      `locals {\n  x = ${parens(100)}\n  y = ${parens(600)}\n}\nlocals {\n  z = ${parens(900)}\n}\n`,
      `resource "t" "r" {\n${blocks(5000)}}\n`,
    ];
    const found: (number | undefined)[] = [];
    for (const text of texts) {
      const tree = parser.parse(text);
      if (!tree) throw new Error('no tree');
      try {
        const expected = everyNode(tree.rootNode);
        expect(tooDeep(tree.rootNode)).toEqual(expected);
        found.push(expected?.line);
      } finally {
        tree.delete();
      }
    }
    // The cases reach both sides of the limit.
    expect(found.filter((line) => line === undefined).length).toBeGreaterThan(2);
    expect(found.filter((line) => line !== undefined).length).toBeGreaterThan(2);
  });
});
