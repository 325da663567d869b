// The Action's pure parts and its git helpers, one by one, with malformed input included.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { levelOf, PER_STEP_LIMIT, planAnnotations } from '../../src/action/annotations.ts';
import { changedFiles, MissingBaseError, parseHunks, parseNameStatus } from '../../src/action/changes.ts';
import {
  COMMENT_MARKER,
  COMMENT_MAX_CHARS,
  type CommentClient,
  commentBody,
  describeApiError,
  findOwnComment,
  upsertComment,
} from '../../src/action/comment.ts';
import { readEvent } from '../../src/action/event.ts';
import { changedLinesFilter, filterResults } from '../../src/action/filter.ts';
import { InputError, readInputs, splitList } from '../../src/action/inputs.ts';
import { logText } from '../../src/action/log-text.ts';
import { scanTargets } from '../../src/action/scope.ts';
import type { Finding, ResultGap, Results, Severity } from '../../src/model/results.ts';
import { sampleResults } from '../reports/sample-results.ts';
import { git } from './harness.ts';

const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'assay-action-unit-'));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function write(root: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
}

describe('inputs', () => {
  const get = (values: Record<string, string>) => (name: string) => values[name] ?? '';

  it('applies the defaults, which depend on whether the event is a pull request', () => {
    const onPr = readInputs(get({}), true, tempDir());
    expect(onPr).toMatchObject({
      paths: ['.'],
      frameworks: [],
      failOn: 'high',
      formats: ['sarif', 'markdown', 'html', 'json'],
      outputDir: 'assay-results',
      policies: [],
      changedOnly: { value: true, explicit: false },
      comment: { value: true, explicit: false },
      token: '',
    });
    expect(onPr.waivers).toBeUndefined();
    const onPush = readInputs(get({}), false, tempDir());
    expect(onPush.changedOnly).toEqual({ value: false, explicit: false });
    expect(onPush.comment).toEqual({ value: false, explicit: false });
  });

  it('reads lists split by commas or newlines, always adds sarif, and finds the default waiver file', () => {
    const workspace = tempDir();
    write(workspace, { '.assay/waivers.yaml': 'waivers: []\n' });
    const inputs = readInputs(
      get({ paths: 'infra,\n k8s \n', formats: 'CSV, junit', 'changed-only': 'False', comment: 'TRUE' }),
      true,
      workspace,
    );
    expect(inputs.paths).toEqual(['infra', 'k8s']);
    expect(inputs.formats).toEqual(['sarif', 'csv', 'junit']);
    expect(inputs.changedOnly).toEqual({ value: false, explicit: true });
    expect(inputs.comment).toEqual({ value: true, explicit: true });
    expect(inputs.waivers).toBe(path.join(workspace, '.assay/waivers.yaml'));
    expect(splitList(' , ,\n')).toEqual([]);
  });

  it.each([
    ['fail-on', 'urgent', /fail-on: unknown value 'urgent'; use one of critical, high, medium, low, info, never/],
    ['changed-only', 'yes', /changed-only: unknown value 'yes'; use true or false/],
    ['comment', '1', /comment: unknown value '1'; use true or false/],
    ['formats', 'sarif,pdf', /formats: unknown format 'pdf'/],
    ['formats', 'table', /formats: unknown format 'table'/],
    ['waivers', 'nope.yaml', /waivers: file 'nope.yaml' does not exist/],
  ])('rejects %s = %s', (name, value, message) => {
    expect(() => readInputs(get({ [name]: value }), true, tempDir())).toThrow(InputError);
    expect(() => readInputs(get({ [name]: value }), true, tempDir())).toThrow(message);
  });
});

