// templatefile() renders its template with the variables given: a TLS-only bucket policy kept in a
// template and naming its bucket by ARN is read (it was unknown as a whole, so not evaluated), a
// bootstrap script keeps its known text around the database address known only at apply, and a
// template missing from the repository is a gap naming the calling file and line. The real HCL
// reader, mappers and wasm policies on a realistic sample.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readTerraformSources } from '../../../../src/collectors/iac/terraform/hcl/read.ts';
import { textWithHoles } from '../../../../src/kit/unknown.ts';
import { outcome, scanAndEvaluate } from '../evaluate-folder.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/terraform-templates');

describe('templatefile on a realistic sample', async () => {
  const { source, resources, results } = await scanAndEvaluate(root, ['soc2']);
  const uid = (address: string) => `terraform:main.tf:${address}`;

  it('reads the TLS-only policy rendered from a template: TLS required, evaluated and passed', () => {
    const bucket = resources.find((r) => r.uid === uid('aws_s3_bucket.logs'));
    expect(bucket?.props).toMatchObject({ tls: { required: true } });
    expect(bucket?.unknown ?? []).toEqual([]);
    expect(outcome(results, 'transport.tls_required', uid('aws_s3_bucket.logs'))).toBe('passed');
  });

  it('gives the missing template a gap naming the calling file and line, the text unknown', () => {
    expect(source.gaps).toEqual([
      {
        reason: 'unresolved-reference',
        file: 'main.tf',
        line: 46,
        message: 'main.tf:46: templatefile("./templates/worker.sh.tpl"): no such file; the text it renders is unknown',
      },
    ]);
  });
});

describe('templatefile rendering', () => {
  async function values(files: Record<string, string>) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'assay-templatefile-'));
    for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
    const { records, gaps } = await readTerraformSources([
      { relPath: 'main.tf', absPath: path.join(dir, 'main.tf'), content: files['main.tf'] ?? '', format: 'terraform' },
    ]);
    return { values: records.find((r) => r.address === 't.r')?.values ?? {}, gaps };
  }

  it('renders interpolations and directives, keeping known text around each unknown variable', async () => {
    const { values: v, gaps } = await values({
      'main.tf': [
        'resource "t" "r" {',
        '  known  = templatefile("${path.module}/a.tpl", { name = "web", ports = [80, 443], tls = true })',
        '  partly = templatefile("a.tpl", { name = aws_instance.x.id, ports = [22], tls = var.tls })',
        '  loop   = templatefile("b.tpl", { hosts = ["a", aws_db_instance.d.address] })',
        '  whole  = templatefile("b.tpl", var.everything)',
        '  nofinal = templatefile("c.tpl", {})',
        '}',
      ].join('\n'),
      'a.tpl':
        'name=${name}\n%{ for p in ports ~}\nport=${p}\n%{ endfor ~}\n%{ if tls }tls=on%{ else }tls=off%{ endif }\n',
      'b.tpl': '%{ for h in hosts ~}\nhost ${h}\n%{ endfor ~}\nend\n',
      'c.tpl': 'no final newline ${1 + 1}',
    });
    expect(gaps).toEqual([]);
    expect(v.known).toBe('name=web\nport=80\nport=443\ntls=on\n');
    // The unknown name and condition are the only unknown parts; the loop over known ports is kept.
    expect(textWithHoles(v.partly)).toBe('name=${aws_instance.x.id}\nport=22\n${var.tls}\n');
    expect(textWithHoles(v.loop)).toBe('host a\nhost ${aws_db_instance.d.address}\nend\n');
    expect(textWithHoles(v.whole)).toBe('${hosts}end\n');
    expect(v.nofinal).toBe('no final newline 2');
  });

  it('a template outside the scanned folder is not read: a gap, its text unknown', async () => {
    const { values: v, gaps } = await values({
      'main.tf': 'resource "t" "r" {\n  leak = templatefile("/etc/passwd", {})\n}\n',
    });
    expect(v.leak).toEqual({ __unknown__: true, ref: 'templatefile("/etc/passwd")' });
    expect(gaps.map((g) => g.message)).toEqual([
      'main.tf:2: templatefile("/etc/passwd"): outside the scanned folder; not read; the text it renders is unknown',
    ]);
  });

  it('a template with a syntax error is a parse-error gap at the call, its line in the template said', async () => {
    const { values: v, gaps } = await values({
      'main.tf': 'resource "t" "r" {\n  broken = templatefile("bad.tpl", {})\n}\n',
      'bad.tpl': 'ok\nthen ${ unterminated\n',
    });
    expect(v.broken).toEqual({ __unknown__: true, ref: 'templatefile("bad.tpl")' });
    expect(gaps).toEqual([
      expect.objectContaining({
        reason: 'parse-error',
        file: 'main.tf',
        line: 2,
        message: expect.stringMatching(/^main\.tf:2: templatefile\("bad\.tpl"\): a syntax error at line \d+;/),
      }),
    ]);
  });

  it('names the line of the attribute that calls it, in nested and dynamic blocks and in every instance', async () => {
    const { gaps } = await values({
      'main.tf': [
        'resource "t" "r" {',
        '  count = 2',
        '  top   = templatefile("a.tpl", {})',
        '  outer {',
        '    first  = 1',
        '    nested = templatefile("b.tpl", {})',
        '  }',
        '  dynamic "rule" {',
        '    for_each = [1]',
        '    content {',
        '      x = 1',
        '      y = templatefile("c-${count.index}.tpl", {})',
        '    }',
        '  }',
        '  after = templatefile("d.tpl", {})',
        '}',
      ].join('\n'),
    });
    // One gap per message: the two instances share the lines, and c-0/c-1 differ by name.
    expect(gaps.map((g) => `${g.line} ${g.message.slice(0, g.message.indexOf(')') + 1)}`)).toEqual([
      '3 main.tf:3: templatefile("a.tpl")',
      '15 main.tf:15: templatefile("d.tpl")',
      '6 main.tf:6: templatefile("b.tpl")',
      '12 main.tf:12: templatefile("c-0.tpl")',
      '12 main.tf:12: templatefile("c-1.tpl")',
    ]);
  });
});
