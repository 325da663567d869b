// Expression evaluation, through the public reader, on small inline configurations.
import { describe, expect, it } from 'vitest';
import { readTerraformSources } from '../../../../../src/collectors/iac/terraform/hcl/read.ts';

/** Values of `resource "t" "r"` whose body is `body`, with `extra` top-level blocks (variables, locals). */
async function values(body: string, extra = ''): Promise<Record<string, unknown>> {
  const content = `${extra}\nresource "t" "r" {\n${body}\n}\n`;
  const { records, gaps } = await readTerraformSources([
    { relPath: 'main.tf', absPath: '/virtual/main.tf', content, format: 'terraform' },
  ]);
  expect(gaps).toEqual([]);
  const record = records.find((r) => r.address === 't.r');
  if (!record) throw new Error(`no t.r among ${records.map((r) => r.address).join(', ')}`);
  return record.values;
}

const u = (ref?: string) => (ref === undefined ? { __unknown__: true } : { __unknown__: true, ref });

describe('literals, templates and operators', () => {
  it('evaluates literals, escapes and arithmetic', async () => {
    const v = await values(`
      n = 0x1F
      f = 1.5e2
      s = "a\\tb \\"q\\" \\u00e9 $\${x}"
      a = 1 + 2 * 3
      b = (1 + 2) * 3
      c = 7 % 4 - -1
      d = 10 / 4
      e = !(1 < 2) || 3 >= 3 && "x" != "y"
      g = [1, "x", true, null]`);
    expect(v).toEqual({
      n: 31,
      f: 150,
      s: 'a\tb "q" é ${x}',
      a: 7,
      b: 9,
      c: 4,
      d: 2.5,
      e: true,
      g: [1, 'x', true, null],
    });
  });

  it('renders template interpolations, directives and strip markers', async () => {
    const v = await values(
      `
      a = "n=\${var.n} ok=\${var.on}"
      b = "%{ if var.on }yes%{ else }no%{ endif }"
      c = "%{ for x in var.list ~} [\${x}] %{~ endfor }"
      d = <<EOT
line \${var.n}
  kept
EOT`,
      'variable "n" { default = 3 }\nvariable "on" { default = true }\nvariable "list" { default = ["a", "b"] }',
    );
    expect(v).toEqual({ a: 'n=3 ok=true', b: 'yes', c: '[a][b]', d: 'line 3\n  kept\n' });
  });

  it('makes a template with an unknown part unknown, with the first reference, keeping its known text', async () => {
    const v = await values(
      'a = "arn:${aws_s3_bucket.b.arn}/${var.x}"\nb = "${var.nodefault}-x"\nc = "${var.nodefault}"',
      'variable "x" { default = "y" }\nvariable "nodefault" {}',
    );
    expect(v).toEqual({
      a: { ...u('aws_s3_bucket.b.arn'), parts: ['arn:', u('aws_s3_bucket.b.arn'), '/y'] },
      b: { ...u('var.nodefault'), parts: [u('var.nodefault'), '-x'] },
      c: u('var.nodefault'),
    });
  });

  it('keeps the known lines of a heredoc around an unknown interpolation, and nested templates flat', async () => {
    const v = await values(
      [
        'a = <<-EOT',
        '  export DB_HOST=${local.host}',
        '  export DB_PASSWORD=${var.password}',
        '  export MODE=${var.mode}',
        '  EOT',
        'b = "%{ for s in var.list }${s}-${var.zone},%{ endfor }"',
        'c = "%{ if var.flag }on-${var.zone}%{ else }off%{ endif }"',
      ].join('\n'),
      [
        'locals { host = "db.${var.zone}" }',
        'variable "zone" {}',
        'variable "password" {}',
        'variable "mode" { default = "prod" }',
        'variable "list" { default = ["a"] }',
        'variable "flag" { default = true }',
      ].join('\n'),
    );
    expect(v.a).toEqual({
      ...u('var.zone'),
      parts: ['export DB_HOST=db.', u('var.zone'), '\nexport DB_PASSWORD=', u('var.password'), '\nexport MODE=prod\n'],
    });
    // A repeated body with an unknown piece keeps its known text in order, as a chosen branch does.
    expect(v.b).toEqual({ ...u('var.zone'), parts: ['a-', u('var.zone'), ','] });
    expect(v.c).toEqual({ ...u('var.zone'), parts: ['on-', u('var.zone')] });
  });
});