describe('git diff parsing', () => {
  it('reads new-side hunk ranges, single lines, and pure deletions as the lines around them', () => {
    const diff = [
      'diff --git a/main.tf b/main.tf',
      '@@ -3,0 +4,2 @@ resource "x" "y" {',
      '@@ -10 +12 @@',
      '@@ -20,3 +21,0 @@',
      '@@ -1,2 +0,0 @@',
      'not a hunk @@ -1 +99 @@',
    ].join('\n');
    expect(parseHunks(diff)).toEqual([
      { start: 4, end: 5 },
      { start: 12, end: 12 },
      { start: 21, end: 22 },
      { start: 1, end: 1 },
    ]);
    expect(parseHunks('')).toEqual([]);
  });

  it('keeps new paths of renames and copies, drops deletions, and ignores a malformed tail', () => {
    const z = ['M', 'a.tf', 'D', 'gone.tf', 'R087', 'old.tf', 'new.tf', 'C100', 'x.yaml', 'y.yaml', 'A', 'b c.tf', 'R1']
      .join('\0')
      .concat('\0');
    expect(parseNameStatus(z)).toEqual([
      { path: 'a.tf' },
      { path: 'new.tf', from: 'old.tf' },
      { path: 'y.yaml', from: 'x.yaml' },
      { path: 'b c.tf' },
    ]);
    expect(parseNameStatus('')).toEqual([]);
  });

  describe('against a real repository', () => {
    let dir: string;
    let base: string;
    beforeAll(() => {
      dir = tempDir();
      git(dir, 'init', '-q', '-b', 'main');
      const lines = Array.from({ length: 30 }, (_, i) => `# line ${i + 1}`);
      write(dir, { 'infra/old.tf': `${lines.join('\n')}\n`, 'infra/removed.tf': '# bye\n', 'keep.yaml': 'a: 1\n' });
      git(dir, 'add', '-A');
      git(dir, 'commit', '-q', '-m', 'base');
      base = git(dir, 'rev-parse', 'HEAD').trim();
      lines[14] = '# changed line 15';
      git(dir, 'mv', 'infra/old.tf', 'infra/renamed.tf');
      git(dir, 'rm', '-q', 'infra/removed.tf');
      write(dir, { 'infra/renamed.tf': `${lines.join('\n')}\n`, 'keep.yaml': 'a: 1\nb: 2\n' });
      git(dir, 'add', '-A');
      git(dir, 'commit', '-q', '-m', 'head');
    });

    it('gives renamed files their new path and only the edited lines', () => {
      const changed = changedFiles(base, 'HEAD', dir);
      expect(changed).toEqual([
        { path: 'infra/renamed.tf', ranges: [{ start: 15, end: 15 }] },
        { path: 'keep.yaml', ranges: [{ start: 2, end: 2 }] },
      ]);
    });

    it('returns paths relative to a root below the repository top', () => {
      expect(changedFiles(base, 'HEAD', path.join(dir, 'infra')).map((c) => c.path)).toEqual([
        'renamed.tf',
        '../keep.yaml',
      ]);
    });

    it('takes file names literally, not as pathspec patterns', () => {
      const repo = tempDir();
      git(repo, 'init', '-q', '-b', 'main');
      const lines = Array.from({ length: 10 }, (_, i) => `# line ${i + 1}`);
      // "[m]ain.tf" as a pattern also matches main.tf; ":(top)x.tf" is pathspec magic.
      write(repo, { 'main.tf': `${lines.join('\n')}\n`, '[m]ain.tf': '# one\n', ':(top)x.tf': '# one\n' });
      git(repo, 'add', '-A');
      git(repo, 'commit', '-q', '-m', 'base');
      const from = git(repo, 'rev-parse', 'HEAD').trim();
      lines[7] = '# changed line 8';
      write(repo, { 'main.tf': `${lines.join('\n')}\n`, '[m]ain.tf': '# one\n# two\n', ':(top)x.tf': '# one\n# 2\n' });
      git(repo, 'commit', '-q', '-a', '-m', 'head');
      expect(changedFiles(from, 'HEAD', repo)).toEqual([
        { path: ':(top)x.tf', ranges: [{ start: 2, end: 2 }] },
        { path: '[m]ain.tf', ranges: [{ start: 2, end: 2 }] },
        { path: 'main.tf', ranges: [{ start: 8, end: 8 }] },
      ]);
    });

    it('says the base is missing, with the fetch-depth hint, for an unknown commit', () => {
      const missing = 'f'.repeat(40);
      expect(() => changedFiles(missing, 'HEAD', dir)).toThrow(MissingBaseError);
      expect(() => changedFiles(missing, 'HEAD', dir)).toThrow(
        /ffffffffffff is not in the local clone.*fetch-depth: 0/,
      );
    });
  });
});

