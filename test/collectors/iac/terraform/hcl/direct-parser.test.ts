import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Expr } from '../../../../../src/collectors/iac/terraform/hcl/ast.ts';
import { parseDirect } from '../../../../../src/collectors/iac/terraform/hcl/direct-parser.ts';
import { getParser, parseHcl, parseWithTreeSitter } from '../../../../../src/collectors/iac/terraform/hcl/parser.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');

function hclFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(tf|tfvars|hcl)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

/** Both parsers on one text: undefined from the direct parser means it left the text to tree-sitter. */
async function bothWays(text: string) {
  const treeSitter = parseWithTreeSitter(await getParser(), text, 'x.tf');
  return { direct: parseDirect(text), treeSitter };
}

/** What differs between the two parses of `text` ('' when they agree). */
async function disagreement(text: string): Promise<string> {
  const { direct, treeSitter } = await bothWays(text);
  const outcome = treeSitter.outcome;
  const read = 'ok' in outcome && outcome.ok ? outcome : undefined;
  if (!read) return direct ? 'the direct parser read what tree-sitter rejects' : '';
  if (!direct) return 'left to tree-sitter, which reads it';
  const problems: string[] = [];
  if (JSON.stringify(direct.body) !== JSON.stringify(read.body)) problems.push('tree');
  if (JSON.stringify(direct.comments) !== JSON.stringify(treeSitter.comments)) problems.push('comments');
  if (JSON.stringify(direct.issues.map((i) => i.line)) !== JSON.stringify(read.gaps.map((g) => g.line)))
    problems.push('number issues');
  return problems.join(', ');
}

async function expectSameTree(text: string): Promise<void> {
  const { direct, treeSitter } = await bothWays(text);
  expect(direct, 'the direct parser reads it').toBeDefined();
  expect(treeSitter.outcome).toMatchObject({ ok: true });
  const read = treeSitter.outcome as { body: unknown };
  expect(direct?.body).toStrictEqual(read.body);
  expect(direct?.comments).toStrictEqual(treeSitter.comments);
}

