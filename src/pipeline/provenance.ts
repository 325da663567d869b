// Where a run came from: repository, commit, branch, CI system and run, actor and host. Read from
// the variables CI systems set and, for a local checkout, from git (fixed arguments, no shell).
// A value found nowhere is recorded as unknown (null), never guessed; `from` names where each
// known value came from, so an auditor can weigh it.
import { execFile } from 'node:child_process';
import os from 'node:os';
import type { Provenance, ProvenanceField } from '../model/results.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** What one CI system states, read from its variables; a missing variable gives undefined. */
interface CiReading {
  system: string;
  values: Partial<Record<Exclude<ProvenanceField, 'ciSystem' | 'host'>, [value: string | undefined, from: string]>>;
}

const joinUrl = (...parts: (string | undefined)[]) =>
  parts.every((p) => p !== undefined && p !== '') ? parts.join('') : undefined;

/** The CI systems whose variables we read, each with the documented names of its variables. */
const CI_SYSTEMS: { detect: (env: Env) => boolean; read: (env: Env) => CiReading }[] = [
  {
    detect: (env) => env.GITHUB_ACTIONS === 'true',
    read: (env) => ({
      system: 'github-actions',
      values: {
        repository: [joinUrl(env.GITHUB_SERVER_URL, '/', env.GITHUB_REPOSITORY), 'GITHUB_SERVER_URL/GITHUB_REPOSITORY'],
        commit: [env.GITHUB_SHA, 'GITHUB_SHA'],
        // A pull request's ref name is "<n>/merge"; its branch is the head ref.
        branch: env.GITHUB_HEAD_REF
          ? [env.GITHUB_HEAD_REF, 'GITHUB_HEAD_REF']
          : [env.GITHUB_REF_NAME, 'GITHUB_REF_NAME'],
        runId: [joinUrl(env.GITHUB_RUN_ID, '/', env.GITHUB_RUN_ATTEMPT), 'GITHUB_RUN_ID/GITHUB_RUN_ATTEMPT'],
        runUrl: [
          joinUrl(env.GITHUB_SERVER_URL, '/', env.GITHUB_REPOSITORY, '/actions/runs/', env.GITHUB_RUN_ID),
          'GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/GITHUB_RUN_ID',
        ],
        actor: [env.GITHUB_TRIGGERING_ACTOR || env.GITHUB_ACTOR, 'GITHUB_TRIGGERING_ACTOR or GITHUB_ACTOR'],
      },
    }),
  },
  {
    detect: (env) => env.GITLAB_CI === 'true',
    read: (env) => ({
      system: 'gitlab-ci',
      values: {
        repository: [env.CI_PROJECT_URL, 'CI_PROJECT_URL'],
        commit: [env.CI_COMMIT_SHA, 'CI_COMMIT_SHA'],
        branch: env.CI_MERGE_REQUEST_SOURCE_BRANCH_NAME
          ? [env.CI_MERGE_REQUEST_SOURCE_BRANCH_NAME, 'CI_MERGE_REQUEST_SOURCE_BRANCH_NAME']
          : [env.CI_COMMIT_BRANCH ?? env.CI_COMMIT_REF_NAME, 'CI_COMMIT_BRANCH or CI_COMMIT_REF_NAME'],
        runId: [env.CI_JOB_ID, 'CI_JOB_ID'],
        runUrl: [env.CI_JOB_URL, 'CI_JOB_URL'],
        actor: [env.GITLAB_USER_LOGIN, 'GITLAB_USER_LOGIN'],
      },
    }),
  },
  {
    detect: (env) => env.TF_BUILD?.toLowerCase() === 'true',
    read: (env) => ({
      system: 'azure-pipelines',
      values: {
        repository: [env.BUILD_REPOSITORY_URI, 'BUILD_REPOSITORY_URI'],
        commit: [env.BUILD_SOURCEVERSION, 'BUILD_SOURCEVERSION'],
        branch: env.SYSTEM_PULLREQUEST_SOURCEBRANCH
          ? [stripRefs(env.SYSTEM_PULLREQUEST_SOURCEBRANCH), 'SYSTEM_PULLREQUEST_SOURCEBRANCH']
          : [env.BUILD_SOURCEBRANCH && stripRefs(env.BUILD_SOURCEBRANCH), 'BUILD_SOURCEBRANCH'],
        runId: [env.BUILD_BUILDID, 'BUILD_BUILDID'],
        runUrl: [
          joinUrl(env.SYSTEM_COLLECTIONURI, env.SYSTEM_TEAMPROJECT, '/_build/results?buildId=', env.BUILD_BUILDID),
          'SYSTEM_COLLECTIONURI/SYSTEM_TEAMPROJECT/_build/results?buildId=BUILD_BUILDID',
        ],
        actor: [env.BUILD_REQUESTEDFOR, 'BUILD_REQUESTEDFOR'],
      },
    }),
  },
  {
    detect: (env) => env.JENKINS_URL !== undefined && env.BUILD_URL !== undefined,
    read: (env) => ({
      system: 'jenkins',
      values: {
        repository: [env.GIT_URL, 'GIT_URL'],
        commit: [env.GIT_COMMIT, 'GIT_COMMIT'],
        branch: env.BRANCH_NAME ? [env.BRANCH_NAME, 'BRANCH_NAME'] : [env.GIT_BRANCH, 'GIT_BRANCH'],
        runId: [env.BUILD_TAG ?? env.BUILD_NUMBER, 'BUILD_TAG or BUILD_NUMBER'],
        runUrl: [env.BUILD_URL, 'BUILD_URL'],
        // Set only by the build-user-vars plugin.
        actor: [env.BUILD_USER_ID, 'BUILD_USER_ID'],
      },
    }),
  },
  {
    detect: (env) => env.CIRCLECI === 'true',
    read: (env) => ({
      system: 'circleci',
      values: {
        repository: [env.CIRCLE_REPOSITORY_URL, 'CIRCLE_REPOSITORY_URL'],
        commit: [env.CIRCLE_SHA1, 'CIRCLE_SHA1'],
        branch: [env.CIRCLE_BRANCH, 'CIRCLE_BRANCH'],
        runId: [env.CIRCLE_WORKFLOW_JOB_ID ?? env.CIRCLE_BUILD_NUM, 'CIRCLE_WORKFLOW_JOB_ID or CIRCLE_BUILD_NUM'],
        runUrl: [env.CIRCLE_BUILD_URL, 'CIRCLE_BUILD_URL'],
        actor: [env.CIRCLE_USERNAME, 'CIRCLE_USERNAME'],
      },
    }),
  },
  {
    detect: (env) => env.BITBUCKET_BUILD_NUMBER !== undefined,
    read: (env) => ({
      system: 'bitbucket-pipelines',
      values: {
        repository: [env.BITBUCKET_GIT_HTTP_ORIGIN, 'BITBUCKET_GIT_HTTP_ORIGIN'],
        commit: [env.BITBUCKET_COMMIT, 'BITBUCKET_COMMIT'],
        branch: [env.BITBUCKET_BRANCH, 'BITBUCKET_BRANCH'],
        runId: [env.BITBUCKET_BUILD_NUMBER, 'BITBUCKET_BUILD_NUMBER'],
        runUrl: [
          joinUrl(env.BITBUCKET_GIT_HTTP_ORIGIN, '/pipelines/results/', env.BITBUCKET_BUILD_NUMBER),
          'BITBUCKET_GIT_HTTP_ORIGIN/pipelines/results/BITBUCKET_BUILD_NUMBER',
        ],
        actor: [env.BITBUCKET_STEP_TRIGGERER_UUID, 'BITBUCKET_STEP_TRIGGERER_UUID'],
      },
    }),
  },
];