describe('scan scope', () => {
  let root: string;
  beforeAll(() => {
    root = tempDir();
    write(root, {
      'envs/prod/main.tf': 'module "net" {\n  source = "../../modules/net"\n}\n',
      'envs/prod/terraform.tfvars': 'region = "eu-west-1"\n',
      'envs/prod/nested/other.tf': '# a module of its own\n',
      'envs/dev/main.tf': 'module "net" {\n  source    = "../../modules/net"\n}\n',
      'modules/net/main.tf': 'module "sg" {\n  source = "./sg"\n}\n',
      'modules/net/sg/main.tf': 'resource "aws_security_group" "x" {}\n',
      'modules/net/README.md': '# not IaC\n',
      'k8s/app.yaml': 'kind: Deployment\n',
      'k8s/other.yaml': 'kind: Service\n',
      'elsewhere/main.tf': 'module "net" {\n  source = "../modules/net"\n}\n',
      // Not calls: a source line inside a heredoc, and in a file that does not parse.
      'decoy/main.tf': 'locals {\n  doc = <<EOT\nsource = "../modules/net"\nEOT\n}\n',
      'broken/main.tf': 'module "net" {\n  source = "../modules/net"\n',
    });
  });

  it('widens a changed Terraform file to its directory and its module callers (read by the HCL parser), transitively', async () => {
    expect(await scanTargets(['modules/net/sg/main.tf'], ['.'], root)).toEqual([
      'elsewhere/main.tf',
      'envs/dev/main.tf',
      'envs/prod/main.tf',
      'envs/prod/terraform.tfvars',
      'modules/net/main.tf',
      'modules/net/sg/main.tf',
    ]);
  });

  it('reads other formats alone (any other text file for secrets), keeps to the paths input, and ignores deleted files', async () => {
    expect(await scanTargets(['k8s/app.yaml', 'modules/net/README.md', 'gone.tf'], ['.'], root)).toEqual([
      'k8s/app.yaml',
      'modules/net/README.md',
    ]);
    expect(await scanTargets(['modules/net/main.tf'], ['envs', 'modules'], root)).toEqual([
      'envs/dev/main.tf',
      'envs/prod/main.tf',
      'envs/prod/terraform.tfvars',
      'modules/net/main.tf',
    ]);
    expect(await scanTargets(['k8s/app.yaml'], ['envs'], root)).toEqual([]);
    expect(await scanTargets([], ['.'], root)).toEqual([]);
  });
});

describe('annotations', () => {
  const finding = (severity: Severity, n: number, waived = false): Finding =>
    ({
      ruleId: `rule.${severity}`,
      title: `Title ${n}`,
      severity,
      message: `message ${n}`,
      remediation: 'fix it',
      resource: {
        uid: `r${n}`,
        kind: 'storage.bucket',
        name: `b${n}`,
        nativeType: 'aws_s3_bucket',
        provider: 'aws',
        location: { file: 'main.tf', line: n },
      },
      controls: [],
      fingerprint: `fp${n}`,
      ...(waived ? { waiver: { id: 'W', reason: 'r', expires: '2099-01-01', origin: 'w:1', kind: 'file' } } : {}),
    }) as Finding;
  const gap = (reason: ResultGap['reason'], n: number): ResultGap => ({
    id: `gap-${n}`,
    source: 'iac',
    reason,
    file: `bad${n}.tf`,
    line: 2,
    message: `cannot read ${n}`,
  });

  it('maps severities to levels', () => {
    expect(['critical', 'high', 'medium', 'low', 'info'].map((s) => levelOf(s as Severity))).toEqual([
      'error',
      'error',
      'warning',
      'notice',
      'notice',
    ]);
  });

  it('annotates everything that fits, worst first, without an overflow notice; waived findings never', () => {
    const plan = planAnnotations({
      findings: [finding('low', 1), finding('critical', 2), finding('high', 3, true), finding('medium', 4)],
      gaps: [gap('unsupported', 5), gap('parse-error', 6)],
      seeAlso: 'the summary',
    });
    expect(plan.overflow).toBeUndefined();
    expect(plan.notAnnotated).toEqual([]);
    expect(plan.annotations.map((a) => [a.level, a.file, a.startLine])).toEqual([
      ['error', 'main.tf', 2],
      ['warning', 'main.tf', 4],
      ['warning', 'bad6.tf', 2],
      ['warning', 'bad5.tf', 2],
      ['notice', 'main.tf', 1],
    ]);
    expect(plan.annotations[2]!.title).toBe('assay: not scanned (parse-error)');
  });

  it('keeps each level within the per-step limit minus reserved slots and counts the rest', () => {
    const findings = [
      ...Array.from({ length: 14 }, (_, i) => finding('high', i + 1)),
      ...Array.from({ length: 12 }, (_, i) => finding('low', 100 + i)),
    ];
    const plan = planAnnotations({ findings, gaps: [], reserved: { error: 1 }, seeAlso: 'the job summary' });
    const count = (level: string) => plan.annotations.filter((a) => a.level === level).length;
    expect(count('error')).toBe(PER_STEP_LIMIT - 1);
    // One notice slot goes to the overflow notice itself.
    expect(count('notice')).toBe(PER_STEP_LIMIT - 1);
    expect(plan.omitted).toEqual({ error: 5, warning: 0, notice: 3 });
    expect(plan.notAnnotated.map((a) => a.startLine)).toEqual([10, 11, 12, 13, 14, 109, 110, 111]);
    expect(plan.overflow?.level).toBe('notice');
    expect(plan.overflow?.message).toMatch(
      /^8 more findings or gaps \(5 error, 3 notice\) not annotated: .*the job summary\.$/,
    );
  });

  it('never gives a level a negative budget', () => {
    const plan = planAnnotations({ findings: [finding('high', 1)], gaps: [], reserved: { error: 20 }, seeAlso: 'x' });
    expect(plan.annotations).toEqual([]);
    expect(plan.omitted.error).toBe(1);
  });
});

