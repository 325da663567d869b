import { describe, expect, it } from 'vitest';
import { findSuppressions } from '../../src/kit/suppressions.ts';

function lines(...text: string[]): string {
  return text.join('\n');
}

describe('findSuppressions in HCL', () => {
  it('finds #, // and /* */ comments with their lines and the text after the marker', () => {
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
    expect(findSuppressions('infra/main.tf', text)).toEqual([
      { file: 'infra/main.tf', line: 1, text: 'a.one reason="hash comment" expires=2026-01-01' },
      { file: 'infra/main.tf', line: 3, text: 'a.two reason=slashes expires=2026-01-01' },
      { file: 'infra/main.tf', line: 4, text: 'a.three reason=block expires=2026-01-01' },
      { file: 'infra/main.tf', line: 6, text: 'a.four reason="multi-line block" expires=2026-01-01' },
      { file: 'infra/main.tf', line: 8, text: 'a.five reason=tight expires=2026-01-01' },
    ]);
  });

  it('ignores the marker inside strings, interpolations and heredocs', () => {
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
    expect(findSuppressions('main.tf', text)).toEqual([]);
  });

  it('finds a comment after a string that contains a hash', () => {
    const text = 'name = "a#b" # assay:ignore r.x reason=y expires=2026-01-01';
    expect(findSuppressions('main.tf', text)).toEqual([
      { file: 'main.tf', line: 1, text: 'r.x reason=y expires=2026-01-01' },
    ]);
  });

  it('needs the marker as a word of its own', () => {
    const text = lines('# assay:ignored r.x', '# noassay:ignore r.x', '# see assay:ignore r.y reason=z');
    expect(findSuppressions('main.tf', text).map((s) => s.line)).toEqual([3]);
  });

  it('keeps an empty text for a bare marker (read later as invalid, not dropped)', () => {
    expect(findSuppressions('vars.tfvars', '# assay:ignore\r\nx = 1\r\n')).toEqual([
      { file: 'vars.tfvars', line: 1, text: '' },
    ]);
  });
});

describe('findSuppressions in YAML', () => {
  it('finds # comments on their own line and after a value', () => {
    const text = lines(
      'Resources:',
      '  # assay:ignore storage.* reason="CDN origin" expires=2026-01-01',
      '  Bucket:',
      '    Type: AWS::S3::Bucket # assay:ignore a.b reason=x expires=2026-01-01',
    );
    expect(findSuppressions('stack.yaml', text)).toEqual([
      { file: 'stack.yaml', line: 2, text: 'storage.* reason="CDN origin" expires=2026-01-01' },
      { file: 'stack.yaml', line: 4, text: 'a.b reason=x expires=2026-01-01' },
    ]);
  });

  it('ignores the marker in quoted values, plain values without a space before #, and block scalars', () => {
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
    expect(findSuppressions('deploy.yml', text)).toEqual([
      { file: 'deploy.yml', line: 12, text: 'k8s.x reason=real expires=2026-01-01' },
    ]);
  });

  it('finds nothing in JSON, which has no comments', () => {
    expect(findSuppressions('template.json', '{"a": "# assay:ignore x"}')).toEqual([]);
  });
});
