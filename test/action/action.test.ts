// The Action end to end, run as a runner runs it: a child process in a temporary git repository
// with a base and a head commit, a pull_request or push event payload, and the GitHub API faked
// on loopback. Assertions read what a runner reads: workflow commands on stdout, the step summary
// and output files, the exit code, the reports, and the API requests.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ActionRun,
  defaultInputs,
  type FakeGitHub,
  fakeGitHub,
  fixtures,
  git,
  makeRepo,
  pullRequestEvent,
  runAction,
  type TempRepo,
  type WorkflowCommand,
} from './harness.ts';

const TOKEN = 'ghs_fakeTokenForTests000000000000000000';
const temps: string[] = [];

function repo(options?: Parameters<typeof makeRepo>[0]): TempRepo {
  const made = makeRepo(options);
  temps.push(made.dir);
  return made;
}

function annotations(run: ActionRun, level: 'error' | 'warning' | 'notice'): WorkflowCommand[] {
  return run.commands.filter((c) => c.command === level);
}

/** `file:line` of every annotation of a level that names a file. */
function locations(run: ActionRun, level: 'error' | 'warning' | 'notice'): string[] {
  return annotations(run, level)
    .filter((c) => c.properties.file)
    .map((c) => `${c.properties.file}:${c.properties.line}`)
    .sort();
}

function sarifResults(dir: string): { ruleId: string; locations: unknown[] }[] {
  const sarif = JSON.parse(readFileSync(path.join(dir, 'assay-results/results.sarif'), 'utf8'));
  expect(sarif.version).toBe('2.1.0');
  return sarif.runs[0].results;
}

function which(tool: string): string {
  return execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim();
}

afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('pull request, changed lines only', () => {
  let api: FakeGitHub;
  let pr: TempRepo;
  let first: ActionRun;

  beforeAll(async () => {
    api = await fakeGitHub();
    pr = repo();
    first = await runAction({
      cwd: pr.dir,
      eventName: 'pull_request',
      event: pullRequestEvent(pr),
      inputs: defaultInputs(TOKEN),
      apiUrl: api.url,
    });
  });
  afterAll(() => api.close());

  it('annotates only findings on the lines the pull request changed, most severe as errors', () => {
    // Critical/high: the open security group (39), the public ACL (23), the bucket (19); the bucket's
    // encryption is S3's SSE-S3 default (its customer-managed-key finding is a low notice).
    expect(locations(first, 'error')).toEqual(['infra/main.tf:19', 'infra/main.tf:23', 'infra/main.tf:39']);
    // Medium: logging and versioning on the bucket (19), Block Public Access turned off (30).
    expect(locations(first, 'warning')).toEqual(['infra/main.tf:19', 'infra/main.tf:19', 'infra/main.tf:30']);
    const ssh = annotations(first, 'error').find((c) => c.properties.line === '39')!;
    expect(ssh.properties.title).toMatch(/^network\.admin_ports_restricted \(critical\): /);
    expect(ssh.message).toContain('0.0.0.0/0');
    // The unencrypted volume in legacy.tf predates the pull request.
    expect(first.stdout).not.toContain('file=infra/legacy.tf');
  });

  it('fails the step because findings reach fail-on, saying how many', () => {
    expect(first.code).toBe(1);
    const failure = annotations(first, 'error').find((c) => !c.properties.file)!;
    expect(failure.message).toBe('assay: 7 open finding(s) (2 critical, 1 high, 3 medium, 1 low); fail-on is high');
  });

  it('writes the job summary with the scope and the findings left out', () => {
    expect(first.summary).toMatch(/^## assay compliance summary\n/);
    expect(first.summary).toContain('**Scope:** 1 changed IaC file');
    expect(first.summary).toContain('(1 open finding outside them left out)');
    expect(first.summary).toContain('**7 open findings** (2 critical, 1 high, 3 medium, 1 low)');
    expect(first.summary).toContain('[Full report](https://github.com/o/r/actions/runs/4242)');
    expect(first.summary).not.toContain('legacy');
  });

  it('sets the outputs', () => {
    expect(first.outputs.findings).toBe('7');
    expect(first.outputs['sarif-file']).toBe('assay-results/results.sarif');
    expect(first.outputs['report-dir']).toBe('assay-results');
    const controls = first.outputs['failed-controls']!.split(',');
    expect(controls).toContain('iso27001:8.20');
    expect(controls.every((c) => /^[a-z0-9-]+:[A-Za-z0-9.]+$/.test(c))).toBe(true);
  });

  it('writes the reports with the reported findings, SARIF for upload-sarif included', () => {
    expect(sarifResults(pr.dir)).toHaveLength(7);
    for (const file of ['report.md', 'report.html', 'results.json', 'manifest.json']) {
      expect(existsSync(path.join(pr.dir, 'assay-results', file))).toBe(true);
    }
    const results = JSON.parse(readFileSync(path.join(pr.dir, 'assay-results/results.json'), 'utf8'));
    expect(results.summary.open).toBe(7);
    expect(results.findings.some((f: { resource: { name: string } }) => f.resource.name === 'legacy')).toBe(false);
    // The Kubernetes manifest did not change, so it was not scanned.
    expect(JSON.stringify(results.resources)).not.toContain('k8s/deploy.yaml');
  });

  it('masks the token and never prints it otherwise', () => {
    const lines = first.stdout.split('\n').filter((l) => l.includes(TOKEN));
    expect(lines).toEqual([`::add-mask::${TOKEN}`]);
    expect(first.stderr).not.toContain(TOKEN);
  });

  it('creates one comment on the first run and updates that same comment on the next', async () => {
    const posts = api.requests.filter((r) => r.method === 'POST');
    expect(posts.map((r) => r.url)).toEqual(['/repos/o/r/issues/7/comments']);
    expect(posts[0]!.headers.authorization).toBe(`token ${TOKEN}`);
    const created = (posts[0]!.body as { body: string }).body;
    expect(created.startsWith('<!-- assay:report -->\n## assay compliance summary')).toBe(true);
    const id = api.comments.get(7)![0]!.id;

    const second = await runAction({
      cwd: pr.dir,
      eventName: 'pull_request',
      event: pullRequestEvent(pr),
      inputs: defaultInputs(TOKEN),
      apiUrl: api.url,
    });
    expect(second.code).toBe(1);
    expect(api.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    const patches = api.requests.filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => r.url)).toEqual([`/repos/o/r/issues/comments/${id}`]);
    expect(api.comments.get(7)).toHaveLength(1);
    expect(second.stdout).toContain(`updated pull request comment ${id}`);
  });
});