describe('filtering results to changed lines', () => {
  let results: Results;
  beforeAll(async () => {
    results = await sampleResults();
  });

  it('keeps counts, severity tallies and references consistent', () => {
    const keepFile = results.findings[0]!.resource.location.file;
    const filtered = filterResults(
      results,
      (f) => f.resource.location.file === keepFile,
      () => false,
    );
    const open = filtered.findings.filter((f) => !f.waiver);
    expect(filtered.findings.length).toBeGreaterThan(0);
    expect(filtered.findings.length).toBeLessThan(results.findings.length);
    expect(filtered.summary.findings).toBe(filtered.findings.length);
    expect(filtered.summary.open).toBe(open.length);
    expect(filtered.summary.waived).toBe(filtered.findings.length - open.length);
    expect(Object.values(filtered.summary.bySeverity).reduce((a, b) => a + b, 0)).toBe(open.length);
    expect(filtered.summary.gaps).toBe(0);
    const fingerprints = new Set(filtered.findings.map((f) => f.fingerprint));
    for (const fw of filtered.frameworks) {
      for (const c of fw.controls) {
        expect(c.findings.every((fp) => fingerprints.has(fp))).toBe(true);
        expect(c.gaps).toEqual([]);
      }
    }
    for (const w of filtered.waivers) expect(w.findings.every((fp) => fingerprints.has(fp))).toBe(true);
    // The input is not changed.
    expect(results.summary.findings).toBe(results.findings.length);
  });

  it('says in a failing control why some of its findings are not listed', () => {
    const filtered = filterResults(results, () => false);
    const failing = filtered.frameworks.flatMap((fw) => fw.controls).filter((c) => c.status === 'fail');
    expect(failing.length).toBeGreaterThan(0);
    for (const c of failing) expect(c.statusReason).toMatch(/ Of these, \d+ (is|are) outside the changed lines/);
    expect(filtered.summary).toMatchObject({ findings: 0, open: 0, waived: 0 });
  });

  it('keeps findings on changed lines or in resources whose definition overlaps a change', () => {
    const target = results.findings.find((f) => !f.waiver && f.resource.location.file)!;
    const file = target.resource.location.file!;
    const definition = results.resources.find((r) => r.uid === target.resource.uid)!.location;
    const { keep, keepGap } = changedLinesFilter(
      [{ path: file, ranges: [{ start: definition.line!, end: definition.line! }] }],
      results,
    );
    expect(keep(target)).toBe(true);
    const { keep: elsewhere } = changedLinesFilter(
      [{ path: file, ranges: [{ start: 100_000, end: 100_001 }] }],
      results,
    );
    expect(elsewhere(target)).toBe(false);
    const { keep: otherFile } = changedLinesFilter(
      [{ path: `${file}.other`, ranges: [{ start: 1, end: 1e6 }] }],
      results,
    );
    expect(otherFile(target)).toBe(false);
    expect(keepGap({ id: 'gap-1', source: 'iac', reason: 'parse-error', file, message: 'x' })).toBe(true);
    expect(keepGap({ id: 'gap-2', source: 'iac', reason: 'parse-error', file: 'unchanged.tf', message: 'x' })).toBe(
      false,
    );
    expect(keepGap({ id: 'gap-3', source: 'iac', reason: 'other', message: 'whole scan' })).toBe(true);
  });
});

