// Provenance is read from the variables each CI system documents and from a real git checkout;
// what is found nowhere is recorded as unknown (null), and a token in a clone URL never survives.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readProvenance, withoutCredentials } from '../../src/pipeline/provenance.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function gitRepo(remote: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'assay-prov-'));
  dirs.push(dir);
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir }).toString();
  git('init', '-q', '-b', 'feature/audit');
  git('remote', 'add', 'origin', remote);
  writeFileSync(path.join(dir, 'main.tf'), 'resource "x" "y" {}\n');
  git('add', 'main.tf');
  git('commit', '-q', '-m', 'first');
  return dir;
}

describe('readProvenance', () => {
  it('reads GitHub Actions variables, and the head branch of a pull request', async () => {
    const p = await readProvenance({
      git: false,
      host: 'runner',
      env: {
        GITHUB_ACTIONS: 'true',
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_REPOSITORY: 'acme/infra',
        GITHUB_SHA: 'abc123',
        GITHUB_REF_NAME: '17/merge',
        GITHUB_HEAD_REF: 'fix-bucket',
        GITHUB_RUN_ID: '99',
        GITHUB_RUN_ATTEMPT: '2',
        GITHUB_ACTOR: 'alice',
      },
    });
    expect(p).toMatchObject({
      repository: 'https://github.com/acme/infra',
      commit: 'abc123',
      branch: 'fix-bucket',
      ciSystem: 'github-actions',
      runId: '99/2',
      runUrl: 'https://github.com/acme/infra/actions/runs/99',
      actor: 'alice',
      host: 'runner',
    });
    expect(p.from.commit).toBe('GITHUB_SHA');
  });

  it.each([
    [
      'gitlab-ci',
      {
        GITLAB_CI: 'true',
        CI_PROJECT_URL: 'https://gitlab.example.com/g/p',
        CI_COMMIT_SHA: 'c1',
        CI_COMMIT_BRANCH: 'main',
        CI_JOB_ID: '7',
        CI_JOB_URL: 'https://gitlab.example.com/g/p/-/jobs/7',
        GITLAB_USER_LOGIN: 'bob',
      },
      { repository: 'https://gitlab.example.com/g/p', commit: 'c1', branch: 'main', runId: '7', actor: 'bob' },
    ],
    [
      'azure-pipelines',
      {
        TF_BUILD: 'True',
        BUILD_REPOSITORY_URI: 'https://dev.azure.com/o/p/_git/r',
        BUILD_SOURCEVERSION: 'c2',
        BUILD_SOURCEBRANCH: 'refs/heads/release',
        BUILD_BUILDID: '12',
        SYSTEM_COLLECTIONURI: 'https://dev.azure.com/o/',
        SYSTEM_TEAMPROJECT: 'p',
        BUILD_REQUESTEDFOR: 'Carol',
      },
      { branch: 'release', runUrl: 'https://dev.azure.com/o/p/_build/results?buildId=12', actor: 'Carol' },
    ],
    [
      'jenkins',
      {
        JENKINS_URL: 'https://ci.example.com/',
        BUILD_URL: 'https://ci.example.com/job/x/3/',
        BUILD_TAG: 'jenkins-x-3',
        GIT_COMMIT: 'c3',
        GIT_BRANCH: 'origin/main',
        GIT_URL: 'https://deploy:hunter2hunter2@git.example.com/x.git',
      },
      { commit: 'c3', runId: 'jenkins-x-3', repository: 'https://git.example.com/x.git', actor: null },
    ],
    [
      'circleci',
      {
        CIRCLECI: 'true',
        CIRCLE_SHA1: 'c4',
        CIRCLE_BRANCH: 'dev',
        CIRCLE_BUILD_NUM: '5',
        CIRCLE_BUILD_URL: 'https://circleci.com/gh/a/b/5',
        CIRCLE_USERNAME: 'dave',
        CIRCLE_REPOSITORY_URL: 'git@github.com:a/b.git',
      },
      { commit: 'c4', runId: '5', actor: 'dave', repository: 'git@github.com:a/b.git' },
    ],
  ])('reads %s variables; an actor the system does not state stays unknown', async (system, env, expected) => {
    const p = await readProvenance({ git: false, host: 'h', env });
    expect(p.ciSystem).toBe(system);
    expect(p).toMatchObject(expected);
  });

  it('records unknown, never a guess, when neither CI nor git says anything', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'assay-prov-none-'));
    dirs.push(dir);
    const p = await readProvenance({ env: {}, cwd: dir, host: 'h' });
    expect(p).toMatchObject({
      repository: null,
      commit: null,
      branch: null,
      ciSystem: null,
      runId: null,
      runUrl: null,
    });
    expect(p.from.commit).toBeUndefined();
  });

  it('reads a local checkout with git: commit, branch, origin without its token, uncommitted changes', async () => {
    const dir = gitRepo('https://x-access-token:ghp_secretsecretsecret@github.com/acme/infra.git');
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir }).toString().trim();
    const clean = await readProvenance({ env: {}, cwd: dir, host: 'h' });
    expect(clean).toMatchObject({
      commit: head,
      branch: 'feature/audit',
      repository: 'https://github.com/acme/infra.git',
      uncommittedChanges: false,
    });
    expect(JSON.stringify(clean)).not.toContain('ghp_secret');
    writeFileSync(path.join(dir, 'main.tf'), 'resource "x" "z" {}\n');
    expect((await readProvenance({ env: {}, cwd: dir, host: 'h' })).uncommittedChanges).toBe(true);
    // Locally, the one who ran it is the operating system user.
    expect(clean.actor).toBe(os.userInfo().username);
  });

  it('reads a detached HEAD as a commit without a branch, and ignores untracked files', async () => {
    const dir = gitRepo('git@github.com:acme/infra.git');
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir }).toString().trim();
    execFileSync('git', ['checkout', '-q', '--detach'], { cwd: dir });
    writeFileSync(path.join(dir, 'untracked.tf'), 'resource "x" "u" {}\n');
    const p = await readProvenance({ env: {}, cwd: dir, host: 'h' });
    expect(p).toMatchObject({ commit: head, branch: null, repository: 'git@github.com:acme/infra.git' });
    expect(p.uncommittedChanges).toBe(false);
    expect(p.from.branch).toBeUndefined();
  });

  it('records no commit for a repository without one, and reads no remote it lacks', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'assay-prov-empty-'));
    dirs.push(dir);
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
    const p = await readProvenance({ env: {}, cwd: dir, host: 'h' });
    expect(p).toMatchObject({ commit: null, branch: null, repository: null });
    expect(p.uncommittedChanges).toBeUndefined();
  });

  it('strips user and password from URLs but keeps scp-like ssh addresses', () => {
    expect(withoutCredentials('https://token@github.com/a/b')).toBe('https://github.com/a/b');
    expect(withoutCredentials('git@github.com:a/b.git')).toBe('git@github.com:a/b.git');
  });
});