describe('pull request, other modes and limits', () => {
  it('reports every finding of the scanned files with changed-only false', async () => {
    const pr = repo();
    const run = await runAction({
      cwd: pr.dir,
      eventName: 'pull_request',
      event: pullRequestEvent(pr),
      inputs: { ...defaultInputs(TOKEN), 'changed-only': 'false', comment: 'false' },
    });
    expect(run.code).toBe(1);
    expect(locations(run, 'error')).toContain('infra/legacy.tf:4');
    expect(run.outputs.findings).toBe('8');
    expect(run.summary).toContain('every finding in those files reported (changed-only is off)');
    expect(sarifResults(pr.dir)).toHaveLength(8);
  });

  it('annotates at most 10 errors per step and sums up the rest in one notice and the summary', async () => {
    const volumes = Array.from(
      { length: 12 },
      (_, i) => `resource "aws_ebs_volume" "v${i}" {\n  availability_zone = "eu-west-1a"\n  size = 1\n}\n`,
    ).join('\n');
    const pr = repo({ extra: { 'infra/volumes.tf': volumes } });
    const run = await runAction({
      cwd: pr.dir,
      eventName: 'pull_request',
      event: pullRequestEvent(pr),
      inputs: { ...defaultInputs(TOKEN), comment: 'false' },
    });
    expect(run.code).toBe(1);
    // 15 critical/high findings: 9 annotated, the 10th error slot is the failure message.
    const errors = annotations(run, 'error');
    expect(errors).toHaveLength(10);
    expect(errors.filter((c) => c.properties.file)).toHaveLength(9);
    expect(errors.filter((c) => c.properties.title?.includes('(critical)'))).toHaveLength(2);
    // The bucket's low customer-managed-key finding, and the overflow notice.
    const notices = annotations(run, 'notice').filter((c) => !c.properties.file);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.message).toMatch(/^6 more findings or gaps \(6 error\) not annotated: GitHub shows at most 10/);
    expect(notices[0]!.message).toContain('assay-results/results.sarif');
    expect(run.summary).toContain('### Not annotated (6)');
    // Within a severity, results order (rule id, then file) decides: storage.* on main.tf come last.
    expect(run.summary.match(/^\| error \| infra\/volumes\.tf:\d+ \|/gm)).toHaveLength(5);
    expect(run.summary.match(/^\| error \| infra\/main\.tf:19 \|/gm)).toHaveLength(1);
    expect(run.outputs.findings).toBe('19');
  });

  it('falls back to a full scan, with a clear warning, when a shallow clone lacks the base commit', async () => {
    const origin = repo();
    const shallow = path.join(os.tmpdir(), `assay-shallow-${process.pid}-${Date.now()}`);
    temps.push(shallow);
    git(os.tmpdir(), 'clone', '-q', '--depth', '1', '--branch', 'feature', `file://${origin.dir}`, shallow);
    const run = await runAction({
      cwd: shallow,
      eventName: 'pull_request',
      event: pullRequestEvent(origin),
      inputs: { ...defaultInputs(TOKEN), comment: 'false' },
    });
    expect(run.code).toBe(1);
    const warning = annotations(run, 'warning').find((c) => c.message.includes('fetch-depth: 0'));
    expect(warning?.message).toContain(`base commit ${origin.base.slice(0, 12)} is not in the local clone`);
    expect(run.summary).toContain('**Full scan instead of changed lines:**');
    expect(locations(run, 'error')).toContain('infra/legacy.tf:4');
  });

  it('warns naming the endpoint and status when the API refuses the comment; the scan decides the exit', async () => {
    const api = await fakeGitHub();
    api.failCreate = 403;
    try {
      const pr = repo();
      const run = await runAction({
        cwd: pr.dir,
        eventName: 'pull_request',
        event: pullRequestEvent(pr),
        inputs: { ...defaultInputs(TOKEN), 'fail-on': 'never' },
        apiUrl: api.url,
      });
      expect(run.code).toBe(0);
      const warning = annotations(run, 'warning').find((c) => c.message.includes('comment'));
      expect(warning?.message).toMatch(/POST \/repos\/o\/r\/issues\/7\/comments failed: HTTP 403/);
      expect(warning?.message).toContain('read-only token');
      expect(run.outputs.findings).toBe('7');
    } finally {
      await api.close();
    }
  });

  it('reports an event whose pull request has no comment token, then fails the step', async () => {
    const pr = repo();
    const run = await runAction({
      cwd: pr.dir,
      eventName: 'pull_request',
      event: pullRequestEvent(pr),
      inputs: { ...defaultInputs(''), comment: 'true', 'fail-on': 'never' },
    });
    expect(run.code).toBe(1);
    const failure = annotations(run, 'error').find((c) => !c.properties.file)!;
    expect(failure.message).toContain('comment is true but github-token is empty');
    // The scan itself was still reported.
    expect(existsSync(path.join(pr.dir, 'assay-results/results.sarif'))).toBe(true);
    expect(run.summary).toContain('## assay compliance summary');
    expect(locations(run, 'error')).toContain('infra/main.tf:39');
  });
});