describe('references and collections', () => {
  it('resolves locals (in any order), attribute and index access, splats', async () => {
    const v = await values(
      `
      a = local.second
      b = local.obj.list[1]
      c = local.obj["k"]
      d = local.objs[*].name
      e = aws_instance.web[*].id
      f = data.aws_caller_identity.me.account_id
      g = module.net.vpc_id`,
      'locals {\n second = "${local.first}!"\n first = "one"\n obj = { list = [1, 2], k = "v" }\n objs = [{ name = "x" }, { name = "y" }]\n}',
    );
    expect(v).toEqual({
      a: 'one!',
      b: 2,
      c: 'v',
      d: ['x', 'y'],
      e: u('aws_instance.web[*]'),
      f: u('data.aws_caller_identity.me.account_id'),
      g: u('module.net.vpc_id'),
    });
  });

  it('evaluates for expressions over lists and maps, with conditions and grouping', async () => {
    const v = await values(
      `
      a = [for s in var.l : upper(s) if s != "b"]
      b = { for k, v in var.m : v => k }
      c = { for s in var.l : length(s) => s... }
      d = [for s in var.unknown : s]`,
      'variable "l" { default = ["a", "b", "cc"] }\nvariable "m" { default = { x = "1", y = "2" } }\nvariable "unknown" {}',
    );
    expect(v).toEqual({
      a: ['A', 'CC'],
      b: { '1': 'x', '2': 'y' },
      c: { '1': ['a', 'b'], '2': ['cc'] },
      d: u('var.unknown'),
    });
  });

  it('keeps an unknown condition unknown instead of picking a branch, listing known branches', async () => {
    const v = await values(
      'a = var.x ? "on" : "off"\nb = true ? "on" : var.x\nc = var.x ? "on" : var.y\nd = var.x == "p" ? 1 : 2',
      'variable "x" {}\nvariable "y" {}',
    );
    expect(v).toEqual({
      a: {
        ...u('var.x'),
        alternatives: [
          { when: 'var.x is true', value: 'on' },
          { when: 'var.x is false', value: 'off' },
        ],
      },
      b: 'on',
      // A branch that is itself unknown: no list of values to evaluate.
      c: u('var.x'),
      d: {
        ...u('var.x'),
        alternatives: [
          { when: 'the condition on var.x is true', value: 1 },
          { when: 'the condition on var.x is false', value: 2 },
        ],
      },
    });
  });
});