// The Actions token may not read /user (HTTP 403 "Resource not accessible by integration").
const actionsToken = {
  getAuthenticated: async (): Promise<{ data: { login: string } }> => {
    throw Object.assign(new Error('Resource not accessible by integration'), { status: 403 });
  },
};

describe('the pull request comment', () => {
  it('puts the marker first and stays under GitHub’s limit', () => {
    expect(commentBody('hello')).toBe(`${COMMENT_MARKER}\nhello`);
    const long = commentBody('x'.repeat(100_000));
    expect(long.length).toBeLessThanOrEqual(COMMENT_MAX_CHARS);
    expect(long.startsWith(COMMENT_MARKER)).toBe(true);
    expect(long).toContain('**Truncated**');
  });

  it('finds our comment by marker, written by a bot', () => {
    const comments = [
      { id: 1, body: 'unrelated', user: { login: 'octocat', type: 'User' }, html_url: 'u1' },
      { id: 2, body: `quoting ${COMMENT_MARKER}`, user: { login: 'octocat', type: 'User' }, html_url: 'u2' },
      { id: 3, body: `${COMMENT_MARKER}\nreport`, user: { login: 'github-actions[bot]', type: 'Bot' }, html_url: 'u3' },
      { id: 4, body: null, user: null, html_url: 'u4' },
    ];
    expect(findOwnComment(comments)?.id).toBe(3);
    expect(findOwnComment([comments[0]!, comments[3]!])).toBeUndefined();
  });

  it('never takes another user’s comment that carries the marker for its own', () => {
    const spoof = {
      id: 7,
      body: `${COMMENT_MARKER}\nfake report`,
      user: { login: 'mallory', type: 'User' },
      html_url: 'u7',
    };
    const botQuoting = {
      id: 8,
      body: `> ${COMMENT_MARKER}`,
      user: { login: 'other[bot]', type: 'Bot' },
      html_url: 'u8',
    };
    expect(findOwnComment([spoof])).toBeUndefined();
    expect(findOwnComment([spoof, botQuoting])).toBeUndefined();
  });

  it('with a personal token, updates the comment its own user wrote and nobody else’s', async () => {
    const calls: string[] = [];
    const client: CommentClient = {
      paginate: async () => [
        { id: 7, body: COMMENT_MARKER, user: { login: 'mallory', type: 'User' }, html_url: 'h7' },
        { id: 8, body: COMMENT_MARKER, user: { login: 'github-actions[bot]', type: 'Bot' }, html_url: 'h8' },
        { id: 9, body: `${COMMENT_MARKER}\nold`, user: { login: 'deploy-bot-user', type: 'User' }, html_url: 'h9' },
      ],
      rest: {
        users: { getAuthenticated: async () => ({ data: { login: 'deploy-bot-user' } }) },
        issues: {
          createComment: async () => {
            calls.push('create');
            return { data: { id: 10, html_url: 'h10' } };
          },
          updateComment: async (params) => {
            calls.push(`update ${params.comment_id}`);
            return { data: { id: params.comment_id, html_url: `h${params.comment_id}` } };
          },
        },
      },
    };
    expect((await upsertComment(client, { owner: 'o', repo: 'r', issueNumber: 1 }, 'body')).id).toBe(9);
    expect(calls).toEqual(['update 9']);
  });

  it('creates a new comment when only someone else’s carries the marker', async () => {
    const calls: string[] = [];
    const client: CommentClient = {
      paginate: async () => [{ id: 7, body: COMMENT_MARKER, user: { login: 'mallory', type: 'User' }, html_url: 'h7' }],
      rest: {
        users: actionsToken,
        issues: {
          createComment: async () => {
            calls.push('create');
            return { data: { id: 9, html_url: 'h9' } };
          },
          updateComment: async (params) => {
            calls.push(`update ${params.comment_id}`);
            return { data: { id: params.comment_id, html_url: 'h7' } };
          },
        },
      },
    };
    expect((await upsertComment(client, { owner: 'o', repo: 'r', issueNumber: 1 }, 'body')).action).toBe('created');
    expect(calls).toEqual(['create']);
  });

  it('updates the existing comment instead of creating another', async () => {
    const calls: string[] = [];
    const client: CommentClient = {
      paginate: async () => [{ id: 5, body: COMMENT_MARKER, user: { login: 'b', type: 'Bot' }, html_url: 'h5' }],
      rest: {
        users: actionsToken,
        issues: {
          createComment: async () => {
            calls.push('create');
            return { data: { id: 6, html_url: 'h6' } };
          },
          updateComment: async (params) => {
            calls.push(`update ${params.comment_id}`);
            return { data: { id: params.comment_id, html_url: 'h5' } };
          },
        },
      },
    };
    expect(await upsertComment(client, { owner: 'o', repo: 'r', issueNumber: 1 }, 'body')).toEqual({
      action: 'updated',
      id: 5,
      url: 'h5',
    });
    expect(calls).toEqual(['update 5']);
  });

  it('describes API errors by request and status, and errors without a response too', () => {
    const error = Object.assign(new Error('Not Found\nmore'), {
      status: 404,
      request: { method: 'GET', url: 'http://127.0.0.1:1/repos/o/r/issues/1/comments?per_page=100' },
    });
    expect(describeApiError(error)).toBe(
      'GET /repos/o/r/issues/1/comments failed: HTTP 404: Not Found (the pull request or repository was not found with this token)',
    );
    expect(describeApiError(new Error('connect ECONNREFUSED'))).toBe(
      'GitHub API failed: no response: connect ECONNREFUSED',
    );
  });
});