describe('events without a pull request', () => {
  it('scans everything on push, warns that there is nothing to comment on, and calls no API', async () => {
    const api = await fakeGitHub();
    try {
      const pushed = repo();
      const run = await runAction({
        cwd: pushed.dir,
        eventName: 'push',
        event: readFileSync(path.join(fixtures, 'push.json'), 'utf8'),
        inputs: { ...defaultInputs(TOKEN), comment: 'true', 'changed-only': 'true' },
        apiUrl: api.url,
      });
      expect(run.code).toBe(1);
      expect(api.requests).toEqual([]);
      expect(annotations(run, 'warning').map((c) => c.message)).toContain(
        'comment: true, but the push event has no pull request to comment on',
      );
      expect(annotations(run, 'notice').map((c) => c.message)).toContain(
        'changed-only applies to pull requests; the push event gets a full scan',
      );
      expect(locations(run, 'error')).toContain('infra/legacy.tf:4');
      expect(run.summary).toContain('**Scope:** full scan of .');
      const results = JSON.parse(readFileSync(path.join(pushed.dir, 'assay-results/results.json'), 'utf8'));
      expect(JSON.stringify(results.resources)).toContain('k8s/deploy.yaml');
    } finally {
      await api.close();
    }
  });

  it('writes reports to output-dir on a schedule with a passing threshold', async () => {
    const scheduled = repo();
    const run = await runAction({
      cwd: scheduled.dir,
      eventName: 'schedule',
      event: JSON.stringify({ schedule: '0 6 * * 1' }),
      inputs: { ...defaultInputs(TOKEN), 'fail-on': 'critical', formats: 'csv', 'output-dir': 'out/assay' },
    });
    expect(run.code).toBe(1); // the open security group is critical
    for (const file of ['results.sarif', 'findings.csv', 'results.json']) {
      expect(existsSync(path.join(scheduled.dir, 'out/assay', file))).toBe(true);
    }
    expect(existsSync(path.join(scheduled.dir, 'out/assay/report.html'))).toBe(false);
    expect(run.outputs['sarif-file']).toBe('out/assay/results.sarif');
  });

  it('warns about an unreadable event payload and still scans', async () => {
    const scanned = repo();
    const run = await runAction({
      cwd: scanned.dir,
      eventName: 'pull_request',
      event: '{ "pull_request": ',
      inputs: { ...defaultInputs(TOKEN), 'fail-on': 'never' },
    });
    expect(run.code).toBe(0);
    expect(annotations(run, 'warning')[0]!.message).toMatch(/^the event payload .* could not be read: /);
    expect(run.outputs.findings).toBe('8');
  });
});