function stripRefs(ref: string): string {
  return ref.replace(/^refs\/heads\//, '');
}

/** A repository address without user or password (a token in a clone URL is a secret). */
export function withoutCredentials(url: string): string {
  // scp-like "git@host:owner/repo" names an ssh user, not a secret: keep it.
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, '$1');
}

export interface ProvenanceOptions {
  env?: Env;
  /** The folder git is asked about (the scan root); default: the working directory. */
  cwd?: string;
  /** Read git at all (default true). */
  git?: boolean;
  /** The host name (default: os.hostname()); fixtures fix it. */
  host?: string;
}

/** git's answer with fixed arguments, or undefined when git is missing, fails or this is no checkout. */
function git(args: string[], cwd: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(
      'git',
      args,
      {
        cwd,
        encoding: 'utf8',
        timeout: 10_000,
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
      },
      (error, stdout) => {
        const out = error ? '' : stdout.trim();
        resolve(out === '' ? undefined : out);
      },
    );
  });
}

/**
 * Two questions, asked at once in child processes (a process costs the parent a fork, 5-10 ms of its
 * CPU): `git status` in its stable machine format gives the commit, the branch and whether tracked
 * files changed; `git config` the origin's address. A scan starts its run (and this) before collecting,
 * and reads the answers only when it builds the results, so git runs while it collects.
 */