describe('the direct HCL parser against tree-sitter', () => {
  it('reads every HCL file of the fixtures and examples as tree-sitter does, and leaves it every file tree-sitter rejects', async () => {
    const files = [...hclFiles(path.join(repoRoot, 'test/fixtures')), ...hclFiles(path.join(repoRoot, 'examples'))];
    expect(files.length).toBeGreaterThan(600);
    const differences: string[] = [];
    let rejected = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const problem = await disagreement(text);
      if (problem) differences.push(`${path.relative(repoRoot, file)}: ${problem}`);
      if (!parseDirect(text)) rejected++;
    }
    expect(differences).toEqual([]);
    // Malformed samples are among the fixtures: the comparison covers rejection too.
    expect(rejected).toBeGreaterThan(5);
  });

  const valid: Record<string, string> = {
    'operators by precedence': 'a = -1 + 2 * 3 - 4 / 5 % 6\nb = x > 1 && y <= 2 || !z == false != true\nc = a >= b\n',
    'unary on a term with steps': 'a = -var.list[0].count\nb = !local.flags.on\nc = - - 1\n',
    'parentheses and steps after them': 'a = (var.x + 1) * 2\nb = (local.m).key\nc = (var.a)\n',
    'chained and nested conditionals':
      'a = var.x ? "a" : var.y ? "b" : "c"\nb = var.x ? var.y ? 1 : 2 : 3\nc = (var.x ? 1 : 2) ? 3 : 4\n',
    'splats and legacy indexes':
      'a = aws_instance.web.*.id\nb = var.list[*].name[0]\nc = var.items.0.name\nd = x.*.y.*.z\ne = a[*]\n',
    'function calls':
      'a = f()\nb = merge(var.a, { x = 1 }, )\nc = concat(local.lists...)\nd = provider::aws::arn_parse("arn:aws:s3:::b")\ne = g (1)\n',
    'for expressions': [
      'a = [for s in var.list : upper(s) if s != ""]',
      'b = {for k, v in var.map : k => v...}',
      'c = {for i, x in var.xs : x.name => i if i > 0}',
      'd = [ for x in [1, 2] : x ]',
      'e = [forward]',
      '',
    ].join('\n'),
    'objects with and without commas, keys of every kind': [
      'a = {',
      '  x = 1',
      '  "y" = 2,',
      '  (var.k) = 3',
      '  z: 4',
      '  true = 5',
      '  nested = { deep = [1, 2, { e = null }] }',
      '}',
      'b = {}',
      'c = { x = 1, y = 2, }',
      '',
    ].join('\n'),
    tuples: 'a = []\nb = [1, "two", [3], {}, null,]\nc = [\n  1,\n  2\n]\n',
    numbers: 'a = 0\nb = 1.5\nc = 2.5e3\nd = 1.0E-2\ne = 123456789\nf = 3.14159\n',
    'numbers out of range': 'a = 9007199254740993\nb = 1.0e400\nc = 1\n',
    'quoted strings with escapes':
      'a = "tab\\t \\"q\\" \\\\ \\u00e9 \\U0001F600 $${not} %%{not}"\nb = ""\nc = "$ and % alone, $$x"\n',
    'templates with interpolations and strip markers':
      'a = "${var.x}-${~ var.y ~} z ${local.z}"\nb = "pre ${ "inner ${var.q}" } post"\n',
    'template directives': [
      'a = "%{ if var.on }yes%{ else }no%{ endif }"',
      'b = "%{~ for i, x in var.xs ~} [${i}:${x}] %{~ endfor ~}"',
      'c = "%{if a}%{if b}both%{endif}%{endif}"',
      '',
    ].join('\n'),
    heredocs: [
      'a = <<EOF',
      'line one ${var.x}',
      '  indented $${literal}',
      'EOF',
      'b = <<-EOT',
      '    first',
      '      second %{ if var.y }y%{ endif }',
      '    EOT',
      'c = <<EOF',
      'EOF',
      'd = <<JSON',
      '{"k": "${jsonencode({',
      '  a = 1',
      '})}"}',
      '  JSON   ',
      'e = <<EOF',
      'EOFX not the end',
      'EOF',
      '',
    ].join('\n'),
    'blocks with labels, one-line and empty': [
      'resource "aws_s3_bucket" "b" {',
      '  bucket = "x"',
      '  versioning { enabled = true }',
      '  tags = { a = "b" }',
      '}',
      'locals {}',
      'terraform { required_providers { aws = { source = "hashicorp/aws" } } }',
      'dynamic_block unquoted label "quoted \\"label\\"" {',
      '  content {',
      '  }',
      '}',
      '',
    ].join('\n'),
    'comments everywhere': [
      '# top',
      '// slash',
      '/* block',
      '   over lines */',
      'resource "a" "b" { # after brace',
      '  x = [ # in a tuple',
      '    1, // after an item',
      '    /* inline */ 2',
      '  ]',
      '  y = { # in an object',
      '    k = 1 # after a value',
      '  }',
      '  z = 1 + /* mid */ 2',
      '}',
      '# last line without newline',
    ].join('\n'),
    'identifiers with dashes and keywords as names':
      'a-b = var.my-var\nfor_each = 1\nin = 2\nif = { endif = 3 }\nx = nullable\n',
    'CRLF line endings': 'a = 1 # note\r\nb = <<EOF\r\ntext\r\nEOF\r\nc = "x"\r\n',
    'non-ASCII text inside strings, heredocs and comments':
      'a = "héllo ✓"\n# ünïcode comment\nb = <<EOF\n日本語 ${var.x}\nEOF\n',
  };
  for (const [name, text] of Object.entries(valid)) {
    it(`reads ${name} exactly as the tree-sitter path does`, async () => {
      await expectSameTree(text);
    });
  }

  const malformed: Record<string, string> = {
    'an unclosed block': 'resource "a" "b" {\n  x = 1\n',
    'a missing value': 'resource "a" "b" {\n  bucket = \n}\n',
    'a stray closing brace': 'a = 1\n}\n',
    'an unterminated string': 'a = "abc\n',
    'a bad escape': 'a = "\\d"\n',
    'a short unicode escape': 'a = "\\u12"\n',
    'an unterminated heredoc': 'a = <<EOF\ntext\n',
    'a heredoc marker at the end of the file': 'a = <<EOF\ntext\nEOF',
    'an unterminated interpolation': 'a = "${var.x"\n',
    'an unclosed if directive': 'a = "%{ if x }yes"\n',
    'an endfor closing an if': 'a = "%{ if x }yes%{ endfor }"\n',
    'an unterminated block comment': 'a = 1 /* never closed\n',
    'tuple items without a comma': 'a = [1 2]\n',
    'two commas in an object': 'a = { x = 1,, y = 2 }\n',
    'an ellipsis not last': 'a = f(x..., y)\n',
    'a value after a value': 'a = 1 2\n',
    'an operator without a right side': 'a = 1 +\n',
    'a for without in': 'a = [for x var.xs : x]\n',
    'a splat with spaces': 'a = x[ * ]\n',
    '`for` as an object key': 'a = {for = 1}\n',
  };
  for (const [name, text] of Object.entries(malformed)) {
    it(`leaves ${name} to tree-sitter, whose error gap names the line`, async () => {
      const { direct, treeSitter } = await bothWays(text);
      expect(direct).toBeUndefined();
      expect(treeSitter.outcome).toMatchObject({ ok: false });
      const result = parseHcl(await getParser(), text, 'bad.tf');
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.gap.message).toMatch(/^bad\.tf:\d+(:\d+)?: /);
    });
  }

  const leftToTreeSitter: Record<string, string> = {
    'a number with an exponent but no fraction': 'a = 1e5\n',
    'a hexadecimal number': 'a = 0x1f\n',
    'a byte-order mark': '\uFEFFa = 1\n',
    'a label that looks like a template': 'resource "a" "x${y}" {}\n',
    'a non-ASCII identifier': 'größe = 1\n',
    'a file that is one object': '{\n  "a" = 1\n}\n',
    'an empty interpolation': 'a = "${}"\n',
    'a comment between a dot and a name': 'a = var. # c\n  x\n',
  };
  for (const [name, text] of Object.entries(leftToTreeSitter)) {
    it(`leaves ${name} to tree-sitter, and parseHcl gives what tree-sitter gives`, async () => {
      const { direct, treeSitter } = await bothWays(text);
      expect(direct).toBeUndefined();
      const result = parseHcl(await getParser(), text, 'x.tf');
      expect(result).toStrictEqual(treeSitter.outcome);
    });
  }
});