describe('policies input', () => {
  it('without opa: names setup-opa, still reports the scan with the built-in rules, and fails', async () => {
    const pr = repo({
      extra: {
        'my-rules/team.rego': 'package assay.rules.team.example\n\ndeny contains x if {\n\tfalse\n\tx := 1\n}\n',
      },
    });
    // PATH holds node, git and sh only, and TMPDIR is fresh: no opa anywhere the Action looks.
    const bin = mkdtempSync(path.join(os.tmpdir(), 'assay-bin-'));
    temps.push(bin);
    for (const tool of ['node', 'git', 'sh']) symlinkSync(which(tool), path.join(bin, tool));
    const run = await runAction({
      cwd: pr.dir,
      eventName: 'pull_request',
      event: pullRequestEvent(pr),
      inputs: { ...defaultInputs(TOKEN), policies: 'my-rules', comment: 'false', 'fail-on': 'never' },
      env: { PATH: bin, TMPDIR: bin },
    });
    expect(run.code).toBe(1);
    const failure = annotations(run, 'error').find((c) => !c.properties.file)!;
    expect(failure.message).toContain('the policies input could not be used, so only the built-in rules ran');
    expect(failure.message).toContain('open-policy-agent/setup-opa');
    expect(run.outputs.findings).toBe('7');
    expect(sarifResults(pr.dir)).toHaveLength(7);
  });
});

describe('bad inputs', () => {
  it.each([
    ['fail-on', 'urgent', "input fail-on: unknown value 'urgent'; use one of critical, high, medium, low, info, never"],
    ['changed-only', 'maybe', "input changed-only: unknown value 'maybe'; use true or false"],
    [
      'formats',
      'table',
      "input formats: unknown format 'table'; use any of json, sarif, html, markdown, csv, junit, oscal",
    ],
    ['frameworks', 'nist', 'input frameworks: unknown framework nist; use any of'],
    ['waivers', 'missing.yaml', "input waivers: file 'missing.yaml' does not exist"],
  ])('%s: %s stops the run before scanning, naming the input and the allowed values', async (name, value, message) => {
    const pr = repo();
    const run = await runAction({
      cwd: pr.dir,
      eventName: 'pull_request',
      event: pullRequestEvent(pr),
      inputs: { ...defaultInputs(TOKEN), [name]: value },
    });
    expect(run.code).toBe(1);
    const errors = annotations(run, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain(`assay: ${message}`);
    expect(existsSync(path.join(pr.dir, 'assay-results'))).toBe(false);
    expect(run.outputs).toEqual({});
  });
});