describe('functions', () => {
  it('evaluates the common collection and string functions', async () => {
    const v = await values(`
      merge    = merge({ a = 1 }, { b = 2 }, { a = 3 })
      concat   = concat([1], [2, 3])
      lookup   = lookup({ a = 1 }, "b", "dflt")
      join     = join(",", ["a", "b"])
      split    = split(",", "a,b")
      length   = [length("héllo"), length([1, 2]), length({ a = 1 })]
      coalesce = coalesce("", null, "x")
      element  = element(["a", "b"], 3)
      contains = contains(["a"], "a")
      keys     = keys({ b = 1, a = 2 })
      values   = values({ b = 1, a = 2 })
      flatten  = flatten([[1], [[2]], 3])
      distinct = distinct([1, 1, 2])
      replace  = [replace("a-b-c", "-", "_"), replace("a1b22", "/[0-9]+/", "#")]
      substr   = [substr("hello", 1, 3), substr("hello", -3, -1)]
      trim     = trimspace("  x \\n")
      minmax   = [min(3, 1, 2), max(3, 1, 2)]
      format   = format("%s-%03d-%d-%.1f-%v-%5s|%-3s|%%", "a", 7, 2, 1.26, true, "r", "l")
      convert  = [tostring(1), tonumber("2"), tobool("true"), toset(["b", "a", "b"]), tolist(["x"]), tomap({ a = 1 })]
      case     = [lower("AbC"), upper("AbC")]
      decode   = jsondecode("{\\"a\\": [1, true]}")`);
    expect(v).toEqual({
      merge: { a: 3, b: 2 },
      concat: [1, 2, 3],
      lookup: 'dflt',
      join: 'a,b',
      split: ['a', 'b'],
      length: [5, 2, 1],
      coalesce: 'x',
      element: 'b',
      contains: true,
      keys: ['a', 'b'],
      values: [2, 1],
      flatten: [1, 2, 3],
      distinct: [1, 2],
      replace: ['a_b_c', 'a#b#'],
      substr: ['ell', 'llo'],
      trim: 'x',
      minmax: [1, 3],
      format: 'a-007-2-1.3-true-    r|l  |%',
      convert: ['1', 2, true, ['a', 'b'], ['x'], { a: 1 }],
      case: ['abc', 'ABC'],
      decode: { a: [1, true] },
    });
  });

  it('catches errors with try and can, and propagates unknowns', async () => {
    const v = await values(
      `
      a = try(local.obj.missing, "fallback")
      b = can(local.obj.missing)
      c = can(local.obj.k)
      d = try(var.x, "fallback")
      e = lower(var.x)
      f = length([var.x, 1])`,
      'locals { obj = { k = 1 } }\nvariable "x" {}',
    );
    expect(v).toEqual({ a: 'fallback', b: false, c: true, d: u('var.x'), e: u('var.x'), f: 2 });
  });

  // The patterns of terraform-aws-modules/s3-bucket (main.tf): try() over a caller's map that may
  // lack the key, or be unknown. Terraform's try returns the first argument that evaluates without
  // error; an unknown is not an error, so it stays unknown rather than taking the fallback.
  it('try: a missing key takes the fallback, an unknown stays unknown (s3-bucket versioning)', async () => {
    const v = await values(
      `
      missing  = try(var.empty["enabled"] ? "Enabled" : "Suspended", "Enabled")
      off      = try(var.off["enabled"] ? "Enabled" : "Suspended", "Enabled")
      unknown  = try(var.versioning["enabled"] ? "Enabled" : "Suspended", "Enabled")
      nested   = try(var.sse.rule.kms_master_key_id, null)
      absent   = try(var.sse.rule.bucket_key_enabled, null)
      partly   = try("arn:aws:s3:::\${var.name}/*", "none")
      later    = try(local.none.x, var.name, "fb")`,
      `variable "empty" { default = {} }
      variable "off" { default = { enabled = false } }
      variable "versioning" {}
      variable "name" {}
      variable "sse" { default = { rule = { kms_master_key_id = aws_kms_key.k.arn } } }
      locals { none = {} }`,
    );
    expect(v).toEqual({
      missing: 'Enabled',
      off: 'Suspended',
      unknown: u('var.versioning["enabled"]'),
      nested: u('aws_kms_key.k.arn'),
      absent: null,
      partly: u('var.name'),
      later: u('var.name'),
    });
  });

  it('can: a reference that resolves is true whatever it holds; a computation over an unknown is unknown', async () => {
    const v = await values(
      `
      ref      = can(local.cfg.rule)
      missing  = can(local.cfg.other)
      computed = can({ port = tonumber(var.p) })
      top      = can(tonumber(var.p))`,
      'variable "p" {}\nlocals { cfg = { rule = { key = aws_kms_key.k.arn } } }',
    );
    expect(v).toEqual({ ref: true, missing: false, computed: u('var.p'), top: u('var.p') });
  });

  it('coalesce and lookup: an unknown before the deciding argument leaves the result unknown', async () => {
    const v = await values(
      `
      first    = coalesce(var.x, "default")
      skipped  = coalesce(null, "", "z", var.x)
      known    = lookup({ a = var.x }, "b", "d")
      held     = lookup({ a = var.x }, "a", "d")
      key      = lookup({ a = 1 }, var.x, "d")
      found    = lookup({ a = 1 }, "a", var.x)
      fallback = lookup({ a = 1 }, "b", var.x)`,
      'variable "x" {}',
    );
    expect(v).toEqual({
      first: u('var.x'),
      skipped: 'z',
      known: 'd',
      held: u('var.x'),
      key: u('var.x'),
      found: 1,
      fallback: u('var.x'),
    });
  });

  it("lookup in a modelled module's outputs: a key the model lacks is unknown, not the default", async () => {
    const content =
      'module "vpc" {\n  source  = "terraform-aws-modules/vpc/aws"\n  version = "~> 6.0"\n}\n' +
      'resource "t" "r" {\n  id = lookup(module.vpc, "vpc_flow_log_id", "none")\n}\n';
    const { records } = await readTerraformSources([
      { relPath: 'main.tf', absPath: '/virtual/main.tf', content, format: 'terraform' },
    ]);
    expect(records.find((r) => r.address === 't.r')?.values).toEqual({ id: u('module.vpc.vpc_flow_log_id') });
  });

  // terraform-aws-modules/vpc's examples: azs = slice(data.aws_availability_zones.available.names, 0, 3),
  // then one subnet per zone. The zones are read at plan time, but the slice has three elements or
  // the plan fails, so a count over the subnets is known.
  it('slice: a known list is cut; an unknown list with known bounds has end - start unknown elements', async () => {
    const v = await values(
      `
      known   = slice(["a", "b", "c", "d"], 1, 3)
      zones   = slice(data.aws_availability_zones.available.names, 0, 3)
      subnets = length([for k, v in slice(data.aws_availability_zones.available.names, 0, 3) : k + 4])
      bound   = slice(data.aws_availability_zones.available.names, 0, var.n)
      nested  = slice([var.x, "b"], 0, 1)`,
      'variable "n" {}\nvariable "x" {}',
    );
    const zone = (i: number) => u(`data.aws_availability_zones.available.names[${i}]`);
    expect(v).toEqual({
      known: ['b', 'c'],
      zones: [zone(0), zone(1), zone(2)],
      subnets: 3,
      bound: u('data.aws_availability_zones.available.names'),
      nested: [u('var.x')],
    });
  });

  it('slice: bounds outside the list are an error, as in Terraform (unknown, false for can)', async () => {
    const v = await values(
      `
      past     = slice(["a"], 0, 2)
      reversed = can(slice(data.x.y.names, 2, 1))
      fits     = can(slice(["a", "b"], 0, 2))`,
    );
    expect(v).toEqual({ past: u(), reversed: false, fits: true });
  });

  it('leaves file() and unknown functions unknown (templatefile: templatefile.test.ts)', async () => {
    const v = await values('a = file("policy.json")\nc = timestamp()');
    expect(v).toEqual({ a: u(), c: u() });
  });

  it('writes jsonencode with sorted keys and unknowns as "${ref}" strings', async () => {
    const v = await values('p = jsonencode({ b = [1, true, null], a = aws_kms_key.k.arn, c = { "x:y" = "z" } })');
    expect(v.p).toBe('{"a":"${aws_kms_key.k.arn}","b":[1,true,null],"c":{"x:y":"z"}}');
    expect(JSON.parse(v.p as string).a).toBe('${aws_kms_key.k.arn}');
  });
});