describe('nesting near the limit', () => {
  it('reads 30 nested objects as tree-sitter does', async () => {
    await expectSameTree(`a = ${'{ k = '.repeat(30)}1${' }'.repeat(30)}\n`);
  });

  it('reads a chain of 100 additions as tree-sitter does', async () => {
    await expectSameTree(`a = ${Array.from({ length: 101 }, (_, i) => `x${i}`).join(' + ')}\n`);
  });

  it('leaves 600 nested tuples and a chain of 300 additions to tree-sitter, whose depth check gives the limit gap', async () => {
    for (const text of [
      `a = ${'['.repeat(600)}1${']'.repeat(600)}\n`,
      `a = ${Array.from({ length: 301 }, (_, i) => `x${i}`).join(' + ')}\n`,
    ]) {
      expect(parseDirect(text)).toBeUndefined();
      const result = parseHcl(await getParser(), text, 'deep.tf');
      expect(result).toMatchObject({ ok: false, gap: { reason: 'limit-exceeded' } });
    }
  });
});

describe('chained conditionals', () => {
  // `a ? b : c ? d : e` is `a ? b : (c ? d : e)` in HCL; tree-sitter's grammar nests it the other way.
  const expected: Expr = {
    t: 'conditional',
    cond: { t: 'variable', name: 'a' },
    whenTrue: { t: 'literal', value: 'b' },
    whenFalse: {
      t: 'conditional',
      cond: { t: 'variable', name: 'c' },
      whenTrue: { t: 'literal', value: 'd' },
      whenFalse: { t: 'literal', value: 'e' },
    },
  };

  it('nest to the right in both parsers', async () => {
    const text = 'x = a ? "b" : c ? "d" : "e"\n';
    const { direct, treeSitter } = await bothWays(text);
    expect(direct?.body.attributes[0]?.expr).toStrictEqual(expected);
    expect((treeSitter.outcome as { body: { attributes: { expr: Expr }[] } }).body.attributes[0]?.expr).toStrictEqual(
      expected,
    );
  });

  it('keep a parenthesised condition where it is', async () => {
    const { direct } = await bothWays('x = (a ? "b" : c) ? "d" : "e"\n');
    expect(direct?.body.attributes[0]?.expr).toMatchObject({
      t: 'conditional',
      cond: { t: 'conditional', cond: { name: 'a' }, whenFalse: { name: 'c' } },
      whenTrue: { value: 'd' },
    });
  });
});
