// Repository content in the job log: a file or resource name that holds a newline and a workflow
// command must stay text. The runner reads every stdout line that starts with `::` as a command,
// so an unescaped name could add annotations, mask values or stop the log. Runs the sources (the
// bundle in dist/action is rebuilt after merging).
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ActionRun, defaultInputs, fixtures, makeRepo, runAction, type TempRepo } from './harness.ts';

const INJECTED_FILE = 'x\n::error file=y::INJECTED.tf';
const VOLUME =
  'resource "aws_ebs_volume" "v" {\n  availability_zone = "eu-west-1a"\n  size = 1\n  encrypted = false\n}\n';
// A Kubernetes object whose name carries a newline and a command: content, not only names, reaches the log.
const DEPLOYMENT = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: "p\\n::warning file=z::INJECTED-NAME\\r\\n::add-mask::x"',
  'spec:',
  '  containers:',
  '    - name: c',
  '      image: nginx',
  '      securityContext:',
  '        privileged: true',
  '',
].join('\n');

let repo: TempRepo;
let run: ActionRun;

beforeAll(async () => {
  repo = makeRepo({ extra: { [`infra/${INJECTED_FILE}`]: VOLUME, 'k8s/evil.yaml': DEPLOYMENT } });
  run = await runAction({
    cwd: repo.dir,
    eventName: 'push',
    event: readFileSync(path.join(fixtures, 'push.json'), 'utf8'),
    inputs: { ...defaultInputs(), 'fail-on': 'never' },
    fromSource: true,
  });
}, 120_000);

afterAll(() => rmSync(repo.dir, { recursive: true, force: true }));

describe('workflow commands from repository content', () => {
  it('scans the file with the injected name (so its name does reach the log)', () => {
    expect(run.code).toBe(0);
    const results = JSON.parse(readFileSync(path.join(repo.dir, 'assay-results/results.json'), 'utf8'));
    expect(JSON.stringify(results.findings)).toContain(JSON.stringify(`infra/${INJECTED_FILE}`).slice(1, -1));
  });

  it('lets no line of stdout start a command that the Action did not issue', () => {
    const forged = run.commands.filter(
      (c) =>
        c.properties.file === 'y' ||
        c.properties.file === 'z' ||
        (c.command === 'add-mask' && c.message !== defaultInputs()['github-token']) ||
        c.message.startsWith('INJECTED'),
    );
    expect(forged).toEqual([]);
  });

  it('keeps the names readable in the log, escaped as the runner escapes command values', () => {
    expect(run.stdout).toContain('infra/x%0A::error file=y::INJECTED.tf:');
    expect(run.stdout).not.toMatch(/^::error file=y::/m);
  });

  it('gives the annotation of a finding in that file the whole name as its file property', () => {
    const annotated = run.commands.filter((c) => c.properties.file?.startsWith('infra/x'));
    expect(annotated.length).toBeGreaterThan(0);
    for (const c of annotated) expect(c.properties.file).toBe(`infra/${INJECTED_FILE}`);
  });
});