describe('the event payload', () => {
  const withPayload = (text: string | undefined, name = 'pull_request') => {
    const dir = tempDir();
    if (text === undefined) return readEvent({ GITHUB_EVENT_NAME: name });
    writeFileSync(path.join(dir, 'event.json'), text);
    return readEvent({ GITHUB_EVENT_NAME: name, GITHUB_EVENT_PATH: path.join(dir, 'event.json') });
  };

  it('reads the pull request number and commits', () => {
    const sha = 'a'.repeat(40);
    expect(withPayload(JSON.stringify({ pull_request: { number: 3, base: { sha }, head: { sha } } }))).toEqual({
      name: 'pull_request',
      pullRequest: { number: 3, baseSha: sha, headSha: sha },
    });
  });

  it('reports malformed or missing payloads instead of throwing', () => {
    expect(withPayload('{ nope')?.problem).toMatch(/could not be read/);
    expect(withPayload(JSON.stringify({ pull_request: { number: 'seven' } }))?.problem).toBe(
      'the event has a pull_request without a valid number',
    );
    expect(withPayload(undefined)).toEqual({ name: 'pull_request', problem: 'GITHUB_EVENT_PATH is not set' });
    expect(withPayload('null', 'push')).toEqual({ name: 'push' });
    // A SHA that is not hex is ignored rather than passed to git.
    expect(withPayload(JSON.stringify({ pull_request: { number: 1, base: { sha: '--output=x' } } }))).toEqual({
      name: 'pull_request',
      pullRequest: { number: 1 },
    });
  });
});

describe('logText', () => {
  it('percent-encodes %, CR and LF so repository text stays on one log line', () => {
    expect(logText('a\n::error file=y::b')).toBe('a%0A::error file=y::b');
    expect(logText('100%\r\n')).toBe('100%25%0D%0A');
    expect(logText('%0A')).toBe('%250A');
    expect(logText('plain: text, kept')).toBe('plain: text, kept');
  });
});
