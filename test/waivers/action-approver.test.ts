// In the GitHub Action on a pull request, an inline assay:ignore without approver= is accepted by
// the pull request's review: the pull request is recorded as its approver. Outside a pull request
// the same comment is an invalid waiver. Runs the Action from its sources as a runner would.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Results } from '../../src/model/results.ts';
import { defaultInputs, fixtures, makeRepo, pullRequestEvent, runAction, type TempRepo } from '../action/harness.ts';

const temps: TempRepo[] = [];
afterAll(() => {
  for (const repo of temps) rmSync(repo.dir, { recursive: true, force: true });
});

const WAIVED = `# assay:ignore * reason="bastion, reviewed in this pull request" expires=2999-01-01
resource "aws_security_group" "bastion" {
  name = "bastion"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`;

function inlineWaivers(repo: TempRepo): Results['waivers'] {
  const results = JSON.parse(readFileSync(path.join(repo.dir, 'assay-results/results.json'), 'utf8')) as Results;
  return results.waivers.filter((w) => w.origin.startsWith('infra/bastion.tf'));
}

describe('inline waiver approver in the Action', () => {
  it('records the pull request as the approver of a comment that names none', async () => {
    const repo = makeRepo({ extra: { 'infra/bastion.tf': WAIVED } });
    temps.push(repo);
    const run = await runAction({
      cwd: repo.dir,
      eventName: 'pull_request',
      event: pullRequestEvent(repo),
      inputs: { ...defaultInputs(), 'fail-on': 'never', comment: 'false' },
      fromSource: true,
    });
    expect(run.code, run.stdout).toBe(0);
    const [waiver] = inlineWaivers(repo);
    expect(waiver).toMatchObject({ state: 'applied', approver: 'pull request #7' });
  });

  it('reports the same comment as invalid on a push, where no review approved it', async () => {
    const repo = makeRepo({ extra: { 'infra/bastion.tf': WAIVED } });
    temps.push(repo);
    await runAction({
      cwd: repo.dir,
      eventName: 'push',
      event: readFileSync(path.join(fixtures, 'push.json'), 'utf8'),
      inputs: { ...defaultInputs(), 'fail-on': 'never' },
      fromSource: true,
    });
    const [waiver] = inlineWaivers(repo);
    expect(waiver?.state).toBe('invalid');
    expect(waiver?.message).toContain('approver');
  });
});
