// The suppression comments of HCL and YAML files, found by each language's parser. The HCL
// comments come from the Terraform collector's tree-sitter parser, as in a scan.
import { describe, expect, it } from 'vitest';
import { commentsOf } from '../../src/collectors/iac/comments.ts';
import { suppressionsIn, yamlComments } from '../../src/kit/suppressions.ts';
import type { InlineSuppression } from '../../src/model/resource.ts';

async function findSuppressions(file: string, text: string): Promise<InlineSuppression[]> {
  return suppressionsIn(file, await commentsOf(file, text));
}

function lines(...text: string[]): string {
  return text.join('\n');
}

describe('findSuppressions in HCL', () => {
  it('finds #, // and /* */ comments with their lines and the text after the marker', async () => {
    const text = lines(
      '# assay:ignore a.one reason="hash comment" expires=2026-01-01',
      'resource "x" "y" {',
      '  name = "y" // assay:ignore a.two reason=slashes expires=2026-01-01',
      '  /* assay:ignore a.three reason=block expires=2026-01-01 */ size = 1',
      '  /*',
      '   * assay:ignore a.four reason="multi-line block" expires=2026-01-01',
      '   */',
      '  #assay:ignore a.five reason=tight expires=2026-01-01',
      '}',
    );
    expect(await findSuppressions('infra/main.tf', text)).toEqual([
      { file: 'infra/main.tf', line: 1, text: 'a.one reason="hash comment" expires=2026-01-01' },
      { file: 'infra/main.tf', line: 3, text: 'a.two reason=slashes expires=2026-01-01' },
      { file: 'infra/main.tf', line: 4, text: 'a.three reason=block expires=2026-01-01' },
      { file: 'infra/main.tf', line: 6, text: 'a.four reason="multi-line block" expires=2026-01-01' },
      { file: 'infra/main.tf', line: 8, text: 'a.five reason=tight expires=2026-01-01' },
    ]);
  });

  it('ignores the marker inside strings, interpolations and heredocs', async () => {
    const text = lines(
      'resource "x" "y" {',
      '  description = "see # assay:ignore in the docs"',
      '  other = "// assay:ignore not a comment"',
      '  nested = "${format("# assay:ignore %s", var.x)} tail"',
      '  escaped = "quote \\" # assay:ignore still a string"',
      '  policy = <<-EOT',
      '    # assay:ignore inside a heredoc',
      '  EOT',
      '  path = "/* assay:ignore */"',
      '}',
    );
    expect(await findSuppressions('main.tf', text)).toEqual([]);
  });

  it('ignores the marker in a heredoc inside an interpolation (a line-by-line scan took it for a comment)', async () => {
    const text = lines('x = "${join(",", [<<EOT', '# assay:ignore r.x reason=y expires=2099-01-01', 'EOT', '])}"');
    expect(await findSuppressions('main.tf', text)).toEqual([]);
  });

  it('finds a comment inside a multi-line interpolation, which is expression syntax', async () => {
    const text = lines('x = "${', '  var.a # assay:ignore r.x reason=y expires=2099-01-01', '}"');
    expect(await findSuppressions('main.tf', text)).toEqual([
      { file: 'main.tf', line: 2, text: 'r.x reason=y expires=2099-01-01' },
    ]);
  });

  it('finds the comments the parser recognised in a file with a syntax error', async () => {
    const text = lines('# assay:ignore r.x reason=y expires=2099-01-01', 'resource "a" "b" {', '  x = ');
    expect((await findSuppressions('main.tf', text)).map((s) => s.line)).toEqual([1]);
  });

  it('finds a comment after a string that contains a hash', async () => {
    const text = 'name = "a#b" # assay:ignore r.x reason=y expires=2026-01-01';
    expect(await findSuppressions('main.tf', text)).toEqual([
      { file: 'main.tf', line: 1, text: 'r.x reason=y expires=2026-01-01' },
    ]);
  });

  it('needs the marker as a word of its own', async () => {
    const text = lines('# assay:ignored r.x', '# noassay:ignore r.x', '# see assay:ignore r.y reason=z');
    expect((await findSuppressions('main.tf', text)).map((s) => s.line)).toEqual([3]);
  });

  it('keeps an empty text for a bare marker (read later as invalid, not dropped)', async () => {
    expect(await findSuppressions('vars.tfvars', '# assay:ignore\r\nx = 1\r\n')).toEqual([
      { file: 'vars.tfvars', line: 1, text: '' },
    ]);
  });
});

describe('findSuppressions in YAML', () => {
  it('finds # comments on their own line and after a value', async () => {
    const text = lines(
      'Resources:',
      '  # assay:ignore storage.* reason="CDN origin" expires=2026-01-01',
      '  Bucket:',
      '    Type: AWS::S3::Bucket # assay:ignore a.b reason=x expires=2026-01-01',
    );
    expect(await findSuppressions('stack.yaml', text)).toEqual([
      { file: 'stack.yaml', line: 2, text: 'storage.* reason="CDN origin" expires=2026-01-01' },
      { file: 'stack.yaml', line: 4, text: 'a.b reason=x expires=2026-01-01' },
    ]);
  });

  it('ignores the marker in quoted values, plain values without a space before #, and block scalars', async () => {
    const text = lines(
      'metadata:',
      '  annotations:',
      '    note: "see # assay:ignore"',
      "    single: 'it''s # assay:ignore'",
      '    plain: a#assay:ignore',
      '    script: |',
      '      # assay:ignore inside a literal block',
      '',
      '      echo done',
      '    folded: >-',
      '      # assay:ignore inside a folded block',
      "  name: don't # assay:ignore k8s.x reason=real expires=2026-01-01",
    );
    expect(await findSuppressions('deploy.yml', text)).toEqual([
      { file: 'deploy.yml', line: 12, text: 'k8s.x reason=real expires=2026-01-01' },
    ]);
  });

  it('ignores the marker on a line inside a multi-line quoted string (it is part of the value)', async () => {
    const text = lines(
      'Resources:',
      '  Bucket:',
      '    Type: AWS::S3::Bucket',
      '    Metadata:',
      '      Note: "first line',
      '        # assay:ignore * reason=smuggled expires=2099-01-01',
      '        last line"',
      "      Other: 'one",
      '        # assay:ignore * reason=smuggled expires=2099-01-01',
      "        two' # assay:ignore s3.x reason=real expires=2099-01-01",
    );
    expect(await findSuppressions('stack.yaml', text)).toEqual([
      { file: 'stack.yaml', line: 10, text: 's3.x reason=real expires=2099-01-01' },
    ]);
  });

  it('finds a comment that ends a block scalar at the parent mapping indentation', async () => {
    const text = lines(
      '- script: |',
      '    echo # not a comment',
      '  # assay:ignore r.x reason=y expires=2099-01-01',
      '  name: a',
    );
    expect(await findSuppressions('list.yaml', text)).toEqual([
      { file: 'list.yaml', line: 3, text: 'r.x reason=y expires=2099-01-01' },
    ]);
  });

  it('reads every document of a stream, flow collections and malformed files', async () => {
    const text = lines('a: {b: 1, # one', '  c: 2}', '---', '# two', 'x: [unterminated', '# three');
    expect(yamlComments(text)).toEqual([
      { line: 1, text: ' one' },
      { line: 4, text: ' two' },
      { line: 6, text: ' three' },
    ]);
  });

  it('finds nothing in JSON, which has no comments', async () => {
    expect(await findSuppressions('template.json', '{"a": "# assay:ignore x"}')).toEqual([]);
  });
});