describe('count and for_each edge cases', () => {
  async function addresses(content: string): Promise<string[]> {
    const { records } = await readTerraformSources([
      { relPath: 'main.tf', absPath: '/virtual/main.tf', content, format: 'terraform' },
    ]);
    return records.map((r) => r.address);
  }

  it('keeps one record at the plain address when count or for_each is unknown', async () => {
    expect(
      await addresses('variable "n" {}\nresource "t" "a" { count = var.n }\nresource "t" "b" { for_each = var.n }'),
    ).toEqual(['t.a', 't.b']);
  });

  it('expands for_each over a map with each.value', async () => {
    const content = 'resource "t" "m" {\n  for_each = { x = 1, y = 2 }\n  v = each.value * 10\n}';
    const { records } = await readTerraformSources([
      { relPath: 'main.tf', absPath: '/virtual/main.tf', content, format: 'terraform' },
    ]);
    expect(records.map((r) => [r.address, r.values.v])).toEqual([
      ['t.m["x"]', 10],
      ['t.m["y"]', 20],
    ]);
  });

  it('keeps static nested blocks when a dynamic block cannot be expanded', async () => {
    const v = await values(
      'ingress { from_port = 1 }\ndynamic "ingress" {\n for_each = var.x\n content { from_port = ingress.value }\n}',
      'variable "x" {}',
    );
    expect(v.ingress).toEqual([{ from_port: 1 }, u('var.x')]);
  });
});