async function gitReading(cwd: string): Promise<CiReading['values'] & { dirty?: [boolean, string] }> {
  const [status, remote] = await Promise.all([
    git(['status', '--porcelain=v2', '--branch', '--untracked-files=no'], cwd),
    git(['config', '--get', 'remote.origin.url'], cwd),
  ]);
  const lines = status?.split('\n') ?? [];
  const header = (name: string) => {
    const value = lines.find((line) => line.startsWith(`# branch.${name} `))?.slice(`# branch.${name} `.length);
    // `(initial)`: no commit yet; `(detached)`: HEAD names no branch.
    return value === undefined || value.startsWith('(') ? undefined : value;
  };
  const commit = header('oid');
  if (commit === undefined) return {};
  return {
    commit: [commit, 'git status --porcelain=v2 --branch (branch.oid)'],
    branch: [header('head'), 'git status --porcelain=v2 --branch (branch.head)'],
    repository: [remote, 'git config remote.origin.url'],
    dirty: [lines.some((line) => line !== '' && !line.startsWith('#')), 'git status --porcelain=v2'],
  };
}

export async function readProvenance(options: ProvenanceOptions = {}): Promise<Provenance> {
  const env = options.env ?? process.env;
  const ci = CI_SYSTEMS.find((system) => system.detect(env))?.read(env);
  const local = options.git === false ? {} : await gitReading(options.cwd ?? process.cwd());
  const provenance: Provenance = {
    repository: null,
    commit: null,
    branch: null,
    ciSystem: ci?.system ?? null,
    runId: null,
    runUrl: null,
    actor: null,
    host: null,
    from: {},
  };
  if (ci) provenance.from.ciSystem = 'environment';
  const take = (field: Exclude<ProvenanceField, 'ciSystem'>, reading?: [string | undefined, string]) => {
    if (provenance[field] !== null || reading?.[0] === undefined || reading[0].trim() === '') return;
    provenance[field] = reading[0].trim();
    provenance.from[field] = reading[1];
  };
  // The CI system's own statement first: in CI, git may see a detached merge commit.
  for (const field of ['repository', 'commit', 'branch', 'runId', 'runUrl', 'actor'] as const) {
    take(field, ci?.values[field]);
  }
  for (const field of ['repository', 'commit', 'branch'] as const) take(field, local[field]);
  // Uncommitted changes matter only when the commit came from this checkout.
  if (provenance.from.commit?.startsWith('git') && local.dirty) provenance.uncommittedChanges = local.dirty[0];
  if (!ci) take('actor', [localUser(), 'operating system user']);
  take('host', options.host === undefined ? [os.hostname(), 'os.hostname()'] : [options.host, 'given']);
  for (const field of ['repository', 'runUrl'] as const) {
    const value = provenance[field];
    if (value !== null) provenance[field] = withoutCredentials(value);
  }
  return provenance;
}

function localUser(): string | undefined {
  try {
    return os.userInfo().username;
  } catch {
    return undefined;
  }
}
